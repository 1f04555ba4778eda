package io.github.wudl.scanfile;

import java.util.List;

/**
 * What the detail fragments of one revision say: from {@code x/<RevisionId>} (extended properties and the
 * payload files) and {@code l/<language>/<RevisionId>} (title and description in one language).
 *
 * @param title Title, or {@code ""} when no localized fragment was read
 * @param description Description, or {@code ""}
 * @param language the language {@link #title} is in, or {@code ""}
 * @param kb KBArticleIDs, digits only
 * @param msrcSeverity MsrcSeverity, or {@code ""}
 * @param supportUrl SupportUrl, or {@code ""}
 * @param beta IsBeta
 * @param files the payload files the fragment lists
 */
record UpdateDetails(
        String title,
        String description,
        String language,
        List<String> kb,
        String msrcSeverity,
        String supportUrl,
        boolean beta,
        List<FileDetails> files) {
    static final UpdateDetails NONE = new UpdateDetails("", "", "", List.of(), "", "", false, List.of());

    /**
     * One {@code <File>} of an {@code x/} fragment.
     *
     * @param name FileName
     * @param size Size in bytes
     * @param sha1 Digest (base64 SHA-1): the id {@code <PayloadFiles>} and {@code <FileLocations>} use
     * @param sha256 the {@code <AdditionalDigest Algorithm="SHA256">} (base64), or {@code ""}
     */
    record FileDetails(String name, long size, String sha1, String sha256) {}

    /** This with its repeated texts (severity, support URL, file names and digests) shared through {@code texts}. */
    UpdateDetails shared(Interner texts) {
        List<FileDetails> sharedFiles = new java.util.ArrayList<>(files.size());
        for (FileDetails f : files) {
            sharedFiles.add(new FileDetails(texts.of(f.name()), f.size(), texts.of(f.sha1()), f.sha256()));
        }
        return new UpdateDetails(
                title,
                texts.of(description),
                language,
                kb,
                texts.of(msrcSeverity),
                texts.of(supportUrl),
                beta,
                List.copyOf(sharedFiles));
    }

    UpdateDetails withLocalized(String title, String description, String language) {
        return new UpdateDetails(title, description, language, kb, msrcSeverity, supportUrl, beta, files);
    }
}
