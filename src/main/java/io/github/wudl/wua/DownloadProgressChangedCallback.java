package io.github.wudl.wua;

/**
 * IDownloadProgressChangedCallback. Called periodically while a job runs, never after its completed
 * callback, never concurrently with another callback of the same job. An exception thrown here is
 * reported and does not stop the download.
 */
@FunctionalInterface
public interface DownloadProgressChangedCallback {
    void invoke(DownloadJob downloadJob, DownloadProgressChangedCallbackArgs callbackArgs);
}
