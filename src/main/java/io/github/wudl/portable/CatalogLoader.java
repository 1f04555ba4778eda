package io.github.wudl.portable;

import io.github.wudl.catalog.Catalog;
import io.github.wudl.transfer.HttpFetch;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * Turns a catalog location (a file path, a {@code file:} URI or an http(s) URL) into a {@link Catalog}: opens
 * or fetches the document within the largest limit of its sources, then lets the first {@link CatalogSource}
 * that recognises its first bytes read it. Every refusal is a {@link WuaException} saying what was wrong,
 * where, and what to do; nothing is written to disk. Immutable.
 */
final class CatalogLoader {
    /** The sources of every session: the offline scan file, then wudl's JSON, the fallback. */
    static final CatalogLoader DEFAULT =
            new CatalogLoader(List.of(ScanFileSource.INSTANCE, JsonCatalogSource.INSTANCE));

    private final List<CatalogSource> sources;
    private final long maxBytes;
    /** The most a document held in memory may have: the largest limit of the sources that read bodies. */
    private final long maxBodyBytes;

    CatalogLoader(List<CatalogSource> sources) {
        if (sources.isEmpty()) {
            throw new IllegalArgumentException("a loader needs at least one catalog source");
        }
        this.sources = List.copyOf(sources);
        this.maxBytes =
                this.sources.stream().mapToLong(CatalogSource::maxBytes).max().orElseThrow();
        this.maxBodyBytes = this.sources.stream()
                .filter(CatalogSource::readsBodies)
                .mapToLong(CatalogSource::maxBytes)
                .max()
                .orElse(0);
    }

    Catalog load(String location, PortableOptions options) {
        return load(location, options, false).catalog();
    }

    /** A catalog and the SHA-256 of the document it was read from (null unless {@code digest}). */
    record Loaded(Catalog catalog, String sha256) {}

    Loaded load(String location, PortableOptions options, boolean digest) {
        if (location == null || location.isBlank()) {
            throw new WuaException(
                    HResult.E_INVALIDARG, "no catalog given; pass --catalog with a file path or an http(s) URL");
        }
        CatalogDocument document = open(location, options);
        // the digest of the bytes as they are now; the source reads them next (a file: a second read)
        String sha256 = digest ? document.sha256() : null;
        byte[] head;
        try {
            head = document.head(CatalogSource.HEAD_BYTES);
        } catch (IOException e) {
            throw new WuaException(
                    HResult.E_INVALIDARG, "cannot read the catalog " + document.file() + ": " + e.getMessage(), e);
        }
        for (CatalogSource s : sources) {
            if (s.recognises(head)) {
                return new Loaded(s.read(document, options), sha256);
            }
        }
        throw new WuaException(
                HResult.E_INVALIDARG,
                "the catalog " + location + " is none of what wudl reads ("
                        + String.join(
                                ", ",
                                sources.stream().map(CatalogSource::description).toList()) + ")");
    }

    /** Whether a document starting with {@code head} is one a source reads only from a file. */
    private boolean readFromFile(byte[] head) {
        return sources.stream().anyMatch(s -> !s.readsBodies() && s.recognises(head));
    }

    private CatalogDocument open(String location, PortableOptions options) {
        String lower = location.toLowerCase(Locale.ROOT);
        if (lower.startsWith("http://") || lower.startsWith("https://")) {
            URI uri = URI.create(location);
            HttpFetch.Fetched fetched =
                    HttpFetch.fetch(uri, maxBodyBytes, this::readFromFile, options.transferConfig());
            if (fetched.large()) {
                return CatalogDocument.ofFetchedFile(
                        uri, RemoteCatalogFile.fetch(uri, fetched.announcedLength(), options));
            }
            return CatalogDocument.ofBody(uri, fetched.body());
        }
        Path path;
        try {
            path = lower.startsWith("file:") ? Path.of(URI.create(location)) : Path.of(location);
        } catch (IllegalArgumentException e) {
            throw new WuaException(
                    HResult.E_INVALIDARG,
                    "the catalog location '" + location
                            + "' is neither a file path nor an http(s) URL; pass one of those",
                    e);
        }
        path = path.toAbsolutePath().normalize();
        try {
            if (Files.isDirectory(path)) {
                throw new WuaException(
                        HResult.E_INVALIDARG, "the catalog " + path + " is a directory; pass the catalog's JSON file");
            }
            if (!Files.isRegularFile(path)) {
                // a pipe or a device can be read once only: its bytes, bounded, are the document
                return CatalogDocument.ofBody(
                        path.toUri(), CatalogDocument.ofFile(path).bytes(maxBodyBytes));
            }
            long size = Files.size(path);
            if (size > maxBytes) {
                throw new WuaException(
                        HResult.E_INVALIDARG,
                        "the catalog " + path + " is " + size + " bytes, over the limit of " + maxBytes
                                + "; split it or check that it is a catalog");
            }
            return CatalogDocument.ofFile(path);
        } catch (NoSuchFileException e) {
            throw new WuaException(
                    HResult.E_INVALIDARG, "the catalog file " + path + " does not exist; check the --catalog path", e);
        } catch (IOException e) {
            throw new WuaException(HResult.E_INVALIDARG, "cannot read the catalog " + path + ": " + e.getMessage(), e);
        }
    }
}
