package io.github.wudl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.wua.DownloadJob;
import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.SearchResult;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateDownloader;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WuaException;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.DisabledOnOs;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * The real Windows Update Agent. The Windows tests search the machine's update service and download the
 * smallest update it offers through BeginDownload with Java callbacks (the DISPID-0 path); they need a
 * Windows agent with network access to its update service and, for the download, an elevated process.
 * They never run on the Linux build machine; there only the refusal is checked.
 */
@Timeout(value = 45, unit = TimeUnit.MINUTES)
class WindowsBackendTest {
    @Test
    @DisabledOnOs(OS.WINDOWS)
    void offWindowsTheBackendIsRefusedWithAClearMessage() {
        assertFalse(WindowsBackend.available());
        WuaException e = assertThrows(WuaException.class, () -> WindowsBackend.openSession(null));
        assertEquals(HResult.WU_E_NOT_SUPPORTED.code(), e.hresult());
        assertTrue(e.getMessage().contains("runs only on Windows"), e.getMessage());
    }

    @Test
    @EnabledOnOs(OS.WINDOWS)
    void searchesAndDownloadsARealUpdate() throws Exception {
        UpdateSession session =
                WindowsBackend.openSession(new WindowsOptions(Duration.ofMinutes(10), Duration.ofMinutes(40)));
        session.setClientApplicationID("wudl tests");
        SearchResult found = session.createUpdateSearcher().search("IsInstalled=0 or IsInstalled=1");
        assertEquals(OperationResultCode.Succeeded, found.resultCode());
        Update smallest = found.updates().toList().stream()
                .filter(u -> u.maxDownloadSize() > 0 && !u.browseOnly())
                .min(Comparator.comparingLong(Update::maxDownloadSize))
                .orElse(null);
        Assumptions.assumeTrue(smallest != null, "the update service offers no update with content to download");
        assertTrue(
                smallest.identity().updateID().matches("[0-9a-f-]{36}"),
                smallest.identity().updateID());

        UpdateDownloader downloader = session.createUpdateDownloader();
        downloader.setIsForced(true);
        UpdateCollection one = new UpdateCollection();
        one.add(smallest);
        downloader.setUpdates(one);
        List<DownloadProgress> progress = new CopyOnWriteArrayList<>();
        AtomicInteger completions = new AtomicInteger();
        CountDownLatch completed = new CountDownLatch(1);
        Object state = new Object();
        DownloadJob job;
        try {
            job = downloader.beginDownload(
                    (j, a) -> progress.add(a.progress()),
                    (j, a) -> {
                        completions.incrementAndGet();
                        completed.countDown();
                    },
                    state);
        } catch (WuaException e) {
            Assumptions.assumeFalse(e.hresult() == 0x80240044, "downloads need an elevated process: " + e.getMessage());
            throw e;
        }
        assertTrue(job.asyncState() == state, "AsyncState keeps its identity");
        assertTrue(completed.await(40, TimeUnit.MINUTES), "the completed callback came");
        DownloadResult result = downloader.endDownload(job);
        job.cleanUp();
        assertEquals(1, completions.get());
        assertTrue(result.resultCode() == OperationResultCode.Succeeded, result.toString());
        for (DownloadProgress p : progress) {
            assertTrue(p.totalBytesDownloaded() <= p.totalBytesToDownload(), p.toString());
            assertTrue(p.percentComplete() >= 0 && p.percentComplete() <= 100, p.toString());
        }
        assertTrue(smallest.isDownloaded());
        WuaException twice = assertThrows(WuaException.class, () -> downloader.endDownload(job));
        assertEquals(HResult.WU_E_INVALID_OPERATION.code(), twice.hresult());
    }

    @Test
    @EnabledOnOs(OS.WINDOWS)
    void theRulesThatComeBeforeWuaHoldToo() {
        UpdateSession session = WindowsBackend.openSession(null);
        UpdateDownloader downloader = session.createUpdateDownloader();
        WuaException none =
                assertThrows(WuaException.class, () -> downloader.beginDownload((j, a) -> {}, (j, a) -> {}, null));
        assertEquals(HResult.WU_E_NO_UPDATE.code(), none.hresult());
        WuaException nullCallback = assertThrows(
                WuaException.class, () -> downloader.beginDownload2(DownloadType.Full, null, (j, a) -> {}, null));
        assertEquals(HResult.DISP_E_TYPEMISMATCH.code(), nullCallback.hresult());
    }
}
