package io.github.wudl.job;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.wudl.wua.DownloadJob;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateDownloadResult;
import io.github.wudl.wua.UpdateDownloader;
import io.github.wudl.wua.WuaException;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The rules of SPEC §1 for BeginDownload, BeginDownload2, EndDownload and the job, which every backend passes
 * by a subclass that supplies its {@link ContractBackend}. A rule a backend leaves to WUA itself (the COM
 * backend and bootstrappers) is skipped by that backend's fixture saying so, never weakened here.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
public abstract class DownloaderContractTest {
    /** What a backend gives the contract: downloaders in the states the rules need. */
    public interface ContractBackend extends AutoCloseable {
        /** A downloader whose Updates are two updates that download on their own and succeed. */
        UpdateDownloader quick() throws Exception;

        /** A downloader whose Updates are two updates whose download goes on until RequestAbort. */
        UpdateDownloader held() throws Exception;

        /** A downloader of a locked-down session, its Updates set to two good updates. */
        UpdateDownloader lockedDown() throws Exception;

        /** A downloader of this backend with Updates not set. */
        UpdateDownloader unset() throws Exception;

        /** A downloader whose Updates hold an update without a bootstrapper; null: the backend leaves it to WUA. */
        UpdateDownloader withoutBootstrapper() throws Exception;

        /** The names of the callbacks whose exceptions the backend's reporter was told of, so far. */
        List<String> reported();

        @Override
        void close();
    }

    /** The backend under test; called once per test. */
    protected abstract ContractBackend backend() throws Exception;

    private ContractBackend b;
    private final List<DownloadJob> begun = new ArrayList<>();

    @BeforeEach
    void open() throws Exception {
        b = backend();
    }

    @AfterEach
    void close() throws Exception {
        for (DownloadJob j : begun) {
            if (!j.isCompleted()) {
                j.requestAbort();
            }
        }
        b.close();
    }

    /** Callbacks that record what arrives, in order, and on which thread. */
    static final class DownloadJobCallbacks {
        final List<String> events = new CopyOnWriteArrayList<>();
        final Set<String> threads = ConcurrentHashMap.newKeySet();
        final AtomicInteger inside = new AtomicInteger();
        final AtomicInteger overlap = new AtomicInteger();
        final CountDownLatch completed = new CountDownLatch(1);
        volatile boolean completedSawIsCompleted;
        volatile boolean completedReturned;

        void enter() {
            threads.add(Thread.currentThread().getName());
            if (inside.incrementAndGet() > 1) {
                overlap.incrementAndGet();
            }
        }
    }

    private DownloadJob begin(UpdateDownloader d, DownloadJobCallbacks c, Object state) {
        DownloadJob job = d.beginDownload(
                (j, a) -> {
                    c.enter();
                    try {
                        c.events.add("P");
                    } finally {
                        c.inside.decrementAndGet();
                    }
                },
                (j, a) -> {
                    c.enter();
                    try {
                        c.completedSawIsCompleted = j.isCompleted();
                        c.events.add("C");
                    } finally {
                        c.inside.decrementAndGet();
                        c.completedReturned = true;
                        c.completed.countDown();
                    }
                },
                state);
        begun.add(job);
        return job;
    }

    private static void expect(HResult code, Runnable call) {
        WuaException e = assertThrows(WuaException.class, call::run);
        assertEquals(code.code(), e.hresult(), e.getMessage());
    }

    private static Update foreign() {
        return (Update) Proxy.newProxyInstance(
                Update.class.getClassLoader(),
                new Class<?>[] {Update.class},
                (p, m, a) -> m.getName().equals("toString")
                        ? "a foreign update"
                        : m.getName().equals("title") ? "Foreign" : null);
    }

    @Test
    void beginReturnsAtOnceWhileTheWorkRunsElsewhere() throws Exception {
        DownloadJob job = begin(b.held(), new DownloadJobCallbacks(), null);
        assertFalse(job.isCompleted(), "a held download is still running when Begin returns");
        job.requestAbort();
        assertTrue(job.awaitCompletion(Duration.ofSeconds(30)));
    }

    @Test
    void unsetOrEmptyUpdatesIsNoUpdate() throws Exception {
        UpdateDownloader d = b.unset();
        expect(HResult.WU_E_NO_UPDATE, () -> d.beginDownload((j, a) -> {}, (j, a) -> {}, null));
        d.setUpdates(new UpdateCollection());
        expect(HResult.WU_E_NO_UPDATE, () -> d.beginDownload2(DownloadType.Full, (j, a) -> {}, (j, a) -> {}, null));
        expect(HResult.WU_E_NO_UPDATE, d::download);
    }

