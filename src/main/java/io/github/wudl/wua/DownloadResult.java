package io.github.wudl.wua;

import java.util.List;
import java.util.Objects;

/**
 * IDownloadResult: the outcome of a whole download. Immutable.
 *
 * <p>{@link #resultCode()} follows WUA: all updates succeeded → Succeeded; some failed → SucceededWithErrors;
 * all failed → Failed; the job was aborted → Aborted. {@link #hResult()} is S_OK unless every update failed
 * or the job was aborted, when it is the first failing update's code.
 */
public record DownloadResult(int hResult, OperationResultCode resultCode, List<UpdateDownloadResult> updateResults) {
    public DownloadResult {
        Objects.requireNonNull(resultCode, "resultCode");
        updateResults = List.copyOf(updateResults);
    }

    /** GetUpdateResult(updateIndex); WU_E_INVALIDINDEX outside 0..Count-1. */
    public UpdateDownloadResult getUpdateResult(int updateIndex) {
        return DownloadProgress.resultAt(updateResults, updateIndex);
    }

    /** The symbolic name of {@link #hResult()}. */
    public String hResultName() {
        return HResult.nameOf(hResult);
    }

    /** The overall code WUA derives from per-update codes. {@code aborted} wins over everything. */
    public static OperationResultCode overall(List<UpdateDownloadResult> results, boolean aborted) {
        if (aborted) {
            return OperationResultCode.Aborted;
        }
        long failed = results.stream()
                .filter(r -> r.resultCode() != OperationResultCode.Succeeded)
                .count();
        if (failed == 0) {
            return OperationResultCode.Succeeded;
        }
        return failed == results.size() ? OperationResultCode.Failed : OperationResultCode.SucceededWithErrors;
    }
}
