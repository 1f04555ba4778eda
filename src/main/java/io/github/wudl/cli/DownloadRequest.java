package io.github.wudl.cli;

import io.github.wudl.backend.SessionSettings;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.DownloadType;
import java.nio.file.Path;
import java.time.Duration;

/**
 * What {@code wudl download} (and the Jenkins step, and {@code wudl demo}) asks for: the run's own choices,
 * and the {@link SessionSettings} that go to the backend as they are. Immutable; the values are already
 * parsed and validated by {@link CliOptions}.
 *
 * @param catalog         catalog file path or http(s) URL; null for a backend that has none (WUA)
 * @param criteria        WUA search criteria; null or blank means {@code IsInstalled=0}
 * @param downloadType    Full or UpdateBootstrapper
 * @param priority        the downloader's priority
 * @param outDir          where to place files as {@code <id>/<name>}, or null
 * @param timeout         bound on the whole run (then Aborted), or null
 * @param report          report file, {@code -} for stdout, or null
 * @param quiet           no progress output
 * @param settings        the session's settings (cache, verification, stall timeout, rates)
 * @param filter          {@code --kb}, {@code --product} … applied to the search result; null for none
 * @param visibility      {@code --hide}, {@code --unhide}: IsHidden set before the search; null for none
 */
public record DownloadRequest(
        String catalog,
        String criteria,
        DownloadType downloadType,
        DownloadPriority priority,
        Path outDir,
        Duration timeout,
        String report,
        boolean quiet,
        SessionSettings settings,
        UpdateFilter filter,
        UpdateVisibility visibility) {
    /** The search criteria used when none is given. */
    public static final String DEFAULT_CRITERIA = "IsInstalled=0";

    public DownloadRequest {
        criteria = criteria == null || criteria.isBlank() ? DEFAULT_CRITERIA : criteria;
        downloadType = downloadType == null ? DownloadType.Full : downloadType;
        priority = priority == null ? DownloadPriority.Normal : priority;
        outDir = outDir == null ? null : outDir.toAbsolutePath();
        settings = settings == null ? SessionSettings.builder().build() : settings;
        visibility = visibility == null ? UpdateVisibility.NONE : visibility;
    }

    /** The content cache's root (absolute): the settings'. */
    public Path cacheDir() {
        return settings.cacheDir();
    }

    /** True when the report goes to stdout, so people's output must go to stderr. */
    public boolean reportToStdout() {
        return "-".equals(report);
    }
}
