package io.github.wudl.wua;

import java.util.List;
import java.util.Objects;

/**
 * IDownloadProgress: a snapshot of a running download. Immutable; a new one is made for each report.
 *
 * <p>Invariants the portable backend keeps (and tests): phase is a {@link DownloadPhase};
 * 0 ≤ percentComplete ≤ 100 and never decreasing across snapshots of one job; totalBytesDownloaded ≤
 * totalBytesToDownload; 0 ≤ currentUpdateIndex &lt; Count.
 */
public record DownloadProgress(
        int currentUpdateIndex,
        DownloadPhase currentUpdateDownloadPhase,
        long currentUpdateBytesDownloaded,
        long currentUpdateBytesToDownload,
        int currentUpdatePercentComplete,
        int percentComplete,
        long totalBytesDownloaded,
        long totalBytesToDownload,
        List<UpdateDownloadResult> updateResults) {
    public DownloadProgress {
        Objects.requireNonNull(currentUpdateDownloadPhase, "currentUpdateDownloadPhase");
        updateResults = List.copyOf(updateResults);
    }

    /** GetUpdateResult(updateIndex): the result so far of one update; WU_E_INVALIDINDEX outside 0..Count-1. */
    public UpdateDownloadResult getUpdateResult(int updateIndex) {
        return resultAt(updateResults, updateIndex);
    }

    static UpdateDownloadResult resultAt(List<UpdateDownloadResult> results, int index) {
        if (index < 0 || index >= results.size()) {
            throw new WuaException(
                    HResult.WU_E_INVALIDINDEX, "update index " + index + " is outside 0.." + (results.size() - 1));
        }
        return results.get(index);
    }
}
