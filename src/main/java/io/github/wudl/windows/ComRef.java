package io.github.wudl.windows;

import com.sun.jna.Pointer;
import java.lang.ref.Cleaner;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One counted reference to a COM interface. {@link #close()} releases it once; should the owner forget, the
 * reference is released after the ComRef becomes unreachable, on the {@link #releaser} (the COM thread: a
 * Release must come from a thread that has COM initialised, never from the Cleaner's own thread).
 */
final class ComRef implements AutoCloseable {
    private static final Cleaner CLEANER = Cleaner.create();
    /** Where forgotten references are released; set by {@link ComThread} when it starts. */
    static volatile Executor releaser = Runnable::run;

    private final Pointer pointer;
    private final State state;
    private final Cleaner.Cleanable cleanable;

    private ComRef(Pointer pointer) {
        this.pointer = pointer;
        this.state = new State(pointer);
        this.cleanable = CLEANER.register(this, state);
    }

    /** Takes over a reference the caller already owns (an out-parameter of a COM call). */
    static ComRef adopt(Pointer p) {
        if (p == null) {
            throw new IllegalArgumentException("a null interface pointer");
        }
        return new ComRef(p);
    }

    /** Takes a new reference (AddRef) to {@code p}. */
    static ComRef addRef(Pointer p) {
        Com.addRef(p);
        return adopt(p);
    }

    Pointer pointer() {
        if (state.released.get()) {
            throw new IllegalStateException("the COM reference was already released");
        }
        return pointer;
    }

    @Override
    public void close() {
        state.releaseNow = true;
        cleanable.clean();
    }

    /** Holds no reference to the ComRef, so the Cleaner can see it become unreachable. */
    private static final class State implements Runnable {
        private final Pointer pointer;
        private final AtomicBoolean released = new AtomicBoolean();
        private volatile boolean releaseNow;

        State(Pointer pointer) {
            this.pointer = pointer;
        }

        @Override
        public void run() {
            if (!released.compareAndSet(false, true)) {
                return;
            }
            if (releaseNow) {
                Com.release(pointer);
            } else {
                releaser.execute(() -> Com.release(pointer));
            }
        }
    }
}
