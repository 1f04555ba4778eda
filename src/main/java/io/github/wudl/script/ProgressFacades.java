package io.github.wudl.script;

import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadedFile;
import io.github.wudl.wua.UpdateDownloadResult;

/**
 * The value facades of a download: IDownloadProgress, IDownloadResult, IUpdateDownloadResult and the two
 * callback-args interfaces. Byte counts are JS numbers (exact below 2^53), enums WUA's numbers. Beyond WUA,
 * results also offer {@code HResultName}, {@code Message} and {@code Files} (name, path, size, SHA-256,
 * fromCache), which the object model carries.
 */
final class ProgressFacades {
    private static final Members FILE = Members.<RecordFacade<DownloadedFile>>of("DownloadedFile")
            .get("Name", r -> r.value().name())
            .get("Path", r -> r.value().path() == null ? null : r.value().path().toString())
            .get("Size", r -> r.value().size())
            .get("Sha256", r -> r.value().sha256())
            .get("FromCache", r -> r.value().fromCache())
            .build();

    private static final Members UPDATE_RESULT = Members.<RecordFacade<UpdateDownloadResult>>of("IUpdateDownloadResult")
            .get("HResult", r -> r.value().hResult())
            .get("ResultCode", r -> r.value().resultCode())
            .get("HResultName", r -> r.value().hResultName())
            .get("Message", r -> r.value().message())
            .get(
                    "Files",
                    r -> ListFacade.of(
                            r.realm,
                            r.value().files().stream()
                                    .map(f -> new RecordFacade<>(r.realm, FILE, f))
                                    .toList()))
            .build();

    private static final Members RESULT = Members.<RecordFacade<DownloadResult>>of("IDownloadResult")
            .get("HResult", r -> r.value().hResult())
            .get("ResultCode", r -> r.value().resultCode())
            .get("HResultName", r -> r.value().hResultName())
            .method(
                    "GetUpdateResult",
                    (r, a) -> updateResult(
                            r.realm,
                            r.value().getUpdateResult(Args.toInt(Args.at(a, 0), "GetUpdateResult(updateIndex)"))))
            .build();

    private static final Members PROGRESS = Members.<RecordFacade<DownloadProgress>>of("IDownloadProgress")
            .get("CurrentUpdateBytesDownloaded", r -> r.value().currentUpdateBytesDownloaded())
            .get("CurrentUpdateBytesToDownload", r -> r.value().currentUpdateBytesToDownload())
            .get("CurrentUpdateIndex", r -> r.value().currentUpdateIndex())
            .get("PercentComplete", r -> r.value().percentComplete())
            .get("TotalBytesDownloaded", r -> r.value().totalBytesDownloaded())
            .get("TotalBytesToDownload", r -> r.value().totalBytesToDownload())
            .method(
                    "GetUpdateResult",
                    (r, a) -> updateResult(
                            r.realm,
                            r.value().getUpdateResult(Args.toInt(Args.at(a, 0), "GetUpdateResult(updateIndex)"))))
            .get("CurrentUpdateDownloadPhase", r -> r.value().currentUpdateDownloadPhase())
            .get("CurrentUpdatePercentComplete", r -> r.value().currentUpdatePercentComplete())
            .build();

    private static final Members PROGRESS_ARGS = Members.<RecordFacade<RecordFacade<DownloadProgress>>>of(
                    "IDownloadProgressChangedCallbackArgs")
            .get("Progress", RecordFacade::value)
            .build();

    /** IDownloadCompletedCallbackArgs has no members at all. */
    private static final Members COMPLETED_ARGS =
            Members.<Object>of("IDownloadCompletedCallbackArgs").build();

    private ProgressFacades() {}

    static RecordFacade<DownloadProgress> progress(Realm realm, DownloadProgress p) {
        return new RecordFacade<>(realm, PROGRESS, p);
    }

    static RecordFacade<RecordFacade<DownloadProgress>> progressArgs(Realm realm, DownloadProgress p) {
        return new RecordFacade<>(realm, PROGRESS_ARGS, progress(realm, p));
    }

    static RecordFacade<Object> completedArgs(Realm realm) {
        return new RecordFacade<>(realm, COMPLETED_ARGS, null);
    }

    static RecordFacade<DownloadResult> result(Realm realm, DownloadResult r) {
        return new RecordFacade<>(realm, RESULT, r);
    }

    static RecordFacade<UpdateDownloadResult> updateResult(Realm realm, UpdateDownloadResult r) {
        return new RecordFacade<>(realm, UPDATE_RESULT, r);
    }
}