    @Test
    void aBootstrapperDownloadOfAnUpdateWithoutOneIsNotSupported() throws Exception {
        UpdateDownloader d = b.withoutBootstrapper();
        assumeTrue(d != null, "this backend leaves the bootstrapper check to WUA");
        expect(
                HResult.WU_E_NOT_SUPPORTED,
                () -> d.beginDownload2(DownloadType.UpdateBootstrapper, (j, a) -> {}, (j, a) -> {}, null));
    }

    @Test
    void aLockedDownSessionIsInvalidOperation() throws Exception {
        UpdateDownloader d = b.lockedDown();
        expect(HResult.WU_E_INVALID_OPERATION, () -> d.beginDownload((j, a) -> {}, (j, a) -> {}, null));
    }

    @Test
    void nullArgumentsAreRefusedInParameterOrderBeforeTheDownloadersState() throws Exception {
        UpdateDownloader unset = b.unset(); // also WU_E_NO_UPDATE: the arguments are checked first
        WuaException e = assertThrows(WuaException.class, () -> unset.beginDownload(null, (j, a) -> {}, null));
        assertEquals(HResult.DISP_E_TYPEMISMATCH.code(), e.hresult());
        assertTrue(
                e.getMessage().contains("onProgressChanged") && e.getMessage().contains("pass a"), e.getMessage());
        e = assertThrows(WuaException.class, () -> unset.beginDownload((j, a) -> {}, null, null));
        assertTrue(e.getMessage().contains("onCompleted"), e.getMessage());
        expect(HResult.E_INVALIDARG, () -> unset.beginDownload2(null, null, null, null));
        UpdateDownloader locked = b.lockedDown();
        expect(HResult.DISP_E_TYPEMISMATCH, () -> locked.beginDownload((j, a) -> {}, null, null));
    }

    @Test
    void anUpdateOfAnotherBackendIsInvalidArg() throws Exception {
        UpdateDownloader d = b.quick();
        UpdateCollection c = d.updates().copy();
        c.add(foreign());
        d.setUpdates(c);
        expect(HResult.E_INVALIDARG, () -> d.beginDownload((j, a) -> {}, (j, a) -> {}, null));
    }

    @Test
    void theJobsUpdatesAreAReadOnlySnapshotTakenAtBegin() throws Exception {
        UpdateDownloader d = b.quick();
        DownloadJob job = begin(d, new DownloadJobCallbacks(), null);
        int count = job.updates().count();
        d.updates().clear();
        assertEquals(count, job.updates().count(), "later changes to Updates do not reach the job");
        expect(HResult.WU_E_NOT_SUPPORTED, () -> job.updates().add(job.updates().item(0)));
        d.endDownload(job);
    }

    @Test
    void asyncStateKeepsItsIdentityAndIsReleasedByEndDownload() throws Exception {
        UpdateDownloader d = b.quick();
        List<String> state = new ArrayList<>();
        DownloadJob job = begin(d, new DownloadJobCallbacks(), state);
        assertSame(state, job.asyncState());
        state.add("still mutable");
        assertEquals(List.of("still mutable"), job.asyncState());
        d.endDownload(job);
        assertNull(job.asyncState(), "EndDownload releases AsyncState");
    }

    @Test
    void theCompletedCallbackComesOnceAfterTheLastProgressWithIsCompletedTrue() throws Exception {
        UpdateDownloader d = b.quick();
        DownloadJobCallbacks c = new DownloadJobCallbacks();
        DownloadJob job = begin(d, c, null);
        DownloadResult r = d.endDownload(job);
        assertEquals(OperationResultCode.Succeeded, r.resultCode());
        assertTrue(c.completedReturned, "EndDownload from another thread waits for the completed callback");
        List<String> events = new ArrayList<>(c.events);
        assertEquals("C", events.get(events.size() - 1), events.toString());
        assertEquals(1, events.stream().filter("C"::equals).count(), events.toString());
        assertTrue(c.completedSawIsCompleted, "IsCompleted is true inside the completed callback");
        assertEquals(0, c.overlap.get(), "callbacks of one job never overlap");
        assertEquals(1, c.threads.size(), "one callback thread per job: " + c.threads);
    }

    @Test
    void awaitCompletionIsTrueOnceTheCompletedCallbackHasRun() throws Exception {
        DownloadJobCallbacks c = new DownloadJobCallbacks();
        DownloadJob job = begin(b.quick(), c, null);
        assertTrue(job.awaitCompletion(Duration.ofSeconds(30)));
        assertTrue(c.completedReturned);
        assertTrue(job.isCompleted());
    }

