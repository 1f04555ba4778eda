/**
 * The downloader and job core that every backend shares: WUA's rules for BeginDownload, BeginDownload2,
 * EndDownload and the IDownloadJob ({@link io.github.wudl.job.CoreDownloader},
 * {@link io.github.wudl.job.CoreDownloadJob}), held once, so the backends cannot drift apart. A backend
 * supplies only how its updates are checked and how a job's work is started and read
 * ({@link io.github.wudl.job.JobWork}).
 *
 * <p>May use {@code io.github.wudl.wua} and nothing else of ours; used by {@code portable} and {@code windows}.
 */
package io.github.wudl.job;
