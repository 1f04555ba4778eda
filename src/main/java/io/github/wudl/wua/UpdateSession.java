package io.github.wudl.wua;

/**
 * IUpdateSession: the entry point of a backend. Objects it creates share its settings.
 *
 * <p>{@link #lockDown()} is IUpdateLockdown.LockDown: afterwards the session is ReadOnly and downloaders
 * made from it refuse to download with WU_E_INVALID_OPERATION.
 */
public interface UpdateSession {
    String clientApplicationID();

    void setClientApplicationID(String id);

    boolean readOnly();

    WebProxy webProxy();

    void setWebProxy(WebProxy proxy);

    UpdateSearcher createUpdateSearcher();

    UpdateDownloader createUpdateDownloader();

    /** IUpdateLockdown.LockDown(0). */
    void lockDown();
}
