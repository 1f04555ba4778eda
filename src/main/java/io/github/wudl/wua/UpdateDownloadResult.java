package io.github.wudl.wua;

import java.util.List;
import java.util.Objects;

/**
 * IUpdateDownloadResult: the outcome for one update. Immutable.
 *
 * <p>Beyond WUA, {@link #files()} lists where each content file now is and {@link #retries()} counts the
 * transfer retries spent on it, {@link #message()} says why it failed (null when it did not); they are
 * empty/0/null on the Windows backend.
 */
public record UpdateDownloadResult(
        int hResult, OperationResultCode resultCode, List<DownloadedFile> files, int retries, String message) {
    public UpdateDownloadResult {
        Objects.requireNonNull(resultCode, "resultCode");
        files = files == null ? List.of() : List.copyOf(files);
    }

    public static UpdateDownloadResult of(int hResult, OperationResultCode resultCode) {
        return new UpdateDownloadResult(hResult, resultCode, List.of(), 0, null);
    }

    /** The symbolic name of {@link #hResult()}. */
    public String hResultName() {
        return HResult.nameOf(hResult);
    }
}
