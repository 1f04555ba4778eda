package io.github.wudl.portable;

import static io.github.wudl.portable.Fixture.withFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.wua.DownloadJob;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateDownloader;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WuaException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;

/** The argument and lifecycle rules of SPEC §1, one test each, against a real local server. */
class DownloaderRulesTest extends FixtureTest {
    private static void expect(HResult code, Runnable call) {
        WuaException e = assertThrows(WuaException.class, call::run);
        assertEquals(code.code(), e.hresult(), e.getMessage());
    }

    @Test
    void beginReturnsAtOnceWhileTheWorkRunsElsewhere() throws Exception {
        fx.update("Stalled", u -> withFiles(u, fx.file("stalled.bin", 100_000)));
        fx.server.faults("/content/stalled.bin").stallAfter(1000);
        UpdateDownloader d = Fixture.downloaderFor(fx.session());
        DownloadJob job = d.beginDownload((j, a) -> { }, (j, a) -> { }, null);
        // the server will not finish this file until told: if Begin had done the work, we would not be here
        assertFalse(job.isCompleted());
        job.requestAbort();
        assertTrue(job.awaitCompletion(Duration.ofSeconds(20)));
        fx.server.releaseStalls();
    }

    @Test
    void unsetOrEmptyUpdatesIsNoUpdate() throws Exception {
        fx.update("A", u -> withFiles(u, fx.file("a.bin", 10)));
        UpdateDownloader d = fx.session().createUpdateDownloader();
        expect(HResult.WU_E_NO_UPDATE, () -> d.beginDownload((j, a) -> { }, (j, a) -> { }, null));
        d.setUpdates(new UpdateCollection());
        expect(HResult.WU_E_NO_UPDATE, () -> d.beginDownload((j, a) -> { }, (j, a) -> { }, null));
        expect(HResult.WU_E_NO_UPDATE, d::download);
    }

    @Test
    void bootstrapperDownloadOfUpdateWithoutOneIsNotSupported() throws Exception {
        fx.update("No bootstrapper", u -> withFiles(u, fx.file("a.bin", 10)));
        UpdateDownloader d = Fixture.downloaderFor(fx.session());
        expect(HResult.WU_E_NOT_SUPPORTED,
                () -> d.beginDownload2(DownloadType.UpdateBootstrapper, (j, a) -> { }, (j, a) -> { }, null));
    }

    @Test
    void lockedDownSessionIsInvalidOperation() throws Exception {
        fx.update("A", u -> withFiles(u, fx.file("a.bin", 10)));
        UpdateSession s = fx.session();
        UpdateDownloader d = Fixture.downloaderFor(s);
        s.lockDown();
        assertTrue(s.readOnly());
        expect(HResult.WU_E_INVALID_OPERATION, () -> d.beginDownload((j, a) -> { }, (j, a) -> { }, null));
    }

    @Test
    void nullCallbackIsTypeMismatchSayingWhatToPass() throws Exception {
        fx.update("A", u -> withFiles(u, fx.file("a.bin", 10)));
        UpdateDownloader d = Fixture.downloaderFor(fx.session());
        WuaException e = assertThrows(WuaException.class, () -> d.beginDownload(null, (j, a) -> { }, null));
        assertEquals(0x80020005, e.hresult());
        assertTrue(e.getMessage().contains("pass a callback"), e.getMessage());
        expect(HResult.DISP_E_TYPEMISMATCH, () -> d.beginDownload((j, a) -> { }, null, null));
    }

    @Test
    void jobUpdatesIsAReadOnlySnapshotTakenAtBegin() throws Exception {
        fx.update("A", u -> withFiles(u, fx.file("a.bin", 1000)));
        fx.update("B", u -> withFiles(u, fx.file("b.bin", 1000)));
        UpdateDownloader d = Fixture.downloaderFor(fx.session());
        DownloadJob job = d.beginDownload((j, a) -> { }, (j, a) -> { }, null);
        d.updates().removeAt(0);
        assertEquals(2, job.updates().count(), "later changes to the downloader's collection do not reach the job");
        assertTrue(job.updates().readOnly());
        expect(HResult.WU_E_NOT_SUPPORTED, () -> job.updates().add(d.updates().item(0)));
        d.endDownload(job);
    }

