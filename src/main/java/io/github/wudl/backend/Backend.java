package io.github.wudl.backend;

import io.github.wudl.wua.UpdateSession;

/**
 * Where updates come from and how they are fetched: opens {@link UpdateSession}s. Implemented by the portable
 * backend (a catalog, wudl's own transfers) and the Windows backend (the machine's Windows Update Agent), and
 * by fakes in tests.
 *
 * <p>Promises of every implementation: {@link #openSession} either returns a usable session or throws a
 * {@link io.github.wudl.wua.WuaException} whose message says what was wrong, where, and what to do; it writes
 * nothing before the source has been read and validated. It may be called from any thread, any number of
 * times; sessions are independent of each other.
 */
@FunctionalInterface
public interface Backend {
    /**
     * A session over {@code source}: a catalog's location for a backend that {@link #needsSource() needs one}
     * (a path or an http(s) URL); null for the backend's own update service. A backend without catalogs
     * refuses a non-null source, saying so.
     */
    UpdateSession openSession(String source, SessionSettings settings);

    /**
     * True (the default) when every session needs a source; false for a backend with an update service of its
     * own (WUA), which opens a session with a null source.
     */
    default boolean needsSource() {
        return true;
    }

    /** How messages name where a session's updates come from: the source itself, or the backend's service. */
    default String describe(String source) {
        return source;
    }
}
