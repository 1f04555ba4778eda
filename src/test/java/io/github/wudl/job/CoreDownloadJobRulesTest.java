package io.github.wudl.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.wua.DownloadJob;
import io.github.wudl.wua.DownloadPhase;
import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateDownloadResult;
import io.github.wudl.wua.WuaException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The core's own rules, driven by a JobWork the test controls: what no real backend triggers on demand
 * (a second completion, progress after the completion, reports before attach, interrupts, a failing CleanUp).
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CoreDownloadJobRulesTest {
    static final DownloadProgress P = new DownloadProgress(
            0,
            DownloadPhase.Downloading,
            1,
            2,
            50,
            50,
            1,
            2,
            List.of(UpdateDownloadResult.of(0, OperationResultCode.InProgress)));
    static final DownloadResult OK = new DownloadResult(
            0, OperationResultCode.Succeeded, List.of(UpdateDownloadResult.of(0, OperationResultCode.Succeeded)));

    static final class Work implements JobWork {
        CoreDownloadJob job;
        volatile boolean endedSilently;
        volatile boolean cleanUpThrows;
        final AtomicInteger released = new AtomicInteger();

        @Override
        public DownloadProgress progress() {
            return P;
        }

        @Override
        public void requestAbort() {
            job.completed(P);
        }

        @Override
        public DownloadResult result() {
            return OK;
        }

        @Override
        public boolean completedWithoutNotice() {
            return endedSilently;
        }

        @Override
        public void cleanUp() {
            if (cleanUpThrows) {
                throw new IllegalStateException("the backend's CleanUp failed");
            }
        }

        @Override
        public void released() {
            released.incrementAndGet();
        }
    }

    static final class Downloader extends CoreDownloader {
        final List<String> reported = new CopyOnWriteArrayList<>();
        volatile Work work;
        /** Runs inside start(), before it returns (the job is not attached yet). */
        volatile Consumer<CoreDownloadJob> duringStart = j -> {};

        volatile RuntimeException startFails;

        Downloader() {
            super("test");
            UpdateCollection c = new UpdateCollection();
            c.add((Update) Proxy.newProxyInstance(
                    Update.class.getClassLoader(), new Class<?>[] {Update.class}, (p, m, a) -> switch (m.getName()) {
                        case "hashCode" -> 1;
                        case "equals" -> p == a[0];
                        default -> m.getName();
                    }));
            setUpdates(c);
        }

        @Override
        protected boolean lockedDown() {
            return false;
        }

        @Override
        protected void checkUpdate(int index, Update update, DownloadType type) {}

        @Override
        protected JobWork start(CoreDownloadJob job, DownloadType type, List<Update> updates) {
            Work w = new Work();
            w.job = job;
            work = w;
            duringStart.accept(job);
            if (startFails != null) {
                throw startFails;
            }
            return w;
        }

        @Override
        protected BiConsumer<String, Throwable> callbackErrorReporter() {
            return (what, e) -> reported.add(what + ": " + e);
        }
    }

    @Test
    void aSecondCompletionIsIgnored() throws Exception {
        Downloader d = new Downloader();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        DownloadJob job = d.beginDownload((j, a) -> events.add("P"), (j, a) -> events.add("C"), null);
        CompletableFuture<Void> other = CompletableFuture.runAsync(() -> d.work.job.completed(null));
        d.work.job.completed(P);
        other.get();
        d.endDownload(job); // from another thread: returns once the completed callback has run
        assertEquals(1, events.stream().filter("C"::equals).count(), events.toString());
        assertEquals("C", List.copyOf(events).get(events.size() - 1), events.toString());
    }

    @Test
    void progressReportedAfterTheCompletionIsDropped() throws Exception {
        Downloader d = new Downloader();
        BlockingQueue<String> events = new LinkedBlockingQueue<>();
        DownloadJob job = d.beginDownload((j, a) -> events.add("P"), (j, a) -> events.add("C"), null);
        d.work.job.completed(P);
        d.work.job.progressed(P); // a late report: WUA's RPC threads race, the ticker fires once more
        d.work.job.progressDue(() -> P);
        d.endDownload(job);
        assertEquals(List.of("P", "C"), List.copyOf(events));
        assertEquals(List.of(), d.reported);
    }

    @Test
    void aCallbackCanUseTheJobEvenWhenTheWorkReportedBeforeBeginReturned() throws Exception {
        Downloader d = new Downloader();
        BlockingQueue<Object> seen = new LinkedBlockingQueue<>();
        CountDownLatch ran = new CountDownLatch(1);
        boolean[] ranBeforeAttach = new boolean[1];
        d.duringStart = j -> {
            j.progressed(P);
            try {
                // Begin is slow to return; the callback thread is free meanwhile, and must still wait
                ranBeforeAttach[0] = ran.await(300, TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        };
        DownloadJob job = d.beginDownload(
                (j, a) -> {
                    ran.countDown();
                    seen.add(j.getProgress());
                },
                (j, a) -> {},
                null);
        assertSame(P, seen.poll(10, TimeUnit.SECONDS), "GetProgress inside the first callback: " + d.reported);
        assertFalse(ranBeforeAttach[0], "no callback before Begin attached the work");
        job.requestAbort();
        d.endDownload(job);
    }

    @Test
    void endDownloadInsideAProgressCallbackReturnsOnceTheWorkCompleted() throws Exception {
        Downloader d = new Downloader();
        BlockingQueue<Object> q = new LinkedBlockingQueue<>();
        CountDownLatch inside = new CountDownLatch(1);
        DownloadJob job = d.beginDownload(
                (j, a) -> {
                    inside.countDown();
                    q.add(d.endDownload(j));
                },
                (j, a) -> q.add("C"),
                new Object());
        d.work.job.progressed(P);
        assertTrue(inside.await(10, TimeUnit.SECONDS));
        d.work.job.completed(null);
        assertSame(OK, q.poll(10, TimeUnit.SECONDS));
        assertEquals("C", q.poll(10, TimeUnit.SECONDS));
        assertNull(job.asyncState());
    }

    /** Bug: the first EndDownload marks the job ended before it waits; its interruption loses the result. */
    @Test
    void anInterruptedEndDownloadCanBeRepeated() throws Exception {
        Downloader d = new Downloader();
        DownloadJob job = d.beginDownload((j, a) -> {}, (j, a) -> {}, new Object());
        CompletableFuture<Object> first = new CompletableFuture<>();
        Thread t = new Thread(() -> {
            try {
                first.complete(d.endDownload(job));
            } catch (RuntimeException e) {
                first.complete(e);
            }
        });
        t.start();
        t.interrupt(); // before or during its wait: either way the wait is cancelled
        t.join();
        WuaException cancelled = (WuaException) first.get();
        assertEquals(HResult.WU_E_CALL_CANCELLED.code(), cancelled.hresult());
        d.work.job.completed(P);
        assertSame(OK, d.endDownload(job), "the interrupted EndDownload did not end the job");
        assertNull(job.asyncState());
        assertEquals(1, d.work.released.get());
    }

    /** Bug: CountDownLatch.await throws on a set interrupt flag even when the latch is open (DownloadRunner.awaitEnd). */
    @Test
    void endDownloadOfAFinishedJobReturnsItsResultDespiteAPendingInterrupt() throws Exception {
        Downloader d = new Downloader();
        DownloadJob job = d.beginDownload((j, a) -> {}, (j, a) -> {}, null);
        d.work.job.completed(P);
        assertTrue(job.awaitCompletion(Duration.ofSeconds(10)));
        Thread.currentThread().interrupt(); // what awaitEnd restores after it aborted on an interrupt
        try {
            assertSame(OK, d.endDownload(job));
        } finally {
            Thread.interrupted();
        }
    }

    @Test
    void aFailingBackendCleanUpStillLetsGoOfTheCallbacks() throws Exception {
        Downloader d = new Downloader();
        DownloadJob job = d.beginDownload((j, a) -> {}, (j, a) -> {}, null);
        d.work.cleanUpThrows = true;
        d.work.job.completed(P);
        assertThrows(IllegalStateException.class, job::cleanUp);
        assertEquals(1, d.work.released.get(), "released() after a failing JobWork.cleanUp()");
    }

    /** The script host waits in its own event loop, never in the core: a lost completion must still arrive. */
    @Test
    void aCompletionTheWorkNeverAnnouncedArrivesWithoutAWaiterInTheCore() throws Exception {
        Downloader d = new Downloader();
        CountDownLatch completed = new CountDownLatch(1);
        DownloadJob job = d.beginDownload((j, a) -> {}, (j, a) -> completed.countDown(), null);
        d.work.endedSilently = true;
        assertTrue(job.isCompleted());
        assertTrue(completed.await(12, TimeUnit.SECONDS), "IsCompleted is true, the completed callback never came");
    }

    @Test
    void awaitCompletionTakesAnyDuration() throws Exception {
        Downloader d = new Downloader();
        DownloadJob job = d.beginDownload((j, a) -> {}, (j, a) -> {}, null);
        d.work.job.completed(P);
        assertTrue(job.awaitCompletion(Duration.ofDays(365L * 300)));
    }

    @Test
    void aReportToAnAbandonedJobDoesNotThrowIntoTheReportingThread() {
        Downloader d = new Downloader();
        CoreDownloadJob[] job = new CoreDownloadJob[1];
        d.duringStart = j -> job[0] = j;
        d.startFails = new WuaException(HResult.WU_E_CALL_CANCELLED, "interrupted while waiting for a COM call");
        assertThrows(WuaException.class, () -> d.beginDownload((j, a) -> {}, (j, a) -> {}, null));
        job[0].progressed(P); // WUA began on the COM thread after all and reports
        job[0].completed(P);
    }
}
