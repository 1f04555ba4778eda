package io.github.wudl.portable;

import io.github.wudl.cab.CabinetSignature;
import io.github.wudl.cab.CabinetTrust;
import io.github.wudl.scanfile.ScanFileOptions;
import java.nio.file.Path;

/**
 * The signature check a scan file passes before it is read: Authenticode, chained to Microsoft's code-signing
 * roots ({@link CabinetTrust#microsoft()}), and to a test root besides them only when one is given.
 */
final class ScanFileSignature {
    private ScanFileSignature() {}

    /** The check, trusting {@code testOnlyRoot} (a PEM or DER file) besides Microsoft's roots when not null. */
    static ScanFileOptions.SignatureCheck check(Path testOnlyRoot) {
        return file -> {
            CabinetTrust trust = CabinetTrust.microsoft();
            if (testOnlyRoot != null) {
                trust = trust.withTestRoot(CabinetTrust.readCertificate(testOnlyRoot));
            }
            new CabinetSignature(trust).verify(file);
        };
    }
}
