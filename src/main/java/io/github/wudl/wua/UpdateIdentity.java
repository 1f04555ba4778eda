package io.github.wudl.wua;

import java.util.Objects;

/** IUpdateIdentity: an update's GUID and revision. Immutable. */
public record UpdateIdentity(String updateID, int revisionNumber) {
    public UpdateIdentity {
        Objects.requireNonNull(updateID, "updateID");
    }
}
