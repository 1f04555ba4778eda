package io.github.wudl.windows;

import com.sun.jna.Pointer;
import com.sun.jna.Structure;
import com.sun.jna.ptr.PointerByReference;
import io.github.wudl.job.CoreDownloadJob;
import io.github.wudl.job.CoreDownloader;
import io.github.wudl.job.JobWork;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.WuaException;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * IUpdateDownloader (and IUpdateDownloaderEx) over COM: the shared {@link CoreDownloader} (WUA's checks, the
 * job's rules) with WUA's downloader under it. The settings live here and are handed to WUA's downloader when a
 * download begins; the updates must come from this backend's searcher.
 *
 * <p>BeginDownload goes through IDispatch (DISPID 0x60020005). BeginDownload2 goes through the vtable of
 * IUpdateDownloaderEx (slot 18), which only agents of Windows 11 build 26100 and later offer; elsewhere it is
 * WU_E_NOT_SUPPORTED with a message saying so. The {@code state} never crosses into COM: WUA gets VT_EMPTY
 * and the job keeps the very object, so AsyncState keeps its identity as SPEC §1 asks.
 */
final class WuaDownloader extends CoreDownloader {
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
    protected boolean lockedDown() {
        return session.lockedDown();
    }

    /** Only updates of this backend's searcher; WUA itself answers for a missing bootstrapper. */
    @Override
    protected void checkUpdate(int index, Update u, DownloadType type) {
        if (!(u instanceof WuaUpdate)) {
            throw new WuaException(
                    HResult.E_INVALIDARG,
                    "update " + index + " (" + u.title() + ") was not"
                            + " found by the Windows backend's searcher; search with the same backend you download with");
        }
    }

    @Override
    protected JobWork start(CoreDownloadJob job, DownloadType type, List<Update> list) {
        return wua.com.call(() -> {
            WuaJobWork work = new WuaJobWork(wua, job, downloader, list.size(), options);
            try {
                begin(work, type, list);
            } catch (RuntimeException | Error e) {
                work.released(); // WUA did not take them; nobody else will give them back
                throw e;
            }
            return work;
        });
    }

    @Override
    protected BiConsumer<String, Throwable> callbackErrorReporter() {
        return options.callbackErrorReporter();
    }

    /** On the COM thread: hands the settings and updates to WUA's downloader and begins. */
    private void begin(WuaJobWork job, DownloadType type, List<Update> list) {
        try (ComRef collection = WindowsBackend.create(Iids.CLSID_UPDATE_COLLECTION, "Microsoft.Update.UpdateColl")) {
            for (Update u : list) {
                wua.auto.call(
                        collection.pointer(), Wua.COLLECTION_ADD, "IUpdateCollection.Add", ((WuaUpdate) u).update);
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
            try (ComRef p = ComRef.addRef(progress.pointer());
                    ComRef c = ComRef.addRef(completed.pointer())) {
                job.started(wua.callRef(downloader, Wua.DOWNLOADER_BEGIN_DOWNLOAD, "BeginDownload", p, c, null));
            }
            return;
        }
        Pointer ex = Com.queryInterface(d, Iids.IID_IUPDATE_DOWNLOADER_EX);
        if (ex == null) {
            throw new WuaException(
                    HResult.WU_E_NOT_SUPPORTED,
                    "BeginDownload2 needs IUpdateDownloaderEx, which this"
                            + " Windows Update Agent does not offer (it came with Windows 11 build 26100); use BeginDownload");
        }
        try {
            PointerByReference out = new PointerByReference();
            HResults.check(
                    Com.call(
                            ex,
                            Wua.SLOT_BEGIN_DOWNLOAD2,
                            type.value(),
                            progress.pointer(),
                            completed.pointer(),
                            new EmptyVariant(),
                            out),
                    "BeginDownload2(" + type + ")");
            if (out.getValue() == null) {
                throw new WuaException(HResult.E_POINTER, "BeginDownload2(" + type + ") succeeded but returned no job");
            }
            job.started(ComRef.adopt(out.getValue()));
        } finally {
            Com.release(ex);
        }
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
