package io.github.wudl.transfer;

import io.github.wudl.wua.DownloadPhase;

/**
 * Observes one transfer. Events, as a grammar: {@code phase(Initializing) (phase(Downloading) progressed*)?
 * phase(Verifying)?} followed by the completion of the transfer's future (result, or failure with a
 * {@link io.github.wudl.wua.WuaException}). Called on transfer threads; implementations must be quick and
 * thread-safe, and must not throw.
 */
public interface TransferListener {
    TransferListener NONE = new TransferListener() {};

    /** The file entered {@code phase}. */
    default void phase(DownloadPhase phase) {}

    /**
     * {@code bytesDone} bytes of the file are now on disk and hashed (including resumed bytes). May go
     * down when a server forces a restart from zero; consumers that need monotony clamp.
     */
    default void progressed(long bytesDone) {}

    /** A retry is about to happen, after {@code cause}. */
    default void retrying(int attempt, Exception cause) {}
}