    @Test
    void asyncStateKeepsIdentityStaysMutableAndIsReleasedByEndDownload() throws Exception {
        fx.update("A", u -> withFiles(u, fx.file("a.bin", 1000)));
        UpdateDownloader d = Fixture.downloaderFor(fx.session());
        Map<String, Object> state = new ConcurrentHashMap<>();
        AtomicReference<Object> seenInCallback = new AtomicReference<>();
        DownloadJob job = d.beginDownload((j, a) -> { }, (j, a) -> {
            seenInCallback.set(j.asyncState());
            ((Map<String, Object>) j.asyncState()).put("done", true);
        }, state);
        assertSame(state, job.asyncState());
        DownloadResult r = d.endDownload(job);
        assertEquals(OperationResultCode.Succeeded, r.resultCode());
        assertSame(state, seenInCallback.get());
        assertEquals(true, state.get("done"), "its contents stay mutable");
        assertNull(job.asyncState(), "EndDownload releases the state");
    }

    @Test
    void completedArrivesOnceAfterTheLastProgressWithIsCompletedTrue() throws Exception {
        fx.update("A", u -> withFiles(u, fx.file("a.bin", 300_000)));
        fx.update("B", u -> withFiles(u, fx.file("b.bin", 300_000)));
        fx.server.faults("/content/a.bin").throttle(1_000_000);
        UpdateDownloader d = Fixture.downloaderFor(fx.session());
        List<String> events = Collections.synchronizedList(new ArrayList<>());
        AtomicReference<Boolean> completedInside = new AtomicReference<>();
        CountDownLatch done = new CountDownLatch(1);
        DownloadJob job = d.beginDownload((j, a) -> events.add("progress"), (j, a) -> {
            events.add("completed");
            completedInside.set(j.isCompleted());
            done.countDown();
        }, null);
        assertTrue(done.await(30, TimeUnit.SECONDS));
        d.endDownload(job);
        assertEquals(1, events.stream().filter("completed"::equals).count());
        assertEquals("completed", events.get(events.size() - 1), "nothing after completion: " + events);
        assertTrue(events.size() >= 2, "at least one progress callback before completion: " + events);
        assertTrue(completedInside.get());
    }

    @Test
    void callbacksOfOneJobNeverOverlap() throws Exception {
        for (int i = 0; i < 6; i++) {
            String name = "f" + i + ".bin";
            fx.update("U" + i, u -> withFiles(u, fx.file(name, 200_000)));
            fx.server.faults("/content/" + name).throttle(2_000_000);
        }
        UpdateDownloader d = Fixture.downloaderFor(fx.session());
        AtomicInteger inside = new AtomicInteger();
        AtomicInteger maxInside = new AtomicInteger();
        AtomicInteger calls = new AtomicInteger();
        io.github.wudl.wua.DownloadProgressChangedCallback slow = (j, a) -> {
            int n = inside.incrementAndGet();
            maxInside.accumulateAndGet(n, Math::max);
            calls.incrementAndGet();
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(15); // occupy the callback for a while
            while (System.nanoTime() < until) {
                Thread.onSpinWait();
            }
            inside.decrementAndGet();
        };
        DownloadJob job = d.beginDownload(slow, (j, a) -> {
            int n = inside.incrementAndGet();
            maxInside.accumulateAndGet(n, Math::max);
            inside.decrementAndGet();
        }, null);
        assertEquals(OperationResultCode.Succeeded, d.endDownload(job).resultCode());
        assertTrue(calls.get() >= 1);
        assertEquals(1, maxInside.get());
    }

    @Test
    void aThrowingCallbackIsReportedAndTheDownloadGoesOn() throws Exception {
        fx.update("A", u -> withFiles(u, fx.file("a.bin", 200_000)));
        List<String> reported = Collections.synchronizedList(new ArrayList<>());
        UpdateSession s = fx.session(fx.options().callbackErrorReporter((what, e) -> reported.add(what + ": " + e.getMessage())).build());
        UpdateDownloader d = Fixture.downloaderFor(s);
        DownloadJob job = d.beginDownload((j, a) -> {
            throw new IllegalStateException("boom in progress");
        }, (j, a) -> {
            throw new IllegalStateException("boom in completed");
        }, null);
        DownloadResult r = d.endDownload(job);
        assertEquals(OperationResultCode.Succeeded, r.resultCode());
        assertTrue(reported.stream().anyMatch(x -> x.contains("boom in progress")), reported.toString());
        assertTrue(reported.stream().anyMatch(x -> x.contains("completed callback: boom in completed")), reported.toString());
    }

    @Test
    void secondEndDownloadIsInvalidOperation() throws Exception {
        fx.update("A", u -> withFiles(u, fx.file("a.bin", 10)));
        UpdateDownloader d = Fixture.downloaderFor(fx.session());
        DownloadJob job = d.beginDownload((j, a) -> { }, (j, a) -> { }, null);
        d.endDownload(job);
        expect(HResult.WU_E_INVALID_OPERATION, () -> d.endDownload(job));
    }

