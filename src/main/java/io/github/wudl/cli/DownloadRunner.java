package io.github.wudl.cli;

import io.github.wudl.backend.Backend;
import io.github.wudl.backend.SessionSettings;
import io.github.wudl.wua.DownloadCompletedCallback;
import io.github.wudl.wua.DownloadJob;
import io.github.wudl.wua.DownloadProgressChangedCallback;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.SearchResult;
import io.github.wudl.wua.Sizes;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateDownloader;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WuaException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One download run, as {@code wudl download}, {@code wudl demo} and the Jenkins step do it: open a session
 * over the catalog, search, hand the result to a downloader, BeginDownload2 with a progress and a completed
 * callback, wait, place files ({@code --out}, where an {@link OutputPlan} decided up front), print the summary
 * table, write the report. Placing is part of each update's result ({@link OutputStep}).
 *
 * <p>Bad input — options, catalog, criteria, a download type the selection cannot do — is thrown as
 * {@link UsageError} before anything is downloaded. Everything after BeginDownload2 is reported through the
 * outcome: the exit status follows the overall result code, and an abort (timeout, signal) still ends with a
 * summary and a report.
 */
public final class DownloadRunner {
    /** Makes the progress view for a job; {@code toStderr} says which descriptor {@code out} is. */
    @FunctionalInterface
    public interface RendererFactory {
        ProgressRenderer create(PrintWriter out, boolean toStderr);
    }

    private final DownloadRequest request;
    private final Backend backend;
    private final PrintWriter out;
    private final PrintWriter err;
    private final RendererFactory renderers;
    private final boolean catchSignals;
    /** The progress view of the running job, so a notice can clear a live bar before printing. */
    private volatile ProgressRenderer activeRenderer = ProgressRenderer.NONE;

    /**
     * @param out          standard output (progress, summary; the report for {@code --report -})
     * @param err          standard error (errors, notices; progress and summary for {@code --report -})
     * @param catchSignals abort on Ctrl-C/SIGTERM (only when the run owns the process)
     */
    public DownloadRunner(
            DownloadRequest request,
            Backend backend,
            PrintWriter out,
            PrintWriter err,
            RendererFactory renderers,
            boolean catchSignals) {
        this.request = request;
        this.backend = backend;
        this.out = out;
        this.err = err;
        this.renderers = renderers;
        this.catchSignals = catchSignals;
    }

    /** Runs to the end; see the class comment for what is thrown and what is returned. */
    public DownloadOutcome run() {
        long startNanos = System.nanoTime();
        CatalogOption.check(request.catalog());
        Path reportFile = prepareReportFile();
        prepareDirectories();
        int status = ExitCode.FAILED;
        AbortController abort = AbortController.start(request.timeout(), catchSignals, msg -> {
            activeRenderer.clearLine();
            err.println("wudl: " + msg);
            err.flush();
        });
        try {
            DownloadOutcome outcome = searchAndDownload(abort, startNanos);
            status = outcome.exitCode();
            if (reportFile != null || request.reportToStdout()) {
                status = writeReport(reportFile, outcome.report(), status);
            }
            return new DownloadOutcome(status, outcome.report(), outcome.result());
        } catch (UsageError e) {
            status = ExitCode.USAGE;
            throw e;
        } finally {
            human().flush();
            abort.finished(status);
            abort.close();
        }
    }

