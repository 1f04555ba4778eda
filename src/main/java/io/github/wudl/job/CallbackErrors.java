package io.github.wudl.job;

import java.util.function.BiConsumer;

/** Where an exception a user callback threw is told when the embedder chose nothing else. */
public final class CallbackErrors {
    private CallbackErrors() {}

    /** One line on standard error naming the callback and the exception; the download goes on. */
    public static BiConsumer<String, Throwable> standardError() {
        return (what, error) -> System.err.println("wudl: the " + what + " threw " + error + "; the download goes on");
    }
}