    @Test
    void endDownloadWorksFromAnotherThread() throws Exception {
        fx.update("A", u -> withFiles(u, fx.file("a.bin", 100_000)));
        UpdateDownloader d = Fixture.downloaderFor(fx.session());
        DownloadJob job = d.beginDownload((j, a) -> { }, (j, a) -> { }, null);
        AtomicReference<DownloadResult> r = new AtomicReference<>();
        Thread t = new Thread(() -> r.set(d.endDownload(job)), "other-thread");
        t.start();
        t.join(30_000);
        assertEquals(OperationResultCode.Succeeded, r.get().resultCode());
    }

    @Test
    void cleanUpFromInsideACallbackDoesNotDeadlockAndReleasesCallbacks() throws Exception {
        fx.update("A", u -> withFiles(u, fx.file("a.bin", 400_000)));
        fx.server.faults("/content/a.bin").throttle(2_000_000);
        UpdateDownloader d = Fixture.downloaderFor(fx.session());
        AtomicInteger cleanUpResult = new AtomicInteger(-1);
        AtomicInteger progressCalls = new AtomicInteger();
        AtomicInteger completedCalls = new AtomicInteger();
        DownloadJob job = d.beginDownload((j, a) -> {
            if (progressCalls.incrementAndGet() == 1) {
                cleanUpResult.set(j.cleanUp());
            }
        }, (j, a) -> completedCalls.incrementAndGet(), null);
        assertEquals(OperationResultCode.Succeeded, d.endDownload(job).resultCode());
        assertEquals(HResult.WU_S_MARKED_FOR_DISCONNECT.code(), cleanUpResult.get());
        assertEquals(1, progressCalls.get(), "no callback after CleanUp released them");
        assertEquals(0, completedCalls.get());
        assertEquals(HResult.S_OK.code(), job.cleanUp(), "CleanUp outside callbacks waits and returns S_OK");
    }

    @Test
    void requestAbortEndsPromptlyWithAbortedAndKeepsThePartialFile() throws Exception {
        fx.update("Big", u -> withFiles(u, fx.file("big.bin", 50_000_000)));
        fx.update("Other", u -> withFiles(u, fx.file("other.bin", 50_000_000)));
        fx.server.faults("/content/big.bin").throttle(2_000_000);
        fx.server.faults("/content/other.bin").throttle(2_000_000);
        UpdateSession s = fx.session(fx.options().parallel(1).build());
        UpdateDownloader d = Fixture.downloaderFor(s);
        DownloadJob job = d.beginDownload((j, a) -> { }, (j, a) -> { }, null);
        assertTrue(fx.server.awaitSent("/content/big.bin", 300_000, Duration.ofSeconds(20)));
        job.requestAbort();
        assertTrue(job.awaitCompletion(Duration.ofSeconds(10)), "abort ends the job promptly");
        DownloadResult r = d.endDownload(job);
        assertEquals(OperationResultCode.Aborted, r.resultCode());
        assertEquals(HResult.WU_E_CALL_CANCELLED.code(), r.hResult());
        for (int i = 0; i < 2; i++) {
            assertEquals(OperationResultCode.Aborted, r.getUpdateResult(i).resultCode());
            assertEquals(HResult.WU_E_CALL_CANCELLED.code(), r.getUpdateResult(i).hResult());
        }
        try (var partials = java.nio.file.Files.list(fx.cache.resolve("partial"))) {
            assertTrue(partials.anyMatch(p -> p.toString().endsWith(".part")), "partial data stays resumable");
        }
    }

    @Test
    void overallResultCodeFollowsPerUpdateResults() throws Exception {
        fx.update("Good", u -> withFiles(u, fx.file("good.bin", 1000)));
        fx.update("Missing", u -> withFiles(u, fx.missingFile("missing.bin")));
        UpdateDownloader d = Fixture.downloaderFor(fx.session());
        DownloadResult r = d.download();
        assertEquals(OperationResultCode.SucceededWithErrors, r.resultCode());
        assertEquals(OperationResultCode.Succeeded, r.getUpdateResult(0).resultCode());
        assertEquals(OperationResultCode.Failed, r.getUpdateResult(1).resultCode());
        assertEquals(0x80244019, r.getUpdateResult(1).hResult());
        assertTrue(r.getUpdateResult(1).message().contains("missing.bin"), r.getUpdateResult(1).message());

        UpdateCollection onlyMissing = new UpdateCollection();
        onlyMissing.add(d.updates().item(1));
        d.setUpdates(onlyMissing);
        DownloadResult failed = d.download();
        assertEquals(OperationResultCode.Failed, failed.resultCode());
        assertEquals(0x80244019, failed.hResult());
        expect(HResult.WU_E_INVALIDINDEX, () -> failed.getUpdateResult(1));
    }
}
