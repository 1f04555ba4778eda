package io.github.wudl.wua;

import java.util.Objects;

/**
 * ICategory, reduced to what download scripts read: the id that {@code CategoryIDs contains '…'} matches,
 * and the name shown to people. A catalog that lists categories by name uses the name as the id too.
 */
public record Category(String categoryID, String name) {
    public Category {
        Objects.requireNonNull(categoryID, "categoryID");
        Objects.requireNonNull(name, "name");
    }
}
