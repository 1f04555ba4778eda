package io.github.wudl.wua;

/** IUpdateDownloadContent: one content file of an update, by its download URL. Immutable. */
public record UpdateDownloadContent(String downloadUrl, boolean isDeltaCompressedContent) {}