    private DownloadOutcome searchAndDownload(AbortController abort, long startNanos) {
        PrintWriter human = human();
        if (request.catalog() != null) {
            // the portable backend will hash what it fetches: let the JIT get SHA-256 ready meanwhile
            io.github.wudl.transfer.Transferer.warmUp();
        }
        UpdateSession session = openSession();
        request.visibility().apply(session, source(), human);
        SearchResult found;
        try {
            found = session.createUpdateSearcher().search(request.criteria());
        } catch (WuaException e) {
            throw new UsageError("search criteria \"" + request.criteria() + "\": " + e.getMessage(), e);
        }
        UpdateCollection selection =
                request.filter() == null || request.filter().isEmpty()
                        ? found.updates()
                        : UpdateCollection.readOnlySnapshot(
                                request.filter().apply(found.updates().toList()));
        if (found.resultCode() != OperationResultCode.Succeeded && selection.count() == 0) {
            human.println("The search of " + source() + " ended " + found.resultCode() + ".");
            return new DownloadOutcome(
                    ExitCode.of(found.resultCode()),
                    ReportBuilder.of(
                                    new DownloadResult(HResult.E_FAIL.code(), found.resultCode(), List.of()), List.of())
                            .durationMs(millisSince(startNanos))
                            .toMap(),
                    null);
        }
        if (selection.count() == 0) {
            human.println("No update in " + source() + " matches \"" + request.criteria() + "\": nothing to download.");
            return new DownloadOutcome(ExitCode.OK, ReportBuilder.empty(millisSince(startNanos)), null);
        }
        if (abort.aborted()) {
            human.println("Aborted (" + abort.reason() + ") before the download started.");
            DownloadResult none =
                    new DownloadResult(HResult.WU_E_CALL_CANCELLED.code(), OperationResultCode.Aborted, List.of());
            return new DownloadOutcome(
                    ExitCode.ABORTED,
                    ReportBuilder.of(none, List.of())
                            .durationMs(millisSince(startNanos))
                            .toMap(),
                    null);
        }

        // where --out puts each file, decided (and a clash refused) before a byte is fetched
        OutputPlan plan = request.outDir() == null
                ? null
                : OutputPlan.of(request.outDir(), selection.toList(), request.downloadType());
        UpdateDownloader downloader = session.createUpdateDownloader();
        downloader.setClientApplicationID("wudl");
        // the criteria chose these updates, IsInstalled=1 included: download what was asked for
        downloader.setIsForced(true);
        downloader.setUpdates(selection);
        downloader.setPriority(request.priority());
        human.println(announce(selection));
        human.flush();

        CountDownLatch completed = new CountDownLatch(1);
        DownloadJob job;
        try (ProgressRenderer renderer = renderers.create(human, request.reportToStdout())) {
            activeRenderer = renderer;
            try {
                DownloadProgressChangedCallback onProgress =
                        (j, args) -> renderer.progress(args.progress(), j.updates());
                DownloadCompletedCallback onCompleted = (j, args) -> completed.countDown();
                // a full download is BeginDownload: on WUA, BeginDownload2 needs IUpdateDownloaderEx (build 26100+)
                job = request.downloadType() == DownloadType.Full
                        ? downloader.beginDownload(onProgress, onCompleted, null)
                        : downloader.beginDownload2(request.downloadType(), onProgress, onCompleted, null);
            } catch (WuaException e) {
                throw new UsageError(e.getMessage(), e);
            }
            abort.attach(job);
            awaitEnd(job, completed, abort);
            renderer.finish(job.getProgress(), job.updates());
        } finally {
            activeRenderer = ProgressRenderer.NONE;
        }
        DownloadResult jobResult = downloader.endDownload(job);
        job.cleanUp();
        List<Update> updates = job.updates().toList();

        // placing is part of each update's result: the summary, the report and the exit status say it alike
        OutputStep.Settled settled = OutputStep.settle(jobResult, updates, request.outDir(), plan, err);
        DownloadResult result = settled.result();
        ReportBuilder report = ReportBuilder.of(result, updates);
        settled.placed().forEach((i, files) -> files.forEach((name, path) -> report.placed(i, name, path)));
        long durationMs = millisSince(startNanos);
        SummaryTable.lines(result, updates, durationMs).forEach(human::println);
        if (abort.aborted() && result.resultCode() == OperationResultCode.Aborted) {
            human.println(
                    "Aborted: " + abort.reason() + ". Partial downloads stay in the cache and resume on the next run.");
        }
        if (request.outDir() != null) {
            human.println("Files: " + request.outDir());
        }
        return new DownloadOutcome(
                ExitCode.of(result.resultCode()), report.durationMs(durationMs).toMap(), result);
    }

