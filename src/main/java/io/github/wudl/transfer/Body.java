package io.github.wudl.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * A response body read into {@link ByteBuffer}s. {@link #read} behaves like a channel read: bytes go in at
 * the buffer's position, -1 at the end of the body (or when the connection ended early: the caller compares
 * counts). {@link #abort()} may be called from any thread and makes the current or next read fail; the rest
 * is for the reading thread.
 */
interface Body extends AutoCloseable {
    int read(ByteBuffer dst) throws IOException;

    /** True when reads into direct buffers save a copy (a socket channel), false for heap buffers. */
    boolean prefersDirect();

    void abort();

    /**
     * Called once every expected byte is in: whether the body goes on (a server sending more than it should).
     * Waits at most about {@code grace} for the body's end; a server that holds the connection open without
     * ending the body counts as done, and so does an error: every byte asked for is here and the digest decides.
     */
    boolean readsPast(Duration grace);

    /** Releases the connection: back to the keep-alive pool only when the body was read to its end. */
    @Override
    void close();
}
