package io.github.wudl.windows;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.UpdateDownloader;
import io.github.wudl.wua.UpdateSearcher;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WebProxy;
import io.github.wudl.wua.WuaException;

/** IUpdateSession over COM. WebProxy stays WUA's own (the machine's settings): only SYSTEM is accepted. */
final class WuaSession implements UpdateSession {
    private final Wua wua;
    private final ComRef session;
    private final WindowsOptions options;
    private volatile boolean lockedDown;

    WuaSession(Wua wua, ComRef session, WindowsOptions options) {
        this.wua = wua;
        this.session = session;
        this.options = options;
    }

    @Override
    public String clientApplicationID() {
        return wua.com.call(() -> wua.getString(session, Wua.SESSION_CLIENT_APPLICATION_ID, "ClientApplicationID"));
    }

    @Override
    public void setClientApplicationID(String id) {
        wua.com.run(() -> wua.auto.put(
                session.pointer(), Wua.SESSION_CLIENT_APPLICATION_ID, "ClientApplicationID", id == null ? "" : id));
    }

    @Override
    public boolean readOnly() {
        return lockedDown || wua.com.call(() -> wua.getBool(session, Wua.SESSION_READ_ONLY, "ReadOnly"));
    }

    @Override
    public WebProxy webProxy() {
        return WebProxy.SYSTEM;
    }

    @Override
    public void setWebProxy(WebProxy proxy) {
        if (proxy != null && proxy.address() != null) {
            throw new WuaException(
                    HResult.E_NOTIMPL,
                    "the Windows backend downloads through WUA, which uses the"
                            + " machine's proxy settings; set them in Windows (netsh winhttp set proxy) instead");
        }
    }

    @Override
    public UpdateSearcher createUpdateSearcher() {
        return new WuaSearcher(
                wua,
                wua.com.call(() -> wua.callRef(session, Wua.SESSION_CREATE_UPDATE_SEARCHER, "CreateUpdateSearcher")));
    }

    @Override
    public UpdateDownloader createUpdateDownloader() {
        return new WuaDownloader(
                wua,
                wua.com.call(
                        () -> wua.callRef(session, Wua.SESSION_CREATE_UPDATE_DOWNLOADER, "CreateUpdateDownloader")),
                options,
                this);
    }

    /**
     * Locks down this wudl session: its downloaders refuse to download. WUA's own IUpdateLockdown is not
     * called, since it would lock the COM object for other users of this process as well.
     */
    @Override
    public void lockDown() {
        lockedDown = true;
    }

    boolean lockedDown() {
        return lockedDown;
    }
}
