package io.github.wudl.wua;

/**
 * IDownloadCompletedCallbackArgs: WUA declares it with no members; read the outcome from the job or from
 * EndDownload.
 */
public final class DownloadCompletedCallbackArgs {
    public static final DownloadCompletedCallbackArgs INSTANCE = new DownloadCompletedCallbackArgs();

    private DownloadCompletedCallbackArgs() {}

    @Override
    public String toString() {
        return "DownloadCompletedCallbackArgs";
    }
}
