package io.jenkins.plugins.wudl;

import hudson.FilePath;
import hudson.Functions;
import hudson.model.DirectoryBrowserSupport;
import hudson.model.Run;
import hudson.model.TaskListener;
import io.github.wudl.agent.AgentResult;
import io.github.wudl.agent.ReportTable;
import io.github.wudl.agent.StepOptions;
import io.github.wudl.cli.ReportBuilder;
import java.io.File;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import jenkins.model.RunAction2;

/**
 * The build's "Windows updates" page, and its summary on the build's main page: one table per step call (title,
 * KB, result, HRESULT name, size, whether the content came from the cache) with its totals, and a link to the
 * call's report JSON, which is kept in the build's folder ({@code wudl-reports/}) and goes with the build.
 *
 * <p>Lives on the controller only, persisted in {@code build.xml}: it holds this plugin's classes and JDK types,
 * never the engine's (Jenkins' class filter would refuse them when the build is loaded). The rows are computed
 * by the engine's {@link ReportTable}, where they are tested, and copied here. Calls are added from step
 * threads, possibly several at once (parallel branches), so the list is guarded by this object.
 */
public final class WindowsUpdatesAction implements RunAction2 {
    static final String REPORTS = "wudl-reports";

    private final List<Call> calls = new ArrayList<>();
    private transient Run<?, ?> run;

    /** Adds the call's table to {@code run}'s page, creating the page with the first call. */
    static void record(Run<?, ?> run, StepOptions options, AgentResult result, String node, TaskListener listener) {
        WindowsUpdatesAction action;
        synchronized (run) {
            action = run.getAction(WindowsUpdatesAction.class);
            if (action == null) {
                action = new WindowsUpdatesAction();
                run.addAction(action);
            }
        }
        try {
            action.add(options, result, node);
            run.save();
        } catch (IOException e) {
            // the page is a view of what the step returns; losing it must not fail the download
            listener.getLogger().println("wudl: warning: could not record this call on the build page: " + e);
        }
    }

    private synchronized void add(StepOptions options, AgentResult result, String node) throws IOException {
        Map<String, Object> report = result.report();
        int number = calls.size() + 1;
        String step = AgentCall.stepName(options);
        String reportName = null;
        if (report != null && run != null) {
            File dir = new File(run.getRootDir(), REPORTS);
            Files.createDirectories(dir.toPath());
            reportName = number + "-" + step + ".json";
            Files.writeString(new File(dir, reportName).toPath(), ReportBuilder.toJson(report), StandardCharsets.UTF_8);
        }
        Call c = new Call(
                number,
                step,
                options.kind() == StepOptions.Kind.DOWNLOAD ? options.catalog() : options.file(),
                node,
                result,
                reportName);
        calls.add(c);
    }

    /** The calls, in the order they ended. */
    public synchronized List<Call> getCalls() {
        return new ArrayList<>(calls);
    }

    /** Serves {@code wudl-reports/} of the build: {@code .../windows-updates/reports/1-wuDownload.json}. */
    public DirectoryBrowserSupport doReports() {
        if (Functions.isArtifactsPermissionEnabled()) { // as the build's own artifacts are served
            run.checkPermission(Run.ARTIFACTS);
        }
        return new DirectoryBrowserSupport(
                this,
                new FilePath(new File(run.getRootDir(), REPORTS)),
                getDisplayName(),
                "symbol-document-text",
                false);
    }

    public Run<?, ?> getRun() {
        return run;
    }

    @Override
    public String getIconFileName() {
        return "symbol-windows";
    }

    @Override
    public String getDisplayName() {
        return Messages.WindowsUpdatesAction_DisplayName();
    }

    @Override
    public String getUrlName() {
        return "windows-updates";
    }

    @Override
    public void onAttached(Run<?, ?> r) {
        run = r;
    }

    @Override
    public void onLoad(Run<?, ?> r) {
        run = r;
    }

    /** One step call: its table and totals. Immutable. */
    public static final class Call {
        private final int number;
        private final String step;
        private final String subject;
        private final String node;
        private final String resultCode;
        private final int exitCode;
        private final long totalSize;
        private final long bytesDownloaded;
        private final long durationMs;
        private final String reportName;
        private final List<Row> rows;

        Call(int number, String step, String subject, String node, AgentResult result, String reportName) {
            this.number = number;
            this.step = step;
            this.subject = subject;
            this.node = node;
            this.exitCode = result.exitCode();
            this.reportName = reportName;
            Map<String, Object> report = result.report();
            List<Row> r = new ArrayList<>();
            if (report != null) {
                ReportTable t = ReportTable.of(report);
                resultCode = t.resultCode();
                totalSize = t.totalSize();
                bytesDownloaded = t.bytesDownloaded();
                durationMs = t.durationMs();
                for (ReportTable.Row row : t.rows()) {
                    r.add(new Row(row));
                }
            } else {
                resultCode = String.valueOf(result.outcome());
                totalSize = 0;
                bytesDownloaded = 0;
                durationMs = 0;
            }
            rows = r;
        }

        public int getNumber() {
            return number;
        }

        public String getStep() {
            return step;
        }
        /** The catalog of a {@code wuDownload}, the script of a {@code wuScript}. */
        public String getSubject() {
            return subject;
        }

        public String getNode() {
            return node == null || node.isEmpty() ? "built-in" : node;
        }

        public String getResultCode() {
            return resultCode;
        }

        public int getExitCode() {
            return exitCode;
        }

        public long getTotalSize() {
            return totalSize;
        }

        public long getBytesDownloaded() {
            return bytesDownloaded;
        }

        public long getDurationMs() {
            return durationMs;
        }
        /** The report's file name under {@code reports/}, or null when the call wrote none (a script). */
        public String getReportName() {
            return reportName;
        }

        public List<Row> getRows() {
            return rows == null ? List.of() : List.copyOf(rows);
        }

        public int getSucceeded() {
            return (int) getRows().stream()
                    .filter(r -> "Succeeded".equals(r.getResultCode()))
                    .count();
        }

        public String getTotalSizeText() {
            return Row.bytes(totalSize);
        }

        public String getBytesDownloadedText() {
            return Row.bytes(bytesDownloaded);
        }
    }

    /** One update of a call. Immutable. */
    public static final class Row {
        private final String title;
        private final String kb;
        private final String resultCode;
        private final String hresultName;
        private final long size;
        private final String fromCache;

        Row(ReportTable.Row r) {
            title = r.title();
            kb = r.kb();
            resultCode = r.resultCode();
            hresultName = r.hresultName();
            size = r.size();
            fromCache = r.fromCacheText();
        }

        public String getTitle() {
            return title;
        }

        public String getKb() {
            return kb;
        }

        public String getResultCode() {
            return resultCode;
        }

        public String getHresultName() {
            return hresultName;
        }

        public long getSize() {
            return size;
        }

        public String getFromCache() {
            return fromCache;
        }

        public String getSizeText() {
            return bytes(size);
        }

        static String bytes(long n) {
            return Functions.humanReadableByteSize(n);
        }
    }
}
