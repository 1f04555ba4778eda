package io.github.wudl.transfer;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.nio.ByteBuffer;

/**
 * The body of one HTTP exchange, which another thread can abort. A read already blocked in the socket cannot
 * be woken (see {@link Http}); an aborted stream fails its next read, and the socket's read timeout bounds
 * how long a blocked one lasts. Closing a body that was not read to its end drops the connection instead of
 * returning it to the keep-alive pool, so a half-read response never leaks into the next request.
 */
final class AbortableInput extends InputStream implements Body {
    private final HttpURLConnection connection;
    private final boolean hasBody;
    private InputStream in;
    private volatile boolean aborted;
    private boolean atEnd;
    private boolean closed;
    /** For reads into a native buffer (direct-I/O bodies): the stream reads into an array first. */
    private byte[] scratch;

    AbortableInput(HttpURLConnection connection, boolean hasBody) {
        this.connection = connection;
        this.hasBody = hasBody;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (aborted) {
            throw new IOException("aborted");
        }
        if (!hasBody) {
            return -1;
        }
        if (in == null) {
            in = connection.getInputStream();
        }
        int n = in.read(b, off, len);
        if (aborted) {
            throw new IOException("aborted");
        }
        atEnd |= n < 0;
        return n;
    }

    @Override
    public int read(ByteBuffer dst) throws IOException {
        if (!dst.hasArray()) {
            if (scratch == null) {
                scratch = new byte[64 * 1024];
            }
            int n = read(scratch, 0, Math.min(scratch.length, dst.remaining()));
            if (n > 0) {
                dst.put(scratch, 0, n);
            }
            return n;
        }
        int n = read(dst.array(), dst.arrayOffset() + dst.position(), dst.remaining());
        if (n > 0) {
            dst.position(dst.position() + n);
        }
        return n;
    }

    @Override
    public boolean prefersDirect() {
        return false;
    }

    /**
     * A read of this stream cannot be woken, so it is made only where it cannot block: when the JDK knows the
     * body's length (it then answers -1 at once), or when bytes of a close-delimited body are already buffered.
     * A chunked body is not read past its data at all: the JDK's decoder reads trailers without a bound, inside
     * one read that nothing can stop. A body whose end has not arrived is taken as ended rather than waiting
     * up to the stall timeout for a server that holds the connection; such a connection is dropped, not reused.
     */
    @Override
    public boolean readsPast(java.time.Duration grace) {
        try {
            if (!hasBody
                    || in == null
                    || "chunked".equalsIgnoreCase(connection.getHeaderField("Transfer-Encoding"))
                    || (connection.getContentLengthLong() < 0 && in.available() <= 0)) {
                return false;
            }
            return read() >= 0;
        } catch (IOException e) {
            return false;
        }
    }

    /** Makes the next read fail with an IOException. Any thread; idempotent. */
    @Override
    public void abort() {
        aborted = true;
    }

    boolean aborted() {
        return aborted;
    }

    /** Called by the reading thread only. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        if (atEnd && !aborted) {
            Http.closeQuietly(in); // whole body read: the connection can serve the next request
        } else {
            connection.disconnect();
        }
    }
}
