package io.github.wudl.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/** {@code --truststore FILE}, shared by the commands that fetch over https (a picocli mixin). */
final class TrustStoreOption {
    @Option(
            names = "--truststore",
            paramLabel = "FILE",
            description =
                    "Also trust the certificates in FILE for https (PKCS12/JKS trust store or PEM), besides the JDK's CAs.")
    Path file;

    /**
     * Installs the trust store for this process when one was given; its password, when it needs one, is
     * {@code env}'s {@code WUDL_TRUSTSTORE_PASSWORD}.
     */
    void install(CliEnvironment env) {
        if (file != null) {
            TrustStore.install(file, env.env().get("WUDL_TRUSTSTORE_PASSWORD"));
        }
    }
}