    @Test
    void anExceptionACallbackThrowsIsReportedAndTheDownloadGoesOn() throws Exception {
        UpdateDownloader d = b.quick();
        DownloadJob job = d.beginDownload(
                (j, a) -> {
                    throw new IllegalStateException("progress fails");
                },
                (j, a) -> {
                    throw new IllegalStateException("completed fails");
                },
                null);
        begun.add(job);
        assertEquals(OperationResultCode.Succeeded, d.endDownload(job).resultCode());
        assertTrue(b.reported().contains("completed callback"), b.reported().toString());
    }

    @Test
    void endDownloadWorksFromAnyThreadOnceAndOnlyForItsOwnJobs() throws Exception {
        UpdateDownloader d = b.quick();
        UpdateDownloader other = b.quick();
        DownloadJob job = begin(d, new DownloadJobCallbacks(), null);
        expect(HResult.E_INVALIDARG, () -> other.endDownload(job));
        DownloadResult r =
                CompletableFuture.supplyAsync(() -> d.endDownload(job)).get(30, TimeUnit.SECONDS);
        assertEquals(OperationResultCode.Succeeded, r.resultCode());
        expect(HResult.WU_E_INVALID_OPERATION, () -> d.endDownload(job));
    }

    @Test
    void cleanUpWaitsForTheEndAndReleasesTheCallbacks() throws Exception {
        DownloadJobCallbacks c = new DownloadJobCallbacks();
        DownloadJob job = begin(b.quick(), c, null);
        assertEquals(HResult.S_OK.code(), job.cleanUp());
        assertTrue(c.completedReturned, "CleanUp waited for the completed callback");
    }

    @Test
    void cleanUpInsideACallbackIsMarkedForDisconnectAndNothingMoreArrives() throws Exception {
        UpdateDownloader d = b.held();
        CompletableFuture<Integer> code = new CompletableFuture<>();
        AtomicInteger after = new AtomicInteger();
        DownloadJob job = d.beginDownload(
                (j, a) -> {
                    if (code.isDone()) {
                        after.incrementAndGet();
                    } else {
                        code.complete(j.cleanUp());
                    }
                },
                (j, a) -> after.incrementAndGet(),
                null);
        begun.add(job);
        assertEquals(HResult.WU_S_MARKED_FOR_DISCONNECT.code(), code.get(30, TimeUnit.SECONDS));
        job.requestAbort();
        assertTrue(job.awaitCompletion(Duration.ofSeconds(30)));
        assertEquals(0, after.get(), "no callback after CleanUp");
    }

    @Test
    void waitsInsideACallbackDoNotDeadlock() throws Exception {
        UpdateDownloader d = b.held();
        CompletableFuture<Object> inside = new CompletableFuture<>();
        CountDownLatch completedCame = new CountDownLatch(1);
        DownloadJob job = d.beginDownload(
                (j, a) -> {
                    if (inside.isDone()) {
                        return;
                    }
                    try {
                        j.requestAbort();
                        // both wait only for the job's end here: the completed callback cannot run before this returns
                        boolean over = j.awaitCompletion(Duration.ofSeconds(30));
                        inside.complete(over ? d.endDownload(j) : "awaitCompletion timed out inside a callback");
                    } catch (InterruptedException | RuntimeException e) {
                        inside.complete(e);
                    }
                },
                (j, a) -> completedCame.countDown(),
                null);
        begun.add(job);
        Object r = inside.get(30, TimeUnit.SECONDS);
        assertTrue(r instanceof DownloadResult, String.valueOf(r));
        assertEquals(OperationResultCode.Aborted, ((DownloadResult) r).resultCode());
        assertTrue(completedCame.await(30, TimeUnit.SECONDS), "the completed callback still comes, after");
    }

    @Test
    void requestAbortEndsTheJobAbortedWithCallCancelled() throws Exception {
        UpdateDownloader d = b.held();
        DownloadJobCallbacks c = new DownloadJobCallbacks();
        DownloadJob job = begin(d, c, null);
        job.requestAbort();
        DownloadResult r = d.endDownload(job);
        assertEquals(OperationResultCode.Aborted, r.resultCode());
        for (UpdateDownloadResult u : r.updateResults()) {
            assertEquals(OperationResultCode.Aborted, u.resultCode());
            assertEquals(HResult.WU_E_CALL_CANCELLED.code(), u.hResult());
        }
        assertEquals(1, c.events.stream().filter("C"::equals).count(), "an aborted job still completes, once");
    }

    @Test
    void synchronousDownloadIsBeginAndEnd() throws Exception {
        assertEquals(OperationResultCode.Succeeded, b.quick().download().resultCode());
        assertEquals(
                OperationResultCode.Succeeded,
                b.quick().download2(DownloadType.Full).resultCode());
    }
}
