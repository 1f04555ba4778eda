package io.github.wudl.windows;

import com.sun.jna.platform.win32.Ole32;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executor;
import java.util.concurrent.LinkedBlockingQueue;

/**
 * The one thread that does all of wudl's COM work: it joins the multithreaded apartment
 * (CoInitializeEx COINIT_MULTITHREADED), so WUA's callbacks arrive on RPC threads without a message pump,
 * and every call into WUA is posted here (wua-reference §6.2). A daemon named {@code wudl-com}; started on
 * first use, it lives as long as the process.
 *
 * <p>RPC_E_CHANGED_MODE (the thread is already in another apartment) cannot happen on a fresh thread; should
 * it, the thread carries on in the apartment it has and does not uninitialise what it did not initialise.
 */
final class ComThread implements Executor {
    private static volatile ComThread instance;

    private final BlockingQueue<Runnable> queue = new LinkedBlockingQueue<>();
    private final Thread thread;
    private final CompletableFuture<Integer> initialized = new CompletableFuture<>();

    private final java.util.function.IntSupplier initializer;

    private ComThread(java.util.function.IntSupplier initializer) {
        this.initializer = initializer;
        thread = new Thread(this::loop, "wudl-com");
        thread.setDaemon(true);
        thread.start();
    }

    /** The process's COM thread, started (and COM initialised on it) on first use. */
    static ComThread get() {
        ComThread t = instance;
        if (t == null) {
            synchronized (ComThread.class) {
                t = instance;
                if (t == null) {
                    t = new ComThread(() -> Ole32.INSTANCE
                            .CoInitializeEx(null, Ole32.COINIT_MULTITHREADED)
                            .intValue());
                    t.awaitInitialized();
                    ComRef.releaser = t;
                    instance = t;
                }
            }
        }
        return t;
    }

    /**
     * A COM thread of its own with {@code initializer} in place of CoInitializeEx: for tests, which drive the
     * wrappers against objects built in native memory on any OS. Not the process's thread; never released to.
     */
    static ComThread withInitializer(java.util.function.IntSupplier initializer) {
        ComThread t = new ComThread(initializer);
        t.awaitInitialized();
        return t;
    }

    private void awaitInitialized() {
        int hr;
        try {
            hr = initialized.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WuaException(HResult.WU_E_CALL_CANCELLED, "interrupted while COM was initialised");
        } catch (ExecutionException e) {
            throw new WuaException(HResult.E_FAIL, "COM could not be initialised: " + e.getCause(), e.getCause());
        }
        if (hr < 0 && hr != HResult.RPC_E_CHANGED_MODE.code()) {
            HResults.check(hr, "CoInitializeEx(COINIT_MULTITHREADED)");
        }
    }

    private void loop() {
        try {
            initialized.complete(initializer.getAsInt());
        } catch (Throwable t) {
            initialized.completeExceptionally(t);
            return;
        }
        while (true) {
            Runnable r;
            try {
                r = queue.take();
            } catch (InterruptedException e) {
                return; // nobody interrupts it; the process ends with it
            }
            try {
                r.run();
            } catch (Throwable t) {
                // a posted release or callback hop that failed must not end the apartment's only thread
                Thread.UncaughtExceptionHandler h = Thread.getDefaultUncaughtExceptionHandler();
                if (h != null) {
                    h.uncaughtException(thread, t);
                } else {
                    t.printStackTrace();
                }
            }
        }
    }

    /** Posts {@code r}; returns at once. */
    @Override
    public void execute(Runnable r) {
        queue.add(r);
    }

    /** Runs {@code work} on this thread and waits for it (inline when already on it). WuaExceptions pass through. */
    <T> T call(Callable<T> work) {
        if (Thread.currentThread() == thread) {
            return callHere(work);
        }
        CompletableFuture<T> f = new CompletableFuture<>();
        queue.add(() -> {
            try {
                f.complete(work.call());
            } catch (Throwable t) {
                f.completeExceptionally(t);
            }
        });
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new WuaException(HResult.WU_E_CALL_CANCELLED, "interrupted while waiting for a COM call");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) {
                throw re;
            }
            if (c instanceof Error err) {
                throw err;
            }
            throw new WuaException(HResult.E_FAIL, c.toString(), c);
        }
    }

    void run(Runnable work) {
        call(() -> {
            work.run();
            return null;
        });
    }

    private static <T> T callHere(Callable<T> work) {
        try {
            return work.call();
        } catch (RuntimeException e) {
            throw e;
        } catch (Exception e) {
            throw new WuaException(HResult.E_FAIL, e.toString(), e);
        }
    }

    boolean isCurrent() {
        return Thread.currentThread() == thread;
    }
}
