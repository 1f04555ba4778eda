package io.github.wudl.portable;

import io.github.wudl.wua.Digests;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * A catalog document as {@link CatalogLoader} hands it to a {@link CatalogSource}: where it came from (relative
 * URLs resolve against {@link #location()}), and either a local regular file or a body already fetched into
 * memory. A source that needs random access (a cabinet) uses {@link #file()}; one that parses text asks for
 * {@link #bytes(long)}.
 */
public final class CatalogDocument {
    private final URI location;
    private final Path file;
    private final byte[] body;

    private CatalogDocument(URI location, Path file, byte[] body) {
        this.location = location;
        this.file = file;
        this.body = body;
    }

    static CatalogDocument ofFile(Path file) {
        return new CatalogDocument(file.toUri(), file, null);
    }

    /** A document fetched from {@code location} into the local file {@code file} (in the cache). */
    static CatalogDocument ofFetchedFile(URI location, Path file) {
        return new CatalogDocument(location, file, null);
    }

    static CatalogDocument ofBody(URI location, byte[] body) {
        return new CatalogDocument(location, null, body);
    }

    public URI location() {
        return location;
    }

    /** The local file, or null for a body fetched over http(s). */
    public Path file() {
        return file;
    }

    /**
     * The whole document, refused past {@code max} while reading: a pipe or a device ({@code <(…)},
     * /dev/stdin, and by mistake /dev/zero) reports a size of 0, so a size checked before says nothing about it.
     */
    public byte[] bytes(long max) {
        if (body != null) {
            return body;
        }
        try (InputStream in = Files.newInputStream(file)) {
            byte[] bytes = in.readNBytes((int) Math.min(Integer.MAX_VALUE - 8, max + 1));
            if (bytes.length > max) {
                throw new WuaException(
                        HResult.E_INVALIDARG,
                        "the catalog " + file + " goes on past the limit of " + max
                                + " bytes; check that it is a catalog file (not a device or an endless pipe)");
            }
            return bytes;
        } catch (IOException e) {
            throw new WuaException(HResult.E_INVALIDARG, "cannot read the catalog " + file + ": " + e.getMessage(), e);
        }
    }

    /** The SHA-256 of the document as read (lower-case hex): a bundle's or a lock's record of its source. */
    public String sha256() {
        try {
            if (body != null) {
                return java.util.HexFormat.of()
                        .formatHex(java.security.MessageDigest.getInstance(Digests.SHA256)
                                .digest(body));
            }
            return Digests.ofFile(file, java.util.List.of(Digests.SHA256)).get(0);
        } catch (IOException e) {
            throw new WuaException(HResult.E_INVALIDARG, "cannot read the catalog " + file + ": " + e.getMessage(), e);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every JDK", e);
        }
    }

    /** Its first {@code n} bytes (fewer when it is shorter). */
    byte[] head(int n) throws IOException {
        if (body != null) {
            return java.util.Arrays.copyOf(body, Math.min(n, body.length));
        }
        try (InputStream in = Files.newInputStream(file)) {
            return in.readNBytes(n);
        }
    }
}
