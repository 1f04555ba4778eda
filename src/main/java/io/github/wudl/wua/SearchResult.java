package io.github.wudl.wua;

import java.util.Objects;

/** ISearchResult: the outcome of a search and the updates found (read-only). */
public record SearchResult(OperationResultCode resultCode, UpdateCollection updates) {
    public SearchResult {
        Objects.requireNonNull(resultCode, "resultCode");
        Objects.requireNonNull(updates, "updates");
    }
}
