package io.github.wudl.catalog;

import io.github.wudl.wua.Redaction;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * A validated catalog (SPEC §3): its format tag, the location it was read from, and its top-level updates in
 * catalog order. Immutable. Only {@link CatalogReader} checks the catalog-wide rules (format, no duplicate
 * id + revision); a hand-built {@code Catalog} is trusted. {@link #toString()} hides credentials.
 *
 * @param format  always {@link CatalogReader#FORMAT} for a catalog that was read
 * @param base    the catalog's location (a file: or http(s) URI); relative URLs were resolved against it
 * @param updates the top-level updates (bundled ones hang below their parent)
 */
public record Catalog(String format, URI base, List<CatalogUpdate> updates) {
    public Catalog {
        Objects.requireNonNull(format, "format");
        Objects.requireNonNull(base, "base");
        updates = List.copyOf(updates);
    }

    /** The top-level update with this id (any spelling of the GUID) and the highest revision, or null. */
    public CatalogUpdate find(String id) {
        String guid = Guids.normalize(id);
        CatalogUpdate best = null;
        for (CatalogUpdate u : updates) {
            if (u.id().equals(guid) && (best == null || u.revision() > best.revision())) {
                best = u;
            }
        }
        return best;
    }

    @Override
    public String toString() {
        return "Catalog[format=" + format + ", base=" + Redaction.uri(base) + ", updates=" + updates.size() + "]";
    }
}
