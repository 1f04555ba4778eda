package io.github.wudl.portable;

import io.github.wudl.catalog.Catalog;

/**
 * One kind of catalog: how its documents are recognised (by content, never by file name) and read into a
 * {@link Catalog}. {@link CatalogLoader} fetches or opens the document and asks each source in turn; the
 * first that {@link #recognises} it reads it. wudl's JSON catalog ({@link JsonCatalogSource}) is the last,
 * the fallback whose parser explains what is wrong with a document nobody recognised; Microsoft's offline scan
 * file plugs in before it without touching the JSON reader.
 *
 * <p>Implementations are immutable and thread-safe. {@link #read} throws a {@code WuaException} (or a
 * {@code CatalogException}) whose message says what was wrong, where, and what to do.
 */
public interface CatalogSource {
    /** How many leading bytes {@link #recognises} is given (fewer when the document is shorter). */
    int HEAD_BYTES = 512;

    /** What this source reads, for messages: e.g. {@code "a wudl JSON catalog"}. */
    String description();

    /** Whether the document whose first bytes are {@code head} is one this source reads. */
    boolean recognises(byte[] head);

    /** The largest document this source accepts; the loader refuses larger ones before reading them. */
    long maxBytes();

    /**
     * Whether this source reads a document held in memory (a body fetched over http(s), a pipe read once).
     * One that needs a local file (a cabinet read by random access) says no, and its {@link #maxBytes} then
     * bounds files only, never what is read into memory.
     */
    default boolean readsBodies() {
        return true;
    }

    /** Reads {@code document}, a file or a body fetched over http(s), with the session's options. */
    Catalog read(CatalogDocument document, PortableOptions options);
}
