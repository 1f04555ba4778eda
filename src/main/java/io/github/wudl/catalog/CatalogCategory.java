package io.github.wudl.catalog;

import java.util.Objects;

/**
 * One category an update belongs to (ICategory): its id, its name and its WUA type. A wudl JSON catalog may
 * name categories only, and then the name is the id too ({@link #named}); Microsoft's offline scan file gives
 * the category's GUID, its title and its type ({@code Company}, {@code ProductFamily}, {@code Product},
 * {@code UpdateClassification}).
 *
 * @param id CategoryID: a lower-case GUID, or the name for a names-only catalog
 * @param name Name, shown to people
 * @param type Type, or {@code ""} when the catalog does not say
 */
public record CatalogCategory(String id, String name, String type) {
    public CatalogCategory {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(name, "name");
        type = type == null ? "" : type;
    }

    /** A category a catalog knows by name only. */
    public static CatalogCategory named(String name) {
        return new CatalogCategory(name, name, "");
    }

    /** Whether {@code CategoryIDs contains value} selects it: its id or its name, ignoring case. */
    public boolean matches(String value) {
        return id.equalsIgnoreCase(value) || name.equalsIgnoreCase(value);
    }
}
