package io.github.wudl.transfer;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Writes a body's buffers to the part file on a second thread while the worker reads and hashes the next
 * one: reading, hashing and writing each cost about the same per byte, so overlapping the write with the
 * other two is what lets one file approach the speed of {@code curl -o} while verifying.
 *
 * <p>A ring of {@code slots} buffers: the worker fills slot i, hands it over with {@link #submit}, and
 * before refilling it {@link #acquire} waits for its write. Writes run in submission order on one thread, so
 * the part file only ever grows by whole, ordered buffers. {@link #drain} must be called before the part
 * file is looked at again (and is, by {@link #close}).
 */
final class WriteBehind implements AutoCloseable {
    private static final AtomicInteger THREADS = new AtomicInteger();

    /** Appends a buffer; runs on the writer thread. */
    interface Sink {
        void write(ByteBuffer buf) throws IOException;
    }

    private final ByteBuffer[] buffers;
    private final Future<?>[] pending;
    private final ExecutorService writer;
    private final Sink sink;
    private int next;
    /** Set by the first failed write: later queued writes must not land where it left off. */
    private volatile boolean failed;

    /**
     * {@code direct}: native buffers instead of heap arrays; {@code alignment} (a power of two, or 0 for
     * none): the native buffers' addresses are multiples of it, as direct I/O needs.
     */
    WriteBehind(int slots, int bufferSize, int alignment, boolean direct, Sink sink) {
        this.buffers = new ByteBuffer[slots];
        for (int i = 0; i < slots; i++) {
            if (direct && alignment > 0) {
                buffers[i] = ByteBuffer.allocateDirect(bufferSize + alignment).alignedSlice(alignment);
                buffers[i].limit(bufferSize);
                buffers[i] = buffers[i].slice();
            } else {
                buffers[i] = direct ? ByteBuffer.allocateDirect(bufferSize) : ByteBuffer.allocate(bufferSize);
            }
        }
        this.pending = new Future<?>[slots];
        this.sink = sink;
        this.writer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "wudl-writer-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
    }

    /** The next free buffer, cleared, after its previous write finished; a failed write surfaces here. */
    ByteBuffer acquire() throws IOException {
        await(next);
        return buffers[next].clear();
    }

    /** Queues the write of the buffer {@link #acquire} returned, flipped (position 0, limit = bytes). */
    void submit() {
        ByteBuffer buf = buffers[next];
        pending[next] = writer.submit(() -> {
            if (failed) {
                return null; // the failure is reported by the write that failed
            }
            try {
                sink.write(buf);
            } catch (IOException | RuntimeException e) {
                failed = true;
                throw e;
            }
            return null;
        });
        next = (next + 1) % buffers.length;
    }

    /** Waits for every queued write; the first failure is thrown. */
    void drain() throws IOException {
        IOException first = null;
        for (int i = 0; i < pending.length; i++) {
            int slot = (next + i) % pending.length; // oldest first
            try {
                await(slot);
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        if (first != null) {
            throw first;
        }
    }

    private void await(int slot) throws IOException {
        Future<?> f = pending[slot];
        if (f == null) {
            return;
        }
        pending[slot] = null;
        boolean interrupted = false;
        try {
            while (true) {
                try {
                    f.get();
                    return;
                } catch (InterruptedException e) {
                    interrupted = true; // the write is under way: its outcome decides the part file's length
                } catch (ExecutionException e) {
                    Throwable c = e.getCause();
                    throw c instanceof IOException io ? io : new IOException(String.valueOf(c), c);
                }
            }
        } finally {
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
    }

    @Override
    public void close() throws IOException {
        try {
            drain();
        } finally {
            writer.shutdown();
        }
    }
}
