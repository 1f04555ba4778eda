package io.github.wudl.cli;

import io.github.wudl.portable.PortableOptions;
import io.github.wudl.wua.UpdateSession;

/**
 * Opens a session over a catalog: {@link io.github.wudl.portable.PortableBackend#openSession} in real use,
 * another backend or a fake in embedders and tests. Throws {@link io.github.wudl.wua.WuaException} for a
 * catalog that cannot be read or is malformed.
 */
@FunctionalInterface
public interface SessionOpener {
    UpdateSession open(String catalogLocation, PortableOptions options);
}
