package io.github.wudl.wua;

/** IDownloadProgressChangedCallbackArgs: carries the progress snapshot that triggered the callback. */
public record DownloadProgressChangedCallbackArgs(DownloadProgress progress) {}
