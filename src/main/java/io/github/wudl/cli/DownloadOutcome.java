package io.github.wudl.cli;

import io.github.wudl.wua.DownloadResult;
import java.util.Map;

/**
 * How a download run ended.
 *
 * @param exitCode the SPEC §4 exit status ({@link ExitCode})
 * @param report   the {@code --report} document ({@link ReportBuilder}), also when no file was asked for
 * @param result   the job's result, or null when no job ran (no update matched, aborted before the start)
 */
public record DownloadOutcome(int exitCode, Map<String, Object> report, DownloadResult result) {}
