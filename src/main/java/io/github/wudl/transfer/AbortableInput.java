package io.github.wudl.transfer;

import java.io.IOException;
import java.io.InputStream;

/**
 * A response body that another thread can abort while a read is blocked in it. Closing HttpClient's body
 * stream alone does not reliably wake a reader parked for the next buffer, so {@link #abort()} also interrupts
 * the reading thread, but only while it is inside {@link #read(byte[], int, int)}: the interrupt is cleared
 * before the read returns, so it can never reach the part file's FileChannel (which an interrupt closes).
 */
final class AbortableInput extends InputStream {
    private final InputStream in;
    private Thread reader;
    private boolean aborted;
    private boolean interruptedReader;

    AbortableInput(InputStream in) {
        this.in = in;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        synchronized (this) {
            if (aborted) {
                throw new IOException("aborted");
            }
            reader = Thread.currentThread();
        }
        try {
            return in.read(b, off, len);
        } finally {
            synchronized (this) {
                reader = null;
                if (interruptedReader) {
                    interruptedReader = false;
                    Thread.interrupted(); // ours, not the caller's: do not let it leak out
                }
            }
        }
    }

    /** Ends a blocked or future read with an IOException, and closes the stream. Any thread; idempotent. */
    void abort() {
        synchronized (this) {
            aborted = true;
            if (reader != null && reader != Thread.currentThread()) {
                interruptedReader = true;
                reader.interrupt();
            }
        }
        Http.closeQuietly(in);
    }

    synchronized boolean aborted() {
        return aborted;
    }

    @Override
    public void close() {
        Http.closeQuietly(in);
    }
}
