package io.github.wudl.portable;

import static io.github.wudl.portable.Fixture.withFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wudl.transfer.TransferConfig;
import io.github.wudl.wua.DownloadCompletedCallback;
import io.github.wudl.wua.DownloadJob;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.DownloadProgressChangedCallback;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadedFile;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.SearchResult;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateDownloader;
import io.github.wudl.wua.UpdateSession;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Two download jobs of one session share its transfer scheduler: a file both want is fetched once, the cap on
 * files in flight holds across them, and aborting one leaves the other's share of a common transfer running.
 *
 * <p>The server holds responses after some bytes ({@code holdAfter}) so transfers stay in flight for as long
 * as a test needs. That the second job has handed every file to the scheduler is seen, without timing, by its
 * last file being one the first job is already fetching: the shared transfer's bytes show in its progress.
 */
class SharedSchedulerTest extends FixtureTest {
    private static final long SIZE = 400_000;
    /** Held after 8 buffers of {@link #options()}: the client has reported them (it reports every 64 KiB). */
    private static final long HELD_AT = 128 * 1024;

    private static final DownloadCompletedCallback NONE = (j, a) -> {};

    /** Long stall timeout: a held response must not look stalled while a test waits. */
    private PortableOptions.Builder options() {
        return fx.options()
                .transferConfig(TransferConfig.builder()
                        .backoff(Duration.ofMillis(5), Duration.ofMillis(50))
                        .stallTimeout(Duration.ofSeconds(45))
                        .bufferSize(16 * 1024) // a read that fills its buffer before the hold is reported at once
                        .build());
    }

    /** A downloader of {@code session} over the updates at {@code indexes} (catalog order). */
    private static UpdateDownloader downloader(UpdateSession session, DownloadPriority priority, int... indexes) {
        SearchResult found = session.createUpdateSearcher().search("IsInstalled=0");
        UpdateCollection c = new UpdateCollection();
        for (int i : indexes) {
            c.add(found.updates().item(i));
        }
        UpdateDownloader d = session.createUpdateDownloader();
        d.setUpdates(c);
        d.setPriority(priority);
        return d;
    }

    /** A progress callback that opens {@code latch} once the job reports a downloaded byte. */
    private static DownloadProgressChangedCallback onFirstByte(CountDownLatch latch) {
        return (j, a) -> {
            if (a.progress().totalBytesDownloaded() > 0) {
                latch.countDown();
            }
        };
    }

    /** Two jobs of one session, A then B, over updates sharing one file; both are under way, the file held. */
    private record Joined(UpdateDownloader da, UpdateDownloader db, DownloadJob a, DownloadJob b) {}

    /**
     * A begins and the file's response is held after {@link #HELD_AT} bytes; then B begins and has seen bytes
     * of the same transfer.
     */
    private Joined twoJobsOnAHeldSharedFile() throws Exception {
        ObjectNode shared = fx.file("shared.bin", SIZE);
        fx.update("A", u -> withFiles(u, shared.deepCopy()));
        fx.update("B", u -> withFiles(u, shared.deepCopy()));
        fx.server.faults("/content/shared.bin").holdAfter(HELD_AT);
        CountDownLatch held = fx.server.whenSent("/content/shared.bin", HELD_AT);
        UpdateSession s = fx.session(options().build());
        UpdateDownloader da = downloader(s, DownloadPriority.Normal, 0);
        UpdateDownloader db = downloader(s, DownloadPriority.Normal, 1);

        DownloadJob a = da.beginDownload((j, x) -> {}, NONE, null);
        assertTrue(held.await(20, TimeUnit.SECONDS));
        CountDownLatch bSeesBytes = new CountDownLatch(1);
        DownloadJob b = db.beginDownload(onFirstByte(bSeesBytes), NONE, null);
        assertTrue(bSeesBytes.await(20, TimeUnit.SECONDS), "the second job joins the transfer under way");
        return new Joined(da, db, a, b);
    }

    private static void assertSucceeded(DownloadResult r) {
        assertEquals(OperationResultCode.Succeeded, r.resultCode(), () -> r.toString());
    }

    @Test
    void aFileTwoJobsShareIsFetchedOnceAndBothGetIt() throws Exception {
        // before one scheduler per session, B's own transferer waited for the file's lock with nothing to show
        Joined j = twoJobsOnAHeldSharedFile();
        UpdateDownloader da = j.da();
        UpdateDownloader db = j.db();
        DownloadJob a = j.a();
        DownloadJob b = j.b();
        fx.server.faults("/content/shared.bin").releaseHolds();

        DownloadResult ra = da.endDownload(a);
        DownloadResult rb = db.endDownload(b);
        assertSucceeded(ra);
        assertSucceeded(rb);
        DownloadedFile fa = ra.getUpdateResult(0).files().get(0);
        DownloadedFile fb = rb.getUpdateResult(0).files().get(0);
        assertEquals(fa.path(), fb.path(), "one file in the cache for both");
        assertEquals(SIZE, Files.size(fb.path()));
        assertEquals(1, fx.server.requestCount("/content/shared.bin"), "one request at the origin");
        assertEquals(SIZE, fx.server.bytesSent("/content/shared.bin"), "its bytes served once");
    }

