package io.github.wudl.scanfile;

import java.util.List;

/**
 * One {@code <Update>} of {@code package.xml}: what the scan file says about an update before its detail
 * fragments are read. Category updates (products, classifications) are {@code ScanUpdate}s too.
 *
 * @param revisionId RevisionId, the key the detail cabinets and the relationships use
 * @param updateId UpdateId, a lower-case GUID
 * @param revisionNumber RevisionNumber
 * @param leaf IsLeaf
 * @param bundle IsBundle
 * @param deploymentAction DeploymentAction as the file writes it ({@code ""} when absent, {@code "Bundle"} on a
 *     child deployed through its bundle, {@code "Evaluate"} on categories and detectoids)
 * @param creationDate CreationDate as written (ISO 8601), or {@code ""}
 * @param defaultLanguage DefaultLanguage, e.g. {@code "en"}, or {@code ""}
 * @param categories the {@code <Category>} references
 * @param bundledBy the RevisionIds of the bundles that hold this update
 * @param supersededBy the RevisionIds of the updates that supersede this one
 * @param payloadFiles the ids (base64 SHA-1) of its content files
 */
// int arrays, not lists: 136,000 of these live at once, and nothing compares them or hands them out.
@SuppressWarnings("ArrayRecordComponent")
record ScanUpdate(
        int revisionId,
        String updateId,
        int revisionNumber,
        boolean leaf,
        boolean bundle,
        String deploymentAction,
        String creationDate,
        String defaultLanguage,
        List<CategoryRef> categories,
        int[] bundledBy,
        int[] supersededBy,
        List<String> payloadFiles) {

    /** A {@code <Category Type Id>} reference: the category's type and its UpdateId. */
    record CategoryRef(String type, String id) {}
}
