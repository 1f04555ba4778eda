package io.github.wudl.transfer;

import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;

/**
 * One-line warnings to the user that do not stop anything (a plain-http catalog, content redirected from https
 * to http, a cache folder others can write, a link removed from the cache). Each key is said at most once
 * per {@code Warnings}, so a session that fetches a thousand files from one host says it once; a
 * {@link TransferConfig} and every copy made of it with {@code toBuilder()} share one. Thread-safe; the sink
 * may be called from any worker thread.
 */
public final class Warnings {
    private final Consumer<String> sink;
    private final Set<String> said = ConcurrentHashMap.newKeySet();

    /** Lines go to {@code sink} as they are (no prefix, no newline). */
    public Warnings(Consumer<String> sink) {
        this.sink = Objects.requireNonNull(sink);
    }

    /** Lines on standard error, prefixed {@code wudl: warning: }. */
    public static Warnings toStandardError() {
        return new Warnings(line -> System.err.println("wudl: warning: " + line));
    }

    /** Lines on {@code err}, prefixed {@code wudl: warning: } and flushed. */
    public static Warnings to(java.io.PrintWriter err) {
        return new Warnings(line -> {
            err.println("wudl: warning: " + line);
            err.flush();
        });
    }

    /** Says {@code line} now (for events that are each worth a line of their own). */
    public void say(String line) {
        sink.accept(line);
    }

    /** Says {@code line} unless something was already said under {@code key}. */
    void once(String key, String line) {
        if (said.add(key)) {
            sink.accept(line);
        }
    }
}
