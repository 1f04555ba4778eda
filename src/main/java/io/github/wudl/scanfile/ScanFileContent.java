package io.github.wudl.scanfile;

import java.util.List;
import java.util.Map;

/**
 * What one scan file says, as read from it once: the {@code <Update>}s and {@code <FileLocation>}s of its
 * {@code package.xml} and the details of its {@code x/} and {@code l/} fragments. {@link ScanCatalog} turns it
 * into the {@link ScanFileIndex} that is kept in the cache; nothing keeps this one.
 */
final class ScanFileContent {
    final String sha256;
    final String language;
    final String creationDate;
    final List<ScanUpdate> updates;
    final Map<String, String> fileLocations;
    final Map<Integer, UpdateDetails> details;

    ScanFileContent(
            String sha256,
            String language,
            String creationDate,
            List<ScanUpdate> updates,
            Map<String, String> fileLocations,
            Map<Integer, UpdateDetails> details) {
        this.sha256 = sha256;
        this.language = language;
        this.creationDate = creationDate;
        this.updates = updates;
        this.fileLocations = fileLocations;
        this.details = details;
    }
}
