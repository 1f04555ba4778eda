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

    /** Installs the trust store for this process when one was given. */
    void install() {
        if (file != null) {
            TrustStore.install(file);
        }
    }
}
