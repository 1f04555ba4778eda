package io.github.wudl.wua;

/**
 * IDownloadCompletedCallback. Called exactly once per job, after its last progress callback, when
 * {@link DownloadJob#isCompleted()} is already true. An exception thrown here is reported and ignored.
 */
@FunctionalInterface
public interface DownloadCompletedCallback {
    void invoke(DownloadJob downloadJob, DownloadCompletedCallbackArgs callbackArgs);
}
