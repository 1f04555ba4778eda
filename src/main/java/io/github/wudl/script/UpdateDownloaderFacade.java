package io.github.wudl.script;

import io.github.wudl.wua.ClientIdentified;
import io.github.wudl.wua.DownloadCompletedCallback;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.DownloadProgressChangedCallback;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateDownloader;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WuaEnum;
import io.github.wudl.wua.WuaException;
import org.graalvm.polyglot.Value;

/**
 * IUpdateDownloader with IUpdateDownloaderEx ({@code Microsoft.Update.Downloader}, or
 * {@code session.CreateUpdateDownloader()}). It keeps its settings itself and makes the engine's downloader
 * at each Begin, from the session that found the updates — so it also works when created by ProgID, before
 * any session exists. Argument rules and errors are the engine's (WU_E_NO_UPDATE, WU_E_NOT_SUPPORTED,
 * DISP_E_TYPEMISMATCH for a null callback …). Download/Download2 wait as EndDownload does, delivering other
 * jobs' callbacks meanwhile.
 */
final class UpdateDownloaderFacade extends Dispatch {
    private static final Members MEMBERS = Members.<UpdateDownloaderFacade>of("IUpdateDownloader")
            .prop(
                    "ClientApplicationID",
                    d -> d.clientApplicationID,
                    (d, v) -> d.clientApplicationID = ClientIdentified.orDefault(Args.toStringOrNull(v)))
            .prop("IsForced", d -> d.forced, (d, v) -> d.forced = Args.toBoolean(v, "IsForced"))
            .prop(
                    "Priority",
                    d -> d.priority,
                    (d, v) -> d.priority = WuaEnum.fromValue(DownloadPriority.class, Args.toInt(v, "Priority")))
            .prop(
                    "Updates",
                    d -> d.updates,
                    (d, v) -> d.updates = Args.facade(
                            v,
                            UpdateCollectionFacade.class,
                            "Updates",
                            "an update collection (Microsoft.Update.UpdateColl or a search result's Updates)"))
            .method("BeginDownload", (d, a) -> d.begin(null, Args.at(a, 0), Args.at(a, 1), Args.at(a, 2), true))
            .method(
                    "BeginDownload2",
                    (d, a) -> d.begin(
                            downloadType(Args.at(a, 0), "BeginDownload2"),
                            Args.at(a, 1),
                            Args.at(a, 2),
                            Args.at(a, 3),
                            true))
            .method("EndDownload", (d, a) -> d.end(Args.at(a, 0)))
            .method("Download", (d, a) -> d.download(null))
            .method("Download2", (d, a) -> d.download(downloadType(Args.at(a, 0), "Download2")))
            .build();

    private String clientApplicationID;
    private boolean forced;
    private DownloadPriority priority = DownloadPriority.Normal;
    private UpdateCollectionFacade updates;

    UpdateDownloaderFacade(Realm realm, String clientApplicationID) {
        super(realm, MEMBERS);
        this.clientApplicationID = clientApplicationID;
    }

    private static DownloadType downloadType(Value v, String method) {
        return WuaEnum.fromValue(DownloadType.class, Args.toInt(v, method + "(downloadType, …)"));
    }

    /** {@code type} null: BeginDownload (and Download), which the COM backend must call as such. */
    private DownloadJobFacade begin(
            DownloadType type, Value onProgress, Value onCompleted, Value state, boolean fromScript) {
        Callback progress = fromScript ? Callback.from(onProgress, "onProgressChanged") : null;
        Callback completed = fromScript ? Callback.from(onCompleted, "onCompleted") : null;
        UpdateDownloader backend = backendDownloader();
        DownloadJobFacade job = new DownloadJobFacade(
                realm, this, backend, progress, completed, state == null ? realm.undefined() : state);
        // a script's null callback goes to the engine as null: it answers DISP_E_TYPEMISMATCH, as WUA does
        DownloadProgressChangedCallback p = fromScript && progress == null ? null : job.engineProgress();
        DownloadCompletedCallback c = fromScript && completed == null ? null : job.engineCompleted();
        // BeginDownload stays BeginDownload: on WUA, BeginDownload2 needs IUpdateDownloaderEx (build 26100+)
        job.attach(type == null ? backend.beginDownload(p, c, null) : backend.beginDownload2(type, p, c, null));
        realm.addJob(job);
        return job;
    }

    private UpdateDownloader backendDownloader() {
        UpdateCollection c = updates == null ? null : updates.collection;
        UpdateSession origin = c != null && c.count() > 0 ? realm.originOf(c.item(0)) : null;
        if (origin == null) {
            origin = realm.sessions.any();
        }
        if (origin == null) {
            throw new WuaException(
                    HResult.WU_E_NO_UPDATE,
                    c == null
                            ? "the downloader's Updates is not set; assign the collection to download first"
                            : "the downloader's Updates is empty; add at least one update");
        }
        UpdateDownloader d = origin.createUpdateDownloader();
        d.setClientApplicationID(clientApplicationID);
        d.setIsForced(forced);
        d.setPriority(priority);
        d.setUpdates(c);
        return d;
    }

    private Object end(Value v) {
        DownloadJobFacade job =
                Args.facade(v, DownloadJobFacade.class, "EndDownload(job)", "the job BeginDownload returned");
        if (job == null) {
            throw new WuaException(HResult.E_INVALIDARG, "EndDownload needs the job that BeginDownload returned");
        }
        if (job.downloader != this) {
            throw new WuaException(
                    HResult.E_INVALIDARG,
                    "this job was started by another downloader; call"
                            + " EndDownload on the downloader whose BeginDownload returned it");
        }
        return ProgressFacades.result(realm, job.endByScript());
    }

    private Object download(DownloadType type) {
        return ProgressFacades.result(
                realm, begin(type, null, null, null, false).endByScript());
    }

    @Override
    public String toString() {
        return "[object IUpdateDownloader]";
    }
}
