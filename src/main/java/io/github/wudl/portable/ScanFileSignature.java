package io.github.wudl.portable;

import io.github.wudl.scanfile.ScanFileException;
import io.github.wudl.scanfile.ScanFileOptions;
import java.nio.file.Path;

/** The signature check a scan file passes before it is read: Authenticode, to Microsoft's roots. */
final class ScanFileSignature {
    private ScanFileSignature() {}

    /** The check, trusting {@code testOnlyRoot} (a PEM file) besides Microsoft's roots when it is not null. */
    static ScanFileOptions.SignatureCheck check(Path testOnlyRoot) {
        return file -> {
            throw new ScanFileException("its Authenticode signature cannot be checked yet");
        };
    }
}
