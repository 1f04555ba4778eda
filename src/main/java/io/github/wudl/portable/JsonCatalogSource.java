package io.github.wudl.portable;

import io.github.wudl.catalog.Catalog;
import io.github.wudl.catalog.CatalogOptions;
import io.github.wudl.catalog.CatalogReader;

/**
 * wudl's own JSON catalog (SPEC §3), read by {@link CatalogReader}. It recognises every document: it is the
 * last source asked, and its parser's message (which line, which key, what to write) is the best answer for a
 * document that no other source claimed.
 */
public final class JsonCatalogSource implements CatalogSource {
    public static final JsonCatalogSource INSTANCE = new JsonCatalogSource();

    private JsonCatalogSource() {}

    @Override
    public String description() {
        return "a wudl JSON catalog";
    }

    @Override
    public boolean recognises(byte[] head) {
        return true;
    }

    @Override
    public long maxBytes() {
        return CatalogReader.MAX_CATALOG_BYTES;
    }

    @Override
    public Catalog read(CatalogDocument document, PortableOptions options) {
        return CatalogReader.parse(
                document.bytes(maxBytes()), document.location(), new CatalogOptions(options.allowUnverified()));
    }
}
