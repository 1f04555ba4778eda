package io.github.wudl.cli;

import io.github.wudl.backend.SessionSettings;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * The options of a catalog that is Microsoft's offline scan file, shared by {@code search}, {@code download}
 * and {@code run} (a picocli mixin). They change nothing for a wudl JSON catalog.
 */
final class ScanFileOption {
    @Option(
            names = "--language",
            paramLabel = "TAG",
            description = "Titles and descriptions of the offline scan file in this language (e.g. de), where it"
                    + " has them; default: each update's own default language.")
    String language;

    @Option(
            names = "--include-superseded",
            description = "List updates of the offline scan file that a newer one supersedes (left out by default).")
    boolean includeSuperseded;

    @Option(
            names = "--test-only-trust-root",
            paramLabel = "PEM",
            description = "FOR TESTS ONLY: also trust this root certificate as a signer of offline scan files,"
                    + " besides Microsoft's code-signing roots.")
    Path testOnlyTrustRoot;

    /** {@code settings} with these options applied; a root file that is not there is a usage error. */
    SessionSettings apply(SessionSettings settings) {
        if (testOnlyTrustRoot != null && !Files.isRegularFile(testOnlyTrustRoot)) {
            throw new UsageError(
                    "--test-only-trust-root " + testOnlyTrustRoot + ": no such file; give a PEM" + " certificate");
        }
        if (language != null && !language.strip().matches("[A-Za-z0-9-]{1,20}")) {
            throw new UsageError("--language " + language + ": not a language tag; give one such as en, de or pt-BR");
        }
        return settings.toBuilder()
                .language(language)
                .includeSuperseded(includeSuperseded)
                .testOnlyTrustRoot(testOnlyTrustRoot == null ? null : testOnlyTrustRoot.toAbsolutePath())
                .build();
    }
}
