package io.github.wudl.cli;

import io.github.wudl.portable.CacheLocation;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.DownloadType;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code wudl download} (and the Jenkins step, and {@code wudl demo}) asks for. Immutable; the
 * values are already parsed and validated by {@link CliOptions}.
 *
 * @param catalog         catalog file path or http(s) URL; null for a backend that has none (WUA)
 * @param criteria        WUA search criteria; null or blank means {@code IsInstalled=0}
 * @param downloadType    Full or UpdateBootstrapper
 * @param priority        the downloader's priority
 * @param cacheDir        content cache; null means {@link CacheLocation#defaultCacheDir()}
 * @param outDir          where to place files as {@code <id>/<name>}, or null
 * @param stallTimeout    no byte for this long is a stall (retried); null means the transfer default (60 s)
 * @param timeout         bound on the whole run (then Aborted), or null
 * @param allowUnverified accept catalog files without a digest
 * @param report          report file, {@code -} for stdout, or null
 * @param quiet           no progress output
 */
public record DownloadRequest(
        String catalog,
        String criteria,
        DownloadType downloadType,
        DownloadPriority priority,
        Path cacheDir,
        Path outDir,
        Duration stallTimeout,
        Duration timeout,
        boolean allowUnverified,
        String report,
        boolean quiet) {
    /** The search criteria used when none is given. */
    public static final String DEFAULT_CRITERIA = "IsInstalled=0";

    public DownloadRequest {
        criteria = criteria == null || criteria.isBlank() ? DEFAULT_CRITERIA : criteria;
        downloadType = downloadType == null ? DownloadType.Full : downloadType;
        priority = priority == null ? DownloadPriority.Normal : priority;
        cacheDir = (cacheDir == null ? CacheLocation.defaultCacheDir() : cacheDir).toAbsolutePath();
        outDir = outDir == null ? null : outDir.toAbsolutePath();
    }

    /** True when the report goes to stdout, so people's output must go to stderr. */
    public boolean reportToStdout() {
        return "-".equals(report);
    }
}