    @Test
    void twoLowPriorityJobsHaveOneFileInFlightBetweenThem() throws Exception {
        capHoldsAcrossJobs(1, DownloadPriority.Low, options().build());
    }

    @Test
    void anExplicitParallelCapHoldsAcrossJobs() throws Exception {
        capHoldsAcrossJobs(2, DownloadPriority.Normal, options().parallel(2).build());
    }

    /**
     * Job A fetches {@code cap} files, held by the server; job B wants {@code cap} files of its own, then
     * A's first. Once B shows the bytes of that shared file, everything of B is with the scheduler; the
     * holds are lifted and the server must never have seen more than {@code cap} responses at once.
     */
    private void capHoldsAcrossJobs(int cap, DownloadPriority priority, PortableOptions options) throws Exception {
        int[] jobA = new int[cap];
        List<CountDownLatch> aHeld = new ArrayList<>();
        int[] jobB = new int[cap + 1];
        for (int i = 0; i < cap; i++) {
            String name = "a" + i + ".bin";
            fx.update("A" + i, u -> withFiles(u, fx.file(name, SIZE)));
            fx.server.faults("/content/" + name).holdAfter(HELD_AT);
            // made before the request: a latch made later would miss bytes sent already
            aHeld.add(fx.server.whenSent("/content/" + name, HELD_AT));
            jobA[i] = i;
        }
        for (int i = 0; i < cap; i++) {
            String name = "b" + i + ".bin";
            fx.update("B" + i, u -> withFiles(u, fx.file(name, SIZE)));
            fx.server.faults("/content/" + name).holdAfter(HELD_AT);
            jobB[i] = cap + i;
        }
        jobB[cap] = 0; // A's first update, last in B's collection
        UpdateSession s = fx.session(options);
        UpdateDownloader da = downloader(s, priority, jobA);
        UpdateDownloader db = downloader(s, priority, jobB);

        DownloadJob a = da.beginDownload((j, x) -> {}, NONE, null);
        for (CountDownLatch held : aHeld) {
            assertTrue(held.await(20, TimeUnit.SECONDS), () -> fx.server.log().toString());
        }
        CountDownLatch bSeesBytes = new CountDownLatch(1);
        DownloadJob b = db.beginDownload(onFirstByte(bSeesBytes), NONE, null);
        assertTrue(bSeesBytes.await(20, TimeUnit.SECONDS), "B has handed its files to the scheduler");
        for (int i = 0; i < cap; i++) {
            fx.server.faults("/content/a" + i + ".bin").releaseHolds();
            fx.server.faults("/content/b" + i + ".bin").releaseHolds();
        }
        assertSucceeded(da.endDownload(a));
        assertSucceeded(db.endDownload(b));
        assertEquals(cap, fx.server.maxConcurrent(), "files in flight in the session, at most the cap");
        assertEquals(1, fx.server.requestCount("/content/a0.bin"), "the shared file fetched once");
    }

    @Test
    void abortingOneJobLeavesTheOtherItsShareOfACommonTransfer() throws Exception {
        Joined j = twoJobsOnAHeldSharedFile();
        UpdateDownloader da = j.da();
        UpdateDownloader db = j.db();
        DownloadJob a = j.a();
        DownloadJob b = j.b();

        a.requestAbort();
        assertTrue(a.awaitCompletion(Duration.ofSeconds(10)), "the aborted job ends at once");
        DownloadResult ra = da.endDownload(a);
        assertEquals(OperationResultCode.Aborted, ra.resultCode());
        assertEquals(HResult.WU_E_CALL_CANCELLED.code(), ra.getUpdateResult(0).hResult());
        assertFalse(b.isCompleted(), "B still waits for the held file");

        fx.server.faults("/content/shared.bin").releaseHolds();
        DownloadResult rb = db.endDownload(b);
        assertSucceeded(rb);
        assertEquals(SIZE, Files.size(rb.getUpdateResult(0).files().get(0).path()));
        assertEquals(1, fx.server.requestCount("/content/shared.bin"), "the exchange A started went on for B");
        assertEquals(SIZE, fx.server.bytesSent("/content/shared.bin"));
    }
}
