package io.github.wudl.script;

import io.github.wudl.wua.UpdateSession;

/**
 * Opens an {@link UpdateSession} over a catalog location: the {@code --catalog} of {@code wudl run}, or the
 * scan file a script registers with {@code ServiceManager.AddScanPackageService}. The script host never picks
 * a backend itself; the command line (or a test) hands it one through this interface.
 *
 * <p>Called on the script's thread, at most once per location and run. Failures are thrown as
 * {@link io.github.wudl.wua.WuaException} and reach the script as a JS error carrying the HRESULT.
 */
@FunctionalInterface
public interface SessionFactory {
    /** A session over {@code catalogLocation}; null for the backend's own service when it needs no catalog. */
    UpdateSession open(String catalogLocation);

    /**
     * True (the default) when a session needs a catalog, so that a run without {@code --catalog} has no
     * default session; false for a backend with its own update service (WUA), whose default session is
     * {@code open(null)}.
     */
    default boolean needsCatalog() {
        return true;
    }
}
