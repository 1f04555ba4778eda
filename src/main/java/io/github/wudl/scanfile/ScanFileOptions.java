package io.github.wudl.scanfile;

import java.nio.file.Path;
import java.util.Objects;
import java.util.function.Consumer;

/**
 * How {@link ScanFile} reads a scan file.
 *
 * @param cacheDir the content cache's root; the index lives in its {@code scanfile/} folder, and so do the
 *     inner cabinets while they are read (nothing is written outside the cache)
 * @param language the language of titles and descriptions ({@code --language}), or {@code ""} for each
 *     update's default language
 * @param includeSuperseded list updates that a newer update of the file supersedes (left out by default)
 * @param signature the check of the file's signature, run before anything in it is believed
 * @param warnings where notices go (updates left out, an index rebuilt)
 */
public record ScanFileOptions(
        Path cacheDir,
        String language,
        boolean includeSuperseded,
        SignatureCheck signature,
        Consumer<String> warnings) {
    public ScanFileOptions {
        Objects.requireNonNull(cacheDir, "cacheDir");
        Objects.requireNonNull(signature, "signature");
        language = language == null ? "" : language.toLowerCase(java.util.Locale.ROOT);
        warnings = warnings == null ? w -> {} : warnings;
        if (!language.matches("[a-z0-9-]{0,20}")) {
            throw new IllegalArgumentException(
                    "the language \"" + language + "\" is not a language tag such as en, de or pt-br");
        }
    }

    /** Checks a scan file's signature; throws with a message naming the check that failed. */
    @FunctionalInterface
    public interface SignatureCheck {
        void verify(Path file) throws java.io.IOException;
    }
}
