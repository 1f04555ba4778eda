package io.github.wudl.portable;

import io.github.wudl.catalog.Catalog;
import io.github.wudl.catalog.CatalogFile;
import io.github.wudl.catalog.CatalogOptions;
import io.github.wudl.catalog.CatalogReader;
import io.github.wudl.transfer.ContentCache;
import io.github.wudl.transfer.HttpFetch;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WuaException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Entry point of the portable backend: a session over a catalog (SPEC §3), with content fetched over
 * HTTP(S) into a content-addressed cache.
 *
 * <p>Opening a session reads and validates the whole catalog: a malformed catalog, an unreadable file or a
 * catalog URL that cannot be fetched is refused with a {@link WuaException} whose message says what was
 * wrong, where, and what to do. Nothing is written to disk before that.
 */
public final class PortableBackend {
    /** A catalog larger than this is refused rather than read into memory (10,000 updates are ~10 MiB). */
    public static final long MAX_CATALOG_BYTES = CatalogReader.MAX_CATALOG_BYTES;

    private PortableBackend() {
    }

    /**
     * A session over the catalog at {@code catalogLocation}: a file path, a {@code file:} URI, or an
     * http(s) URL.
     */
    public static UpdateSession openSession(String catalogLocation, PortableOptions options) {
        return openSession(loadCatalog(catalogLocation, options), options);
    }

    /** A session over an already parsed catalog. */
    public static UpdateSession openSession(Catalog catalog, PortableOptions options) {
        // ContentCache refuses an unusable directory with a WuaException that names it and says what to do
        ContentCache cache = new ContentCache(options.cacheDir(), options.transferConfig().warnings());
        return new PortableSession(catalog, options, cache);
    }

    /**
     * The content files a download of {@code update} with {@code type} would fetch, in the order the job
     * reports them (its own files, then its bundled updates', depth first; or its bootstrapper alone), so that
     * a caller can plan where they go before anything is fetched. Empty for an update of another backend, and
     * for a bootstrapper download of an update without one (the downloader refuses that).
     */
    public static List<CatalogFile> contentFiles(Update update, DownloadType type) {
        if (!(update instanceof PortableUpdate u)) {
            return List.of();
        }
        if (type == DownloadType.UpdateBootstrapper) {
            CatalogFile b = u.entry().bootstrapper();
            return b == null ? List.of() : List.of(b);
        }
        return List.copyOf(u.fullFiles());
    }

    /**
     * The file's bytes, refused past the limit while reading: a pipe or a device ({@code <(…)}, /dev/stdin, and
     * by mistake /dev/zero) reports a size of 0, so the size checked before says nothing about them.
     */
    private static byte[] readAtMost(Path path) throws IOException {
        try (java.io.InputStream in = Files.newInputStream(path)) {
            byte[] bytes = in.readNBytes((int) MAX_CATALOG_BYTES + 1);
            if (bytes.length > MAX_CATALOG_BYTES) {
                throw new WuaException(HResult.E_INVALIDARG, "the catalog " + path + " goes on past the limit of "
                        + MAX_CATALOG_BYTES + " bytes; check that it is a catalog file (not a device or an endless pipe)");
            }
            return bytes;
        }
    }

    /** Reads and validates the catalog at {@code location} (file path, file: URI or http(s) URL). */
    public static Catalog loadCatalog(String location, PortableOptions options) {
        if (location == null || location.isBlank()) {
            throw new WuaException(HResult.E_INVALIDARG, "no catalog given; pass --catalog with a file path or an http(s) URL");
        }
        CatalogOptions catalogOptions = new CatalogOptions(options.allowUnverified());
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            URI uri = URI.create(location);
            byte[] body = HttpFetch.get(uri, MAX_CATALOG_BYTES, options.transferConfig());
            return CatalogReader.parse(body, uri, catalogOptions);
        }
        Path path;
        try {
            path = lower.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        } catch (IllegalArgumentException e) {
            throw new WuaException(HResult.E_INVALIDARG, "the catalog location '" + location
                    + "' is neither a file path nor an http(s) URL; pass one of those", e);
        }
        path = path.toAbsolutePath().normalize();
        try {
            if (Files.isDirectory(path)) {
                throw new WuaException(HResult.E_INVALIDARG, "the catalog " + path
                        + " is a directory; pass the catalog's JSON file");
            }
            long size = Files.size(path);
            if (size > MAX_CATALOG_BYTES) {
                throw new WuaException(HResult.E_INVALIDARG, "the catalog " + path + " is " + size
                        + " bytes, over the limit of " + MAX_CATALOG_BYTES + "; split it or check that it is a catalog");
            }
            return CatalogReader.parse(readAtMost(path), path.toUri(), catalogOptions);
        } catch (NoSuchFileException e) {
            throw new WuaException(HResult.E_INVALIDARG, "the catalog file " + path
                    + " does not exist; check the --catalog path", e);
        } catch (IOException e) {
            throw new WuaException(HResult.E_INVALIDARG, "cannot read the catalog " + path + ": " + e.getMessage(), e);
        }
    }
}
