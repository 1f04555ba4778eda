package io.github.wudl.windows;

import com.sun.jna.Pointer;
import java.math.BigDecimal;

/**
 * What every wrapper shares: the COM thread that all calls run on, and late binding through IDispatch with
 * the DISPIDs of wua-reference §1 (names resolved with GetIDsOfNames where the reference gives none).
 * The {@code get*} helpers must be called on the COM thread.
 */
final class Wua {
    // IUpdateSession
    static final int SESSION_CLIENT_APPLICATION_ID = 0x60020001;
    static final int SESSION_READ_ONLY = 0x60020002;
    static final int SESSION_CREATE_UPDATE_SEARCHER = 0x60020004;
    static final int SESSION_CREATE_UPDATE_DOWNLOADER = 0x60020005;
    // IUpdateCollection, IStringCollection, IUpdateDownloadContentCollection
    static final int COLLECTION_ITEM = 0;
    static final int COLLECTION_COUNT = 0x60020001;
    static final int COLLECTION_ADD = 0x60020003;
    // IUpdate
    static final int UPDATE_TITLE = 0;
    static final int UPDATE_BUNDLED_UPDATES = 0x60020002;
    static final int UPDATE_EULA_ACCEPTED = 0x60020009;
    static final int UPDATE_IDENTITY = 0x6002000C;
    static final int UPDATE_IS_BETA = 0x6002000F;
    static final int UPDATE_IS_DOWNLOADED = 0x60020010;
    static final int UPDATE_IS_HIDDEN = 0x60020011;
    static final int UPDATE_IS_INSTALLED = 0x60020012;
    static final int UPDATE_IS_MANDATORY = 0x60020013;
    static final int UPDATE_MAX_DOWNLOAD_SIZE = 0x60020017;
    static final int UPDATE_MIN_DOWNLOAD_SIZE = 0x60020018;
    static final int UPDATE_TYPE = 0x60020023;
    static final int UPDATE_ACCEPT_EULA = 0x60020027;
    static final int UPDATE_KB_ARTICLE_IDS = 0x60020028;
    static final int UPDATE_DOWNLOAD_PRIORITY = 0x6002002B;
    static final int UPDATE_DOWNLOAD_CONTENTS = 0x6002002C;
    static final int IDENTITY_REVISION_NUMBER = 0x60020002;
    static final int IDENTITY_UPDATE_ID = 0x60020003;
    static final int DOWNLOAD_CONTENT_URL = 0x60020001;
    // IUpdateDownloader (slots 15-17 by DISPID) and IUpdateDownloaderEx (by vtable slot: no DISPID verified)
    static final int DOWNLOADER_CLIENT_APPLICATION_ID = 0x60020001;
    static final int DOWNLOADER_IS_FORCED = 0x60020002;
    static final int DOWNLOADER_PRIORITY = 0x60020003;
    static final int DOWNLOADER_UPDATES = 0x60020004;
    static final int DOWNLOADER_BEGIN_DOWNLOAD = 0x60020005;
    static final int DOWNLOADER_END_DOWNLOAD = 0x60020007;
    static final int SLOT_BEGIN_DOWNLOAD2 = 18;
    // IDownloadJob
    static final int JOB_IS_COMPLETED = 0x60020002;
    static final int JOB_CLEAN_UP = 0x60020004;
    static final int JOB_GET_PROGRESS = 0x60020005;
    static final int JOB_REQUEST_ABORT = 0x60020006;
    // IDownloadProgressChangedCallbackArgs
    static final int ARGS_PROGRESS = 0x60020001;
    // IDownloadProgress
    static final int PROGRESS_CURRENT_UPDATE_BYTES_DOWNLOADED = 0x60020001;
    static final int PROGRESS_CURRENT_UPDATE_BYTES_TO_DOWNLOAD = 0x60020002;
    static final int PROGRESS_CURRENT_UPDATE_INDEX = 0x60020003;
    static final int PROGRESS_PERCENT_COMPLETE = 0x60020004;
    static final int PROGRESS_TOTAL_BYTES_DOWNLOADED = 0x60020005;
    static final int PROGRESS_TOTAL_BYTES_TO_DOWNLOAD = 0x60020006;
    static final int PROGRESS_GET_UPDATE_RESULT = 0x60020007;
    static final int PROGRESS_CURRENT_UPDATE_DOWNLOAD_PHASE = 0x60020008;
    static final int PROGRESS_CURRENT_UPDATE_PERCENT_COMPLETE = 0x60020009;
    // IDownloadResult, IUpdateDownloadResult
    static final int RESULT_HRESULT = 0x60020001;
    static final int RESULT_RESULT_CODE = 0x60020002;
    static final int RESULT_GET_UPDATE_RESULT = 0x60020003;

    final ComThread com;
    final Automation auto;
    /** Makes the free-threaded marshaler each callback object aggregates (null: none, as in tests). */
    final java.util.function.Function<Pointer, Pointer> marshaler;

    Wua(ComThread com, Automation auto, java.util.function.Function<Pointer, Pointer> marshaler) {
        this.com = com;
        this.auto = auto;
        this.marshaler = marshaler;
    }

    ComRef getRef(ComRef obj, int dispId, String name, Object... args) {
        Object v = auto.get(obj.pointer(), dispId, name, args);
        if (!(v instanceof ComRef r)) {
            throw new IllegalStateException(name + " returned " + v + ", not an object");
        }
        return r;
    }

    ComRef callRef(ComRef obj, int dispId, String name, Object... args) {
        Object v = auto.call(obj.pointer(), dispId, name, args);
        if (!(v instanceof ComRef r)) {
            throw new IllegalStateException(name + " returned " + v + ", not an object");
        }
        return r;
    }

    String getString(ComRef obj, int dispId, String name) {
        Object v = auto.get(obj.pointer(), dispId, name);
        return v == null ? "" : v.toString();
    }

    boolean getBool(ComRef obj, int dispId, String name) {
        return Boolean.TRUE.equals(auto.get(obj.pointer(), dispId, name));
    }

    int getInt(ComRef obj, int dispId, String name, Object... args) {
        Object v = auto.get(obj.pointer(), dispId, name, args);
        return v == null ? 0 : ((Number) v).intValue();
    }

    /** A DECIMAL byte count, exactly; WUA gives VT_DECIMAL, some paths VT_I4/VT_I8. */
    long getBytes(ComRef obj, int dispId, String name) {
        Object v = auto.get(obj.pointer(), dispId, name);
        if (v == null) {
            return 0;
        }
        if (v instanceof BigDecimal d) {
            try {
                return d.stripTrailingZeros().longValueExact();
            } catch (ArithmeticException e) {
                throw new IllegalStateException(name + " is " + d.toPlainString() + ", not a byte count", e);
            }
        }
        return ((Number) v).longValue();
    }

    /** A member WUA's reference gives no DISPID for, by name. */
    Object getByName(ComRef obj, String name) {
        Pointer p = obj.pointer();
        return auto.get(p, auto.dispId(p, name), name);
    }

    int count(ComRef collection) {
        return getInt(collection, COLLECTION_COUNT, "Count");
    }
}
