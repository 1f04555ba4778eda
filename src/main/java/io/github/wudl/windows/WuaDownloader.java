package io.github.wudl.windows;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;
import io.github.wudl.wua.DownloadCompletedCallback;
import io.github.wudl.wua.DownloadJob;
import io.github.wudl.wua.DownloaderSettings;
import io.github.wudl.wua.DownloadProgressChangedCallback;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.WuaException;
import java.util.List;
import java.util.Objects;

/**
 * IUpdateDownloader (and IUpdateDownloaderEx) over COM. The settings live here and are handed to WUA's
 * downloader when a download begins; the updates must come from this backend's searcher.
 *
 * <p>BeginDownload goes through IDispatch (DISPID 0x60020005). BeginDownload2 goes through the vtable of
 * IUpdateDownloaderEx (slot 18), which only agents of Windows 11 build 26100 and later offer; elsewhere it is
 * WU_E_NOT_SUPPORTED with a message saying so. The {@code state} never crosses into COM: WUA gets VT_EMPTY
 * and the job keeps the very object, so AsyncState keeps its identity as SPEC §1 asks.
 */
final class WuaDownloader extends DownloaderSettings {
    private final Wua wua;
    private final ComRef downloader;
    private final WindowsOptions options;
    private final WuaSession session;

    WuaDownloader(Wua wua, ComRef downloader, WindowsOptions options, WuaSession session) {
        super("");
        this.wua = wua;
        this.downloader = downloader;
        this.options = options;
        this.session = session;
    }

    @Override
    public DownloadJob beginDownload(DownloadProgressChangedCallback onProgressChanged,
                                     DownloadCompletedCallback onCompleted, Object state) {
        return begin(null, onProgressChanged, onCompleted, state);
    }

    @Override
    public DownloadJob beginDownload2(DownloadType downloadType, DownloadProgressChangedCallback onProgressChanged,
                                      DownloadCompletedCallback onCompleted, Object state) {
        return begin(Objects.requireNonNull(downloadType, "downloadType"), onProgressChanged, onCompleted, state);
    }

    private DownloadJob begin(DownloadType type, DownloadProgressChangedCallback onProgress,
                              DownloadCompletedCallback onCompleted, Object state) {
        if (onProgress == null || onCompleted == null) {
            throw new WuaException(HResult.DISP_E_TYPEMISMATCH, "BeginDownload needs both callbacks; pass a"
                    + " function that does nothing where you need none");
        }
        if (session.lockedDown()) {
            throw new WuaException(HResult.WU_E_INVALID_OPERATION, "the session is locked down; downloads are refused");
        }
        UpdateCollection updates = updates();
        UpdateCollection snapshot = updates == null ? null : updates.readOnlySnapshot();
        if (snapshot == null || snapshot.count() == 0) {
            throw new WuaException(HResult.WU_E_NO_UPDATE, "Updates is " + (snapshot == null ? "not set" : "empty")
                    + "; set it to the updates to download");
        }
        List<Update> list = snapshot.toList();
        for (int i = 0; i < list.size(); i++) {
            if (!(list.get(i) instanceof WuaUpdate)) {
                throw new WuaException(HResult.E_INVALIDARG, "update " + i + " (" + list.get(i).title() + ") was not"
                        + " found by the Windows backend's searcher; search with the same backend you download with");
            }
        }
        // made on the COM thread: the callback objects aggregate the free-threaded marshaler in its apartment
        return wua.com.call(() -> {
            WuaDownloadJob job = new WuaDownloadJob(wua, this, snapshot, onProgress, onCompleted, state, options);
            try {
                start(job, type, list);
            } catch (RuntimeException | Error e) {
                job.releaseCallbacks(); // WUA did not take them; nobody else will give them back
                throw e;
            }
            return job;
        });
    }

    /** On the COM thread: hands the settings and updates to WUA's downloader and begins. */
    private void start(WuaDownloadJob job, DownloadType type, List<Update> list) {
        try (ComRef collection = WindowsBackend.create(Iids.CLSID_UPDATE_COLLECTION, "Microsoft.Update.UpdateColl")) {
            for (Update u : list) {
                wua.auto.call(collection.pointer(), Wua.COLLECTION_ADD, "IUpdateCollection.Add", ((WuaUpdate) u).update);
            }
            Pointer d = downloader.pointer();
            wua.auto.put(d, Wua.DOWNLOADER_UPDATES, "Updates", collection);
        }
        Pointer d = downloader.pointer();
        wua.auto.put(d, Wua.DOWNLOADER_CLIENT_APPLICATION_ID, "ClientApplicationID", clientApplicationID());
        wua.auto.put(d, Wua.DOWNLOADER_IS_FORCED, "IsForced", isForced());
        wua.auto.put(d, Wua.DOWNLOADER_PRIORITY, "Priority", priority().value());
        DispatchCallback progress = job.progressCallback();
        DispatchCallback completed = job.completedCallback();
        if (type == null) {
            try (ComRef p = ComRef.addRef(progress.pointer()); ComRef c = ComRef.addRef(completed.pointer())) {
                job.started(wua.callRef(downloader, Wua.DOWNLOADER_BEGIN_DOWNLOAD, "BeginDownload", p, c, null));
            }
            return;
        }
        Pointer ex = Com.queryInterface(d, Iids.IID_IUPDATE_DOWNLOADER_EX);
        if (ex == null) {
            throw new WuaException(HResult.WU_E_NOT_SUPPORTED, "BeginDownload2 needs IUpdateDownloaderEx, which this"
                    + " Windows Update Agent does not offer (it came with Windows 11 build 26100); use BeginDownload");
        }
        try {
            PointerByReference out = new PointerByReference();
            HResults.check(Com.call(ex, Wua.SLOT_BEGIN_DOWNLOAD2, type.value(), progress.pointer(), completed.pointer(),
                    new EmptyVariant(), out), "BeginDownload2(" + type + ")");
            if (out.getValue() == null) {
                throw new WuaException(HResult.E_POINTER, "BeginDownload2(" + type + ") succeeded but returned no job");
            }
            job.started(ComRef.adopt(out.getValue()));
        } finally {
            Com.release(ex);
        }
    }

    @Override
    public DownloadResult endDownload(DownloadJob job) {
        if (!(job instanceof WuaDownloadJob j) || j.downloader() != this) {
            throw new WuaException(HResult.E_INVALIDARG, "EndDownload was given a job this downloader did not begin");
        }
        return j.end(downloader);
    }

    @Override
    public DownloadResult download() {
        return endDownload(beginDownload((j, a) -> { }, (j, a) -> { }, null));
    }

    @Override
    public DownloadResult download2(DownloadType downloadType) {
        return endDownload(beginDownload2(downloadType, (j, a) -> { }, (j, a) -> { }, null));
    }

    /**
     * A VARIANT passed by value (BeginDownload2's {@code state}), VT_EMPTY: 16 bytes on 32-bit and 24 on
     * 64-bit, which JNA passes the way each ABI wants (on the stack, or as a pointer to a copy on x64).
     */
    public static final class EmptyVariant extends Structure implements Structure.ByValue {
        public short vt;
        public short reserved1;
        public short reserved2;
        public short reserved3;
        public Pointer value;
        public Pointer record;

        @Override
        protected List<String> getFieldOrder() {
            return List.of("vt", "reserved1", "reserved2", "reserved3", "value", "record");
        }
    }
}
