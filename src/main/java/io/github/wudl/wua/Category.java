package io.github.wudl.wua;

import java.util.Objects;

/**
 * ICategory, reduced to what download scripts read: the id that {@code CategoryIDs contains '…'} matches,
 * the name shown to people, and its Type ({@code "Product"}, {@code "UpdateClassification"} …, or {@code ""}
 * when the source does not say). A catalog that lists categories by name uses the name as the id too.
 */
public record Category(String categoryID, String name, String type) {
    public Category {
        Objects.requireNonNull(categoryID, "categoryID");
        Objects.requireNonNull(name, "name");
        type = type == null ? "" : type;
    }

    /** A category whose type is not known. */
    public Category(String categoryID, String name) {
        this(categoryID, name, "");
    }
}
