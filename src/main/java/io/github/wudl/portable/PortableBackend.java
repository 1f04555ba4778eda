package io.github.wudl.portable;

import io.github.wudl.backend.Backend;
import io.github.wudl.backend.SessionSettings;
import io.github.wudl.catalog.Catalog;
import io.github.wudl.catalog.CatalogFile;
import io.github.wudl.transfer.ContentCache;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WuaException;
import java.util.List;
import java.util.Map;

/**
 * Entry point of the portable backend: a session over a catalog (SPEC §3), with content fetched over
 * HTTP(S) into a content-addressed cache.
 *
 * <p>Opening a session reads and validates the whole catalog: a malformed catalog, an unreadable file or a
 * catalog URL that cannot be fetched is refused with a {@link WuaException} whose message says what was
 * wrong, where, and what to do. Nothing is written to disk before that.
 *
 * <p>As a {@link Backend} ({@link #INSTANCE}) every session needs a catalog; the static methods are for
 * embedders and tests that tune the portable options beyond {@link SessionSettings}.
 */
public final class PortableBackend implements Backend {
    /** The portable backend as the command line and the script host use it. */
    public static final PortableBackend INSTANCE = new PortableBackend();

    /**
     * The largest catalog file of any kind: Microsoft's offline scan file, read from disk (about 650 MB). A
     * JSON catalog, read into memory, has its own smaller limit ({@code CatalogReader.MAX_CATALOG_BYTES}).
     */
    public static final long MAX_CATALOG_BYTES = ScanFileSource.MAX_BYTES;

    private PortableBackend() {}

    /**
     * A session over the catalog at {@code source} with the portable reading of {@code settings}
     * ({@link PortableOptions#from}). A null source is refused: the portable backend has no service of its own.
     */
    @Override
    public UpdateSession openSession(String source, SessionSettings settings) {
        if (source == null) {
            throw new WuaException(
                    io.github.wudl.wua.HResult.WU_E_NO_SERVICE,
                    "the portable backend needs a catalog: a catalog.json path or an http(s) URL");
        }
        return openSession(source, PortableOptions.from(settings));
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
        ContentCache cache =
                new ContentCache(options.cacheDir(), options.transferConfig().warnings());
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

    /** Reads and validates the catalog at {@code location} (file path, file: URI or http(s) URL); see {@link CatalogLoader}. */
    public static Catalog loadCatalog(String location, PortableOptions options) {
        return CatalogLoader.DEFAULT.load(location, options);
    }

    /**
     * As {@link #loadCatalog}, and the SHA-256 (lower-case hex) of the document read: a bundle's and a lock's
     * provenance. Costs one more read of the document (a second or so for the offline scan file).
     */
    public static Map.Entry<Catalog, String> loadCatalogWithDigest(String location, PortableOptions options) {
        CatalogLoader.Loaded loaded = CatalogLoader.DEFAULT.load(location, options, true);
        return Map.entry(loaded.catalog(), loaded.sha256());
    }
}
