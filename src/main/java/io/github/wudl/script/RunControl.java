package io.github.wudl.script;

import org.graalvm.polyglot.Context;

/**
 * Ends a run early, from any thread: WScript.Quit (script thread), the timeout watchdog, an interrupt, a
 * fatal unhandled rejection. The first reason wins. Stopping wakes the event loop (its waits throw
 * {@link ScriptStop}) and cancels the context with {@code close(true)}, which no script code can catch: a
 * script that swallows the ScriptStop, or spins in {@code while (true) {}} inside a callback, is still ended.
 */
final class RunControl {
    private final EventLoop loop;
    private volatile Context context;
    private volatile ScriptOutcome outcome;

    RunControl() {
        this.loop = new EventLoop(() ->
                stop(ScriptOutcome.Kind.INTERRUPTED, ScriptOutcome.STOPPED_EXIT, "wudl: the script was interrupted"));
    }

    EventLoop loop() {
        return loop;
    }

    void attach(Context context) {
        this.context = context;
    }

    /** The recorded reason, or null while the run has not been stopped. */
    ScriptOutcome outcome() {
        return outcome;
    }

    boolean stopping() {
        return outcome != null;
    }

    /**
     * Records why the run ends (unless a reason is already recorded) and stops it. On the script thread the
     * cancellation takes effect when control returns to script code; callers then throw {@link ScriptStop}.
     * On another thread this returns once the script thread has left the context.
     */
    void stop(ScriptOutcome.Kind kind, int exitCode, String message) {
        synchronized (this) {
            if (outcome != null) {
                return;
            }
            outcome = new ScriptOutcome(kind, exitCode, message);
        }
        loop.stop();
        Context c = context;
        if (c != null) {
            try {
                c.close(true);
            } catch (IllegalStateException | org.graalvm.polyglot.PolyglotException e) {
                // already closed, or closing from inside: either way no more script code runs
            }
        }
    }
}