    private UpdateSession openSession() {
        SessionSettings settings = request.settings().toBuilder()
                .warnings(line -> {
                    activeRenderer.clearLine(); // a warning never lands in the middle of a progress bar
                    err.println("wudl: warning: " + line);
                    err.flush();
                })
                .build();
        try {
            return backend.openSession(request.catalog(), settings);
        } catch (WuaException e) {
            String m = e.getMessage();
            if (request.catalog() == null) {
                throw new UsageError(source() + ": " + m, e);
            }
            // the session opens the cache after the catalog: its failures name the cache, not the catalog
            boolean aboutCatalog = !m.contains(request.catalog())
                    && !m.contains(
                            "content cache directory " + request.cacheDir().normalize());
            throw new UsageError(aboutCatalog ? "catalog " + request.catalog() + ": " + m : m, e);
        }
    }

    private String announce(UpdateCollection selection) {
        int n = selection.count();
        String what = n + (n == 1 ? " update" : " updates");
        if (request.downloadType() == DownloadType.Full) {
            long total = 0;
            for (Update u : selection) {
                total = Sizes.add(total, u.maxDownloadSize()); // 1,100 files of 2^53 bytes once wrapped to "0 B"
            }
            what += " (" + (Sizes.isSaturated(total) ? "more than " : "") + ProgressFormat.bytes(total) + ")";
        } else {
            what += " (bootstrappers only)";
        }
        if (request.catalog() == null) {
            return "Downloading " + what + " with " + source() + " into its own store";
        }
        return "Downloading " + what + " from " + request.catalog() + " into the cache " + request.cacheDir();
    }

    /** Waits for completion and for the completed callback, which comes after the last progress callback. */
    private static void awaitEnd(DownloadJob job, CountDownLatch completed, AbortController abort) {
        boolean interrupted = false;
        while (true) {
            try {
                if (job.awaitCompletion(Duration.ofSeconds(1))) {
                    // bounded: a completed job whose callback never comes must not hang the command line
                    completed.await(30, TimeUnit.SECONDS);
                    break;
                }
            } catch (InterruptedException e) {
                interrupted = true; // an embedder interrupting us means "stop": abort, then wait for the end
                abort.abort("interrupted");
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    private int writeReport(Path file, Map<String, Object> report, int status) {
        String json = ReportBuilder.toJson(report);
        if (file == null) {
            out.print(json);
            out.flush();
            return status;
        }
        try {
            AtomicFiles.writeString(file, json);
            return status;
        } catch (IOException e) {
            err.println("wudl: could not write the report " + file + ": " + e.getMessage());
            return Math.max(status, ExitCode.FAILED);
        }
    }

    /** Checks {@code --report} before any work, so a typo does not cost a whole download. */
    private Path prepareReportFile() {
        String r = request.report();
        if (r == null || request.reportToStdout()) {
            return null;
        }
        if (r.isBlank()) {
            throw new UsageError("--report: the file name is empty; give a file name, or - for stdout");
        }
        Path file = Path.of(r).toAbsolutePath();
        if (Files.isDirectory(file)) {
            throw new UsageError(
                    "--report " + r + ": that is a directory; give a file name such as " + file.resolve("report.json"));
        }
        try {
            Files.createDirectories(file.getParent());
        } catch (IOException e) {
            throw new UsageError(
                    "--report " + r + ": cannot create its directory " + file.getParent() + " (" + e.getMessage() + ")",
                    e);
        }
        return file;
    }

    /** Where the updates come from, for messages: the catalog, or WUA when the backend has no catalog. */
    private String source() {
        return backend.describe(request.catalog());
    }

    private void prepareDirectories() {
        Path cache = request.cacheDir();
        if (Files.exists(cache) && !Files.isDirectory(cache)) {
            throw new UsageError("--cache " + cache + ": that is a file; give a directory (it is created if missing)");
        }
        Path dir = request.outDir();
        if (dir == null) {
            return;
        }
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new UsageError("--out " + dir + ": that is a file; give a directory");
        }
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UsageError("--out " + dir + ": cannot create the directory (" + e.getMessage() + ")", e);
        }
    }

    private PrintWriter human() {
        return request.reportToStdout() ? err : out;
    }

    private static long millisSince(long startNanos) {
        return (System.nanoTime() - startNanos) / 1_000_000;
    }
}
