package io.github.wudl.portable;

import java.nio.file.Path;
import java.util.Locale;

/** Where the content cache lives when the user does not say (SPEC §4 {@code --cache}). */
public final class CacheLocation {
    private CacheLocation() {}

    /**
     * {@code $WUDL_CACHE}; else {@code %LOCALAPPDATA%\wudl} on Windows; else {@code $XDG_CACHE_HOME/wudl};
     * else {@code ~/.cache/wudl}. Absolute.
     */
    public static Path defaultCacheDir() {
        String explicit = System.getenv("WUDL_CACHE");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit).toAbsolutePath();
        }
        boolean windows =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        String localAppData = System.getenv("LOCALAPPDATA");
        if (windows && localAppData != null && !localAppData.isBlank()) {
            return Path.of(localAppData, "wudl").toAbsolutePath();
        }
        String xdg = System.getenv("XDG_CACHE_HOME");
        if (xdg != null && !xdg.isBlank()) {
            return Path.of(xdg, "wudl").toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "wudl").toAbsolutePath();
    }
}
