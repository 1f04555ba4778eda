package io.github.wudl.windows;

import io.github.wudl.wua.DownloadPhase;
import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.UpdateDownloadResult;
import java.util.ArrayList;
import java.util.List;

/** IDownloadProgress and IDownloadResult read into the engine's immutable values; on the COM thread. */
final class WuaReads {
    private WuaReads() {}

    static DownloadProgress progress(Wua wua, ComRef p, int count) {
        int phase = wua.getInt(p, Wua.PROGRESS_CURRENT_UPDATE_DOWNLOAD_PHASE, "CurrentUpdateDownloadPhase");
        List<UpdateDownloadResult> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            try (ComRef r = wua.callRef(p, Wua.PROGRESS_GET_UPDATE_RESULT, "GetUpdateResult(" + i + ")", i)) {
                results.add(updateResult(wua, r));
            }
        }
        long total = wua.getBytes(p, Wua.PROGRESS_TOTAL_BYTES_TO_DOWNLOAD, "TotalBytesToDownload");
        long done = wua.getBytes(p, Wua.PROGRESS_TOTAL_BYTES_DOWNLOADED, "TotalBytesDownloaded");
        return new DownloadProgress(
                Math.max(
                        0, Math.min(count - 1, wua.getInt(p, Wua.PROGRESS_CURRENT_UPDATE_INDEX, "CurrentUpdateIndex"))),
                // WUA reports 0 before the first phase begins; the engine's phase is never "none"
                phase < 1 ? DownloadPhase.Initializing : DownloadPhase.fromValue(phase),
                wua.getBytes(p, Wua.PROGRESS_CURRENT_UPDATE_BYTES_DOWNLOADED, "CurrentUpdateBytesDownloaded"),
                wua.getBytes(p, Wua.PROGRESS_CURRENT_UPDATE_BYTES_TO_DOWNLOAD, "CurrentUpdateBytesToDownload"),
                percent(wua.getInt(p, Wua.PROGRESS_CURRENT_UPDATE_PERCENT_COMPLETE, "CurrentUpdatePercentComplete")),
                percent(wua.getInt(p, Wua.PROGRESS_PERCENT_COMPLETE, "PercentComplete")),
                done,
                Math.max(done, total),
                results); // the total is an estimate: never below what came
    }

    /** WUA's percentages are estimates; the engine promises 0..100. */
    private static int percent(int p) {
        return Math.max(0, Math.min(100, p));
    }

    static DownloadResult result(Wua wua, ComRef r, int count) {
        List<UpdateDownloadResult> results = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            try (ComRef u = wua.callRef(r, Wua.RESULT_GET_UPDATE_RESULT, "GetUpdateResult(" + i + ")", i)) {
                results.add(updateResult(wua, u));
            }
        }
        return new DownloadResult(
                wua.getInt(r, Wua.RESULT_HRESULT, "HResult"),
                OperationResultCode.fromValue(wua.getInt(r, Wua.RESULT_RESULT_CODE, "ResultCode")),
                results);
    }

    private static UpdateDownloadResult updateResult(Wua wua, ComRef r) {
        return UpdateDownloadResult.of(
                wua.getInt(r, Wua.RESULT_HRESULT, "HResult"),
                OperationResultCode.fromValue(wua.getInt(r, Wua.RESULT_RESULT_CODE, "ResultCode")));
    }
}
