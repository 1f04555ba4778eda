package io.github.wudl.portable;

import io.github.wudl.backend.SessionSettings;
import io.github.wudl.catalog.Catalog;
import io.github.wudl.scanfile.ScanFile;
import io.github.wudl.scanfile.ScanFileOptions;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Microsoft's offline scan file ({@code wsusscn2.cab}), recognised by a cabinet's signature "MSCF" whatever
 * its name, read by {@link ScanFile} from a local file. Its signature is checked first ({@link
 * ScanFileSignature}); every refusal is an {@code E_INVALIDARG} {@link WuaException} naming the file and the
 * check or fragment that failed.
 */
final class ScanFileSource implements CatalogSource {
    static final ScanFileSource INSTANCE = new ScanFileSource();
    /** Microsoft's files are about 650 MB; room for years of growth, and a bound on a hostile one. */
    static final long MAX_BYTES = 8L << 30;

    private ScanFileSource() {}

    @Override
    public String description() {
        return "Microsoft's offline scan file (wsusscn2.cab)";
    }

    @Override
    public boolean recognises(byte[] head) {
        return ScanFile.recognises(head);
    }

    @Override
    public long maxBytes() {
        return MAX_BYTES;
    }

    @Override
    public boolean readsBodies() {
        return false;
    }

    @Override
    public Catalog read(CatalogDocument document, PortableOptions options) {
        Path file = document.file();
        if (file == null) {
            throw new WuaException(
                    HResult.E_INVALIDARG,
                    "the offline scan file " + document.location() + " must be a local file here");
        }
        SessionSettings settings = options.settings();
        Consumer<String> warnings =
                settings.warnings() != null ? settings.warnings() : w -> System.err.println("wudl: warning: " + w);
        try {
            ScanFileOptions scan = new ScanFileOptions(
                    settings.cacheDir(),
                    settings.language(),
                    settings.includeSuperseded(),
                    ScanFileSignature.check(settings.testOnlyTrustRoot()),
                    warnings);
            return ScanFile.read(file, document.location(), scan);
        } catch (IllegalArgumentException e) {
            throw new WuaException(HResult.E_INVALIDARG, e.getMessage(), e);
        } catch (IOException e) {
            throw new WuaException(
                    HResult.E_INVALIDARG, "the offline scan file " + file + " is refused: " + e.getMessage(), e);
        }
    }
}
