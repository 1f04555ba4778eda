package io.github.wudl.windows;

import com.sun.jna.Platform;
import com.sun.jna.platform.win32.Guid.GUID;
import com.sun.jna.platform.win32.Ole32;
import com.sun.jna.platform.win32.WTypes;
import com.sun.jna.ptr.PointerByReference;
import io.github.wudl.backend.Backend;
import io.github.wudl.backend.SessionSettings;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WuaException;

/**
 * The Windows backend: the machine's own Windows Update Agent through COM (wuapi's
 * {@code Microsoft.Update.Session}), behind the same object model as the portable backend. Chosen only
 * when asked for ({@code --backend wua}); never silently.
 *
 * <p>Every COM call runs on one MTA thread ({@link ComThread}). Callbacks reach WUA as IDispatch objects whose
 * DISPID 0 forwards to the engine's callback on a per-job dispatcher thread, never inside WUA's call.
 *
 * <p>As a {@link Backend} ({@link #INSTANCE}) it needs no source: WUA searches its own update service, and a
 * catalog given to it is refused with E_NOTIMPL saying so.
 */
public final class WindowsBackend implements Backend {
    /** How messages name where this backend's updates come from. */
    public static final String SOURCE_NAME = "the Windows Update Agent";

    /** The Windows backend as the command line and the script host use it. */
    public static final WindowsBackend INSTANCE = new WindowsBackend();

    private WindowsBackend() {}

    /**
     * A session of the machine's WUA with {@link WindowsOptions#from the Windows reading} of
     * {@code settings}; {@code source} must be null. Off Windows, WU_E_NOT_SUPPORTED saying so.
     */
    @Override
    public UpdateSession openSession(String source, SessionSettings settings) {
        if (source != null) {
            // e.g. a script's ServiceManager.AddScanPackageService with a wudl catalog, which WUA cannot read
            throw new WuaException(
                    HResult.E_NOTIMPL,
                    "with --backend wua the Windows Update Agent searches its own service; a catalog (" + source
                            + ") cannot be added to it. Use the portable backend for catalogs");
        }
        return openSession(WindowsOptions.from(settings));
    }

    @Override
    public boolean needsSource() {
        return false;
    }

    @Override
    public String describe(String source) {
        return source == null ? SOURCE_NAME : source;
    }

    /** True on Windows, where the backend can be used at all. */
    public static boolean available() {
        return Platform.isWindows();
    }

    /** Off Windows, a WU_E_NOT_SUPPORTED {@link WuaException} saying so and what to use instead. */
    public static void checkAvailable() {
        if (!available()) {
            throw new WuaException(
                    HResult.WU_E_NOT_SUPPORTED,
                    "--backend wua drives the Windows Update Agent"
                            + " through COM and runs only on Windows; this is " + System.getProperty("os.name")
                            + ". Leave --backend out (or give --backend portable) to download from a catalog with --catalog.");
        }
    }

    /**
     * Opens a session of the real WUA. Off Windows, or where WUA is not registered, throws a
     * {@link WuaException} whose message says so and what to use instead.
     */
    public static UpdateSession openSession(WindowsOptions options) {
        checkAvailable();
        ComThread com = ComThread.get();
        Wua wua = new Wua(com, new Automation(Bstrs.oleAut()), DispatchCallback.ole32FreeThreadedMarshaler());
        ComRef session = com.call(() -> create(Iids.CLSID_UPDATE_SESSION, "Microsoft.Update.Session"));
        return new WuaSession(wua, session, options == null ? WindowsOptions.defaults() : options);
    }

    /** CoCreateInstance of {@code clsid} for its IDispatch; on the COM thread. */
    static ComRef create(GUID clsid, String progId) {
        PointerByReference out = new PointerByReference();
        int hr = Ole32.INSTANCE
                .CoCreateInstance(clsid, null, WTypes.CLSCTX_SERVER, Iids.IID_IDISPATCH, out)
                .intValue();
        HResults.check(hr, "creating " + progId);
        return ComRef.adopt(out.getValue());
    }
}
