package io.github.wudl.catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A parsed search criteria string: the WUA {@code IUpdateSearcher::Search} grammar subset of SPEC §3.
 * Immutable and thread-safe.
 *
 * <p>Terms: {@code IsInstalled=0|1}, {@code IsHidden=0|1}, {@code BrowseOnly=0|1},
 * {@code Type='Software'|'Driver'}, {@code UpdateID='<GUID>'}, {@code RevisionNumber=<n>},
 * {@code CategoryIDs contains '<category>'}; joined with {@code and} and {@code or} ({@code and} binds
 * tighter) and grouped with parentheses. Words are case-insensitive, whitespace is free, strings go in
 * single quotes ({@code ''} is a quote inside one). {@code UpdateID} and {@code CategoryIDs} compare
 * ignoring case.
 *
 * <p>Anything else (other WUA properties such as {@code IsAssigned}, operators such as {@code !=}, syntax
 * errors) is refused with a {@link CatalogException} ({@code E_INVALIDARG}) naming the offending token, its
 * 1-based {@link CatalogException#column() column} and the supported terms.
 *
 * <p>{@link #toString()} is the canonical form (WUA spelling, single spaces, only needed parentheses);
 * two criteria are equal when their canonical forms are.
 */
public final class Criteria {
    /** What an empty criteria string means (SPEC §3). */
    public static final String DEFAULT = "IsInstalled=0";

    private final CriteriaNode root;
    private final String canonical;

    private Criteria(CriteriaNode root) {
        this.root = root;
        this.canonical = root.render();
    }

    /** Parses {@code text}; null or blank means {@link #DEFAULT}. */
    public static Criteria parse(String text) {
        String t = text == null || text.isBlank() ? DEFAULT : text;
        return new Criteria(CriteriaParser.parse(t));
    }

    /** Whether {@code u} itself satisfies the criteria (its bundled updates are not consulted). */
    public boolean matches(CatalogUpdate u) {
        return matches(u, Objects.requireNonNull(u, "update").hidden());
    }

    /**
     * As {@link #matches(CatalogUpdate)}, with {@code hidden} as the update's IsHidden: hiding is machine state
     * (what a script or {@code wudl hide} set), which a search sees in place of the catalog's value.
     */
    public boolean matches(CatalogUpdate u, boolean hidden) {
        return root.matches(Objects.requireNonNull(u, "update"), hidden);
    }

    /** The top-level updates of {@code catalog} that match, in catalog order; null criteria mean the default. */
    public static List<CatalogUpdate> search(Catalog catalog, Criteria criteria) {
        Criteria q = criteria == null ? parse(null) : criteria;
        List<CatalogUpdate> out = new ArrayList<>();
        for (CatalogUpdate u : catalog.updates()) {
            if (q.matches(u)) {
                out.add(u);
            }
        }
        return List.copyOf(out);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Criteria c && c.canonical.equals(canonical);
    }

    @Override
    public int hashCode() {
        return canonical.hashCode();
    }

    @Override
    public String toString() {
        return canonical;
    }
}
