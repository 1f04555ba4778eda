package io.github.wudl.cli;

import java.nio.file.Files;
import java.nio.file.Path;

/** The check every command makes of its {@code --catalog} before anything starts. */
final class CatalogOption {
    private CatalogOption() {}

    /**
     * A local catalog that does not exist is the most common typo: refused as a {@link UsageError} (exit 2).
     * Null (no catalog: a script's own services, or WUA) passes; so does a URL, which the backend fetches and
     * reports on itself. A Windows drive path ({@code C:\x}) is a path, not a URL.
     */
    static void check(String catalog) {
        if (catalog == null) {
            return;
        }
        if (catalog.isBlank()) {
            throw new UsageError("--catalog is empty; give a catalog.json path or an http(s) URL");
        }
        if (catalog.matches("(?i)^[a-z][a-z0-9+.-]*:(//|/).*") && !catalog.matches("(?i)^[a-z]:[\\\\/].*")) {
            return;
        }
        Path p = Path.of(catalog).toAbsolutePath();
        if (Files.exists(p) && !Files.isRegularFile(p)) {
            throw new UsageError("--catalog " + catalog + ": " + p + " is not a regular file (a folder, pipe or"
                    + " device); give a catalog.json file or an http(s) URL");
        }
        if (!Files.isRegularFile(p)) {
            throw new UsageError(
                    "--catalog " + catalog + ": no such file (" + p + "); give a catalog.json path or an http(s) URL");
        }
    }
}
