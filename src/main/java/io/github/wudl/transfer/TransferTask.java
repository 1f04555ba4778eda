package io.github.wudl.transfer;

import java.util.concurrent.CompletableFuture;

/**
 * A submitted transfer. {@link #result()} completes exactly once: with the result, or exceptionally with a
 * {@link io.github.wudl.wua.WuaException} whose HRESULT says why (WU_E_CALL_CANCELLED after {@link #cancel()}).
 */
public interface TransferTask {
    CompletableFuture<TransferResult> result();

    /** Stops the transfer promptly (closing its connection); the partial file stays for a later resume. */
    void cancel();
}
