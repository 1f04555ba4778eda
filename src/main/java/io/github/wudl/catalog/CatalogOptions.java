package io.github.wudl.catalog;

/**
 * How {@link CatalogReader} treats a catalog. Immutable.
 *
 * @param allowUnverified accept content files that carry neither {@code sha256} nor {@code sha1} (the
 *                        command line's {@code --allow-unverified}); such files get a null digest. Default
 *                        false: a file without a digest makes the whole catalog refused.
 */
public record CatalogOptions(boolean allowUnverified) {
    private static final CatalogOptions DEFAULTS = new CatalogOptions(false);

    /** The defaults: every content file must carry a digest. */
    public static CatalogOptions defaults() {
        return DEFAULTS;
    }
}
