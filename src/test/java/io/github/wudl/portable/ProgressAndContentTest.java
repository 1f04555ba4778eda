package io.github.wudl.portable;

import static io.github.wudl.portable.Fixture.withFiles;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.wua.DownloadJob;
import io.github.wudl.wua.DownloadPhase;
import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.DownloadedFile;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateDownloadResult;
import io.github.wudl.wua.UpdateDownloader;
import io.github.wudl.wua.UpdateSession;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Progress invariants, the content cache as seen through the object model, priorities and bundles. */
class ProgressAndContentTest extends FixtureTest {
    @Test
    void progressSnapshotsKeepTheInvariants() throws Exception {
        for (int i = 0; i < 4; i++) {
            String name = "p" + i + ".bin";
            fx.update("P" + i, u -> withFiles(u, fx.file(name, 400_000)));
            fx.server.faults("/content/" + name).throttle(4_000_000).dropAfter(100_000, 1);
        }
        UpdateDownloader d =
                Fixture.downloaderFor(fx.session(fx.options().parallel(2).build()));
        List<DownloadProgress> seen = Collections.synchronizedList(new ArrayList<>());
        DownloadJob job = d.beginDownload((j, a) -> seen.add(a.progress()), (j, a) -> seen.add(j.getProgress()), null);
        DownloadResult r = d.endDownload(job);
        assertEquals(OperationResultCode.Succeeded, r.resultCode());
        assertTrue(seen.size() >= 2);
        int lastPercent = 0;
        List<List<OperationResultCode>> codes = new ArrayList<>();
        for (DownloadProgress p : seen) {
            assertTrue(p.percentComplete() >= lastPercent, "PercentComplete never decreases");
            assertTrue(p.percentComplete() >= 0 && p.percentComplete() <= 100);
            assertTrue(p.totalBytesDownloaded() <= p.totalBytesToDownload());
            assertTrue(p.currentUpdateIndex() >= 0 && p.currentUpdateIndex() < 4);
            assertTrue(p.currentUpdateDownloadPhase().value() >= 1
                    && p.currentUpdateDownloadPhase().value() <= 3);
            assertTrue(p.currentUpdateBytesDownloaded() <= p.currentUpdateBytesToDownload());
            lastPercent = p.percentComplete();
            List<OperationResultCode> c = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                c.add(p.getUpdateResult(i).resultCode());
            }
            codes.add(c);
        }
        DownloadProgress last = seen.get(seen.size() - 1);
        assertEquals(100, last.percentComplete());
        assertEquals(1_600_000, last.totalBytesToDownload());
        assertEquals(last.totalBytesToDownload(), last.totalBytesDownloaded());
        for (int i = 0; i < 4; i++) {
            int rank = 0;
            for (List<OperationResultCode> c : codes) {
                int now = switch (c.get(i)) {
                    case NotStarted -> 0;
                    case InProgress -> 1;
                    default -> 2;
                };
                assertTrue(now >= rank, "update " + i + " goes NotStarted → InProgress → final: " + codes);
                rank = now;
            }
        }
    }

    @Test
    void downloadedUpdatesAreIsDownloadedAndCostNoNetworkTheSecondTime() throws Exception {
        fx.update("A", u -> withFiles(u, fx.file("a.bin", 123_456), fx.file("a2.bin", 1000)));
        UpdateSession s = fx.session();
        UpdateDownloader d = Fixture.downloaderFor(s);
        Update a = d.updates().item(0);
        assertFalse(a.isDownloaded());
        DownloadResult first = d.download();
        assertEquals(OperationResultCode.Succeeded, first.resultCode());
        assertTrue(a.isDownloaded());
        DownloadedFile f = first.getUpdateResult(0).files().get(0);
        assertEquals("a.bin", f.name());
        assertEquals(123_456, Files.size(f.path()));
        assertFalse(f.fromCache());
        int requests = fx.server.log().size();

        DownloadResult second = Fixture.downloaderFor(s).download();
        assertEquals(OperationResultCode.Succeeded, second.resultCode());
        assertTrue(second.getUpdateResult(0).files().stream().allMatch(DownloadedFile::fromCache));
        assertEquals(requests, fx.server.log().size(), "a cached update costs no request");
    }

    @Test
    void wrongBytesFailWithIncorrectFileHashAndPublishNothing() throws Exception {
        fx.update("Bad", u -> withFiles(u, fx.fileWithWrongDigest("bad.bin", 5000)));
        UpdateDownloader d = Fixture.downloaderFor(fx.session());
        DownloadResult r = d.download();
        assertEquals(OperationResultCode.Failed, r.resultCode());
        assertEquals(
                HResult.WU_E_DM_INCORRECTFILEHASH.code(), r.getUpdateResult(0).hResult());
        assertFalse(d.updates().item(0).isDownloaded());
    }

    @Test
    void bootstrapperDownloadFetchesOnlyTheBootstrapper() throws Exception {
        fx.update("With bootstrapper", u -> {
            withFiles(u, fx.file("full.bin", 50_000));
            u.set("bootstrapper", fx.file("boot.exe", 2000));
            return u;
        });
        UpdateDownloader d = Fixture.downloaderFor(fx.session());
        DownloadResult r = d.download2(DownloadType.UpdateBootstrapper);
        assertEquals(OperationResultCode.Succeeded, r.resultCode());
        List<DownloadedFile> files = r.getUpdateResult(0).files();
        assertEquals(1, files.size());
        assertEquals("boot.exe", files.get(0).name());
        assertEquals(0, fx.server.requestCount("/content/full.bin"));
    }

    @Test
    void higherDownloadPriorityIsFetchedFirst() throws Exception {
        fx.update("Low", u -> {
            u.put("priority", "low");
            return withFiles(u, fx.file("low.bin", 1000));
        });
        fx.update("Normal", u -> withFiles(u, fx.file("normal.bin", 1000)));
        fx.update("High", u -> {
            u.put("priority", "high");
            return withFiles(u, fx.file("high.bin", 1000));
        });
        UpdateDownloader d =
                Fixture.downloaderFor(fx.session(fx.options().parallel(1).build()));
        assertEquals(OperationResultCode.Succeeded, d.download().resultCode());
        List<String> order = fx.server.log().stream().map(e -> e.path()).toList();
        assertEquals(List.of("/content/high.bin", "/content/normal.bin", "/content/low.bin"), order);
    }

    @Test
    void aFileSharedByTwoUpdatesIsFetchedOnce() throws Exception {
        var shared = fx.file("shared.bin", 300_000);
        fx.update("One", u -> withFiles(u, shared.deepCopy()));
        fx.update("Two", u -> withFiles(u, shared.deepCopy()));
        UpdateDownloader d = Fixture.downloaderFor(fx.session());
        DownloadResult r = d.download();
        assertEquals(OperationResultCode.Succeeded, r.resultCode());
        assertEquals(
                r.getUpdateResult(0).files().get(0).sha256(),
                r.getUpdateResult(1).files().get(0).sha256());
        assertEquals(300_000, fx.server.bytesSent("/content/shared.bin"), "the bytes crossed the network once");
    }

    @Test
    void bundledUpdatesAreDownloadedWithTheirParent() throws Exception {
        var child = fx.file("child.bin", 3000);
        fx.update("Parent", u -> {
            var bundled = u.putArray("bundled").addObject();
            bundled.put("id", "aaaaaaaa-bbbb-cccc-dddd-eeeeeeeeeeee");
            bundled.put("title", "Child");
            bundled.putArray("files").add(child);
            return withFiles(u, fx.file("parent.bin", 1000));
        });
        UpdateDownloader d = Fixture.downloaderFor(fx.session());
        Update parent = d.updates().item(0);
        assertEquals(1, parent.bundledUpdates().count());
        assertEquals(4000, parent.maxDownloadSize());
        DownloadResult r = d.download();
        assertEquals(
                List.of("parent.bin", "child.bin"),
                r.getUpdateResult(0).files().stream().map(DownloadedFile::name).toList());
        assertTrue(parent.bundledUpdates().item(0).isDownloaded());
    }

    @Test
    void installedUpdatesAreSkippedUnlessForced() throws Exception {
        fx.update("Installed", u -> {
            u.put("installed", true);
            return withFiles(u, fx.file("inst.bin", 1000));
        });
        UpdateSession s = fx.session();
        var found = s.createUpdateSearcher().search("IsInstalled=1");
        assertEquals(1, found.updates().count());
        UpdateDownloader d = s.createUpdateDownloader();
        d.setUpdates(found.updates().copy());
        assertEquals(OperationResultCode.Succeeded, d.download().resultCode());
        assertEquals(0, fx.server.requestCount("/content/inst.bin"));
        d.setIsForced(true);
        assertEquals(OperationResultCode.Succeeded, d.download().resultCode());
        assertEquals(1, fx.server.requestCount("/content/inst.bin"));
    }

    @Test
    void notEnoughSpaceIsRefusedBeforeAnyByteWithNeededAndFree() throws Exception {
        fx.update("Huge", u -> {
            var f = fx.file("huge.bin", 10);
            f.put("size", 1L << 50); // a petabyte: more than any test machine has free
            f.put("sha256", HexFormat.of().formatHex(new byte[32]));
            return withFiles(u, f);
        });
        UpdateDownloader d = Fixture.downloaderFor(fx.session());
        DownloadResult r = d.download();
        UpdateDownloadResult u = r.getUpdateResult(0);
        assertEquals(OperationResultCode.Failed, r.resultCode());
        assertEquals(HResult.ERROR_DISK_FULL.code(), u.hResult());
        assertTrue(u.message().contains("needs 1.00 PiB more") && u.message().contains("free"), u.message());
        assertEquals(0, fx.server.log().size(), "refused before any request");
    }

    @Test
    void progressPhasesAreReported() throws Exception {
        fx.update("A", u -> withFiles(u, fx.file("a.bin", 2_000_000)));
        fx.server.faults("/content/a.bin").throttle(4_000_000);
        UpdateDownloader d = Fixture.downloaderFor(fx.session());
        List<DownloadPhase> phases = Collections.synchronizedList(new ArrayList<>());
        DownloadJob job =
                d.beginDownload((j, a) -> phases.add(a.progress().currentUpdateDownloadPhase()), (j, a) -> {}, null);
        d.endDownload(job);
        assertTrue(phases.contains(DownloadPhase.Downloading), phases.toString());
    }
}
