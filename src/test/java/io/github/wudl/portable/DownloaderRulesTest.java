package io.github.wudl.portable;

import static io.github.wudl.portable.Fixture.withFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.wua.DownloadJob;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateDownloader;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WuaException;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/**
 * The portable backend's own side of SPEC §1, against a real local server: callbacks that never overlap even
 * when slow, an abort that keeps the partial file, the overall result from the updates' results. The rules
 * every backend shares are in {@link io.github.wudl.job.DownloaderContractTest} ({@link
 * PortableDownloaderContractTest}).
 */
class DownloaderRulesTest extends FixtureTest {
    private static void expect(HResult code, Runnable call) {
        WuaException e = assertThrows(WuaException.class, call::run);
        assertEquals(code.code(), e.hresult(), e.getMessage());
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
        DownloadJob job = d.beginDownload(
                slow,
                (j, a) -> {
                    int n = inside.incrementAndGet();
                    maxInside.accumulateAndGet(n, Math::max);
                    inside.decrementAndGet();
                },
                null);
        assertEquals(OperationResultCode.Succeeded, d.endDownload(job).resultCode());
        assertTrue(calls.get() >= 1);
        assertEquals(1, maxInside.get());
    }

    @Test
    void requestAbortEndsPromptlyWithAbortedAndKeepsThePartialFile() throws Exception {
        fx.update("Big", u -> withFiles(u, fx.file("big.bin", 50_000_000)));
        fx.update("Other", u -> withFiles(u, fx.file("other.bin", 50_000_000)));
        fx.server.faults("/content/big.bin").throttle(2_000_000);
        fx.server.faults("/content/other.bin").throttle(2_000_000);
        UpdateSession s = fx.session(fx.options().parallel(1).build());
        UpdateDownloader d = Fixture.downloaderFor(s);
        DownloadJob job = d.beginDownload((j, a) -> {}, (j, a) -> {}, null);
        assertTrue(fx.server.awaitSent("/content/big.bin", 300_000, Duration.ofSeconds(20)));
        job.requestAbort();
        assertTrue(job.awaitCompletion(Duration.ofSeconds(10)), "abort ends the job promptly");
        DownloadResult r = d.endDownload(job);
        assertEquals(OperationResultCode.Aborted, r.resultCode());
        assertEquals(HResult.WU_E_CALL_CANCELLED.code(), r.hResult());
        for (int i = 0; i < 2; i++) {
            assertEquals(OperationResultCode.Aborted, r.getUpdateResult(i).resultCode());
            assertEquals(
                    HResult.WU_E_CALL_CANCELLED.code(), r.getUpdateResult(i).hResult());
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
        assertTrue(
                r.getUpdateResult(1).message().contains("missing.bin"),
                r.getUpdateResult(1).message());

        UpdateCollection onlyMissing = new UpdateCollection();
        onlyMissing.add(d.updates().item(1));
        d.setUpdates(onlyMissing);
        DownloadResult failed = d.download();
        assertEquals(OperationResultCode.Failed, failed.resultCode());
        assertEquals(0x80244019, failed.hResult());
        expect(HResult.WU_E_INVALIDINDEX, () -> failed.getUpdateResult(1));
    }
}
