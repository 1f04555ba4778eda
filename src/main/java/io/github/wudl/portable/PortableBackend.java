package io.github.wudl.portable;

import io.github.wudl.wua.UpdateSession;

/**
 * Entry point of the portable backend: a session over a catalog (SPEC §3), with content fetched over
 * HTTP(S) into a content-addressed cache.
 *
 * <p>Opening a session reads and validates the whole catalog: a malformed catalog, an unreadable file or a
 * catalog URL that cannot be fetched is refused with a {@link io.github.wudl.wua.WuaException} whose message
 * says what was wrong, where, and what to do. Nothing is written to disk before that.
 */
public final class PortableBackend {
    private PortableBackend() {
    }

    /**
     * A session over the catalog at {@code catalogLocation}: a file path, a {@code file:} URI, or an
     * http(s) URL.
     */
    public static UpdateSession openSession(String catalogLocation, PortableOptions options) {
        throw new UnsupportedOperationException("portable backend: work in progress");
    }
}
