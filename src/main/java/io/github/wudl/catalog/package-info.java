/**
 * The portable backend's catalog (SPEC §3): {@link io.github.wudl.catalog.CatalogReader} turns a
 * {@code wudl-catalog/1} JSON document into an immutable {@link io.github.wudl.catalog.Catalog} of
 * {@link io.github.wudl.catalog.CatalogUpdate}s and {@link io.github.wudl.catalog.CatalogFile}s, or refuses it
 * as a whole with a {@link io.github.wudl.catalog.CatalogException} naming the JSON path of the first problem;
 * {@link io.github.wudl.catalog.Criteria} parses and evaluates the WUA search-criteria subset.
 *
 * <p>Uses only {@code io.github.wudl.wua}, the JDK and Jackson's streaming parser.
 */
package io.github.wudl.catalog;
