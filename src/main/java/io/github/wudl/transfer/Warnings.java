package io.github.wudl.transfer;

import java.util.function.Consumer;

/**
 * Where warnings go by default: one line each on standard error, prefixed {@code "wudl: warning: "}. A warning
 * is something a user should know that does not stop the work (a cache folder others can write, a link removed
 * from the cache); callers that own an error stream pass their own sink instead.
 */
public final class Warnings {
    /** Prints each warning as one line on {@link System#err}. */
    public static final Consumer<String> STDERR = line -> System.err.println("wudl: warning: " + line);

    private Warnings() {
    }

    /** A sink printing to {@code err} with the usual prefix. */
    public static Consumer<String> to(java.io.PrintWriter err) {
        return line -> {
            err.println("wudl: warning: " + line);
            err.flush();
        };
    }
}
