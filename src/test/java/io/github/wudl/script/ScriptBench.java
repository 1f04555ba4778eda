package io.github.wudl.script;

import io.github.wudl.wua.DownloadCompletedCallback;
import io.github.wudl.wua.DownloadCompletedCallbackArgs;
import io.github.wudl.wua.DownloadJob;
import io.github.wudl.wua.DownloadPhase;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.DownloadProgressChangedCallback;
import io.github.wudl.wua.DownloadProgressChangedCallbackArgs;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateDownloader;
import io.github.wudl.wua.UpdateSearcher;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WebProxy;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * Benchmark (a main, not a test): how fast callbacks get from engine threads to the script thread, and how
 * long a script host takes to start. Run with {@code scripts/bench js}, or
 * {@code java -cp <test class path> io.github.wudl.script.ScriptBench [JOBS] [ENGINE_THREADS] [WUDL_JAR|LAUNCHER]...}.
 *
 * <p>Delivery: a script starts JOBS jobs on a stand-in backend whose "engine" (ENGINE_THREADS threads) then
 * fires one progress and one completed callback per job as fast as it can; the figure is callbacks delivered
 * to JS functions per second, from the first post to the end of the run. Start-up: an empty script in a
 * fresh host (the first one in the JVM pays for GraalJS), and {@code java -jar WUDL_JAR run empty.js} (or
 * {@code scripts/wudl run empty.js}) as a process for each jar or launcher given.
 */
public final class ScriptBench {
    private ScriptBench() {}

    public static void main(String[] args) throws Exception {
        int jobs = args.length > 0 ? Integer.parseInt(args[0]) : 50_000;
        int threads = args.length > 1 ? Integer.parseInt(args[1]) : 4;
        List<Path> commands = new ArrayList<>();
        for (int i = 2; i < args.length; i++) {
            commands.add(Path.of(args[i]));
        }

        long t0 = System.nanoTime();
        ScriptOutcome first = host(new FakeSession(0, 1)).run("empty.js", "", List.of());
        System.out.printf("script host, first empty script in this JVM: %.0f ms (%s)%n", ms(t0), first.kind());
        long best = Long.MAX_VALUE;
        for (int i = 0; i < 10; i++) {
            long t = System.nanoTime();
            host(new FakeSession(0, 1)).run("empty.js", "", List.of());
            best = Math.min(best, System.nanoTime() - t);
        }
        System.out.printf("script host, later empty scripts (shared engine): %.1f ms best of 10%n", best / 1e6);

        for (int round = 1; round <= 3; round++) {
            FakeSession session = new FakeSession(jobs, threads);
            String script = "var n = 0; function p(job, args) { n++; } function c(job, args) { n++; }\n"
                    + "var d = new ActiveXObject('Microsoft.Update.Session').CreateUpdateDownloader();\n"
                    + "for (var i = 0; i < " + jobs + "; i++) d.BeginDownload(p, c, i);\n"
                    + "WScript.Sleep(0);\n";
            StringWriter err = new StringWriter();
            ScriptOutcome o = host(session, err).run("bench.js", script, List.of());
            long end = System.nanoTime();
            if (o.kind() != ScriptOutcome.Kind.COMPLETED) {
                throw new IllegalStateException("bench script: " + o + " " + err);
            }
            double seconds = (end - session.firstPost) / 1e9;
            System.out.printf(
                    "round %d: %,d callbacks (%,d jobs, %d engine threads) delivered in %.3f s: %,.0f callbacks/s%n",
                    round, 2L * jobs, jobs, threads, seconds, 2L * jobs / seconds);
        }

        for (Path jar : commands) {
            Path empty = Files.createTempFile("wudl-empty", ".js");
            List<Long> times = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                List<String> cmd = new ArrayList<>();
                if (jar.toString().endsWith(".jar")) {
                    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java")
                            .toString());
                    if (Runtime.version().feature() >= 24) {
                        cmd.addAll(
                                List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
                    }
                    cmd.addAll(List.of("-jar", jar.toString()));
                } else {
                    cmd.add(jar.toString()); // the scripts/wudl launcher
                }
                cmd.addAll(List.of("run", empty.toString()));
                long t = System.nanoTime();
                Process p = new ProcessBuilder(cmd).inheritIO().start();
                if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                    throw new IllegalStateException("wudl run empty.js failed");
                }
                times.add((System.nanoTime() - t) / 1_000_000);
            }
            times.sort(null);
            System.out.printf(
                    "%s run empty.js as a process: best %d ms, median %d ms (5 runs)%n",
                    jar.getFileName(), times.get(0), times.get(2));
            Files.delete(empty);
        }
    }

    private static ScriptHost host(FakeSession session) {
        return host(session, new StringWriter());
    }

    private static ScriptHost host(FakeSession session, StringWriter err) {
        return ScriptHost.builder(location -> session)
                .catalog("fake")
                .out(new PrintWriter(new StringWriter()))
                .err(new PrintWriter(err))
                .timeout(Duration.ofMinutes(5))
                .build();
    }

    private static double ms(long since) {
        return (System.nanoTime() - since) / 1e6;
    }

    /** A backend stand-in whose "engine" fires each job's callbacks from its own threads once all jobs began. */
    private static final class FakeSession implements UpdateSession, UpdateDownloader {
        private static final DownloadProgress PROGRESS =
                new DownloadProgress(0, DownloadPhase.Downloading, 1, 2, 50, 50, 1, 2, List.of());
        private static final DownloadResult RESULT = new DownloadResult(0, OperationResultCode.Succeeded, List.of());

        private final int expectedJobs;
        private final int threads;
        private final List<FakeJob> begun = new ArrayList<>();
        volatile long firstPost;

        FakeSession(int expectedJobs, int threads) {
            this.expectedJobs = expectedJobs;
            this.threads = threads;
        }

        @Override
        public DownloadJob beginDownload2(
                DownloadType type,
                DownloadProgressChangedCallback onProgress,
                DownloadCompletedCallback onCompleted,
                Object state) {
            FakeJob job = new FakeJob(onProgress, onCompleted);
            begun.add(job);
            if (begun.size() == expectedJobs) {
                fire();
            }
            return job;
        }

        private void fire() {
            CountDownLatch go = new CountDownLatch(1);
            for (int t = 0; t < threads; t++) {
                int first = t;
                Thread engine = new Thread(
                        () -> {
                            try {
                                go.await();
                            } catch (InterruptedException e) {
                                return;
                            }
                            for (int i = first; i < begun.size(); i += threads) {
                                FakeJob j = begun.get(i);
                                j.onProgress.invoke(j, new DownloadProgressChangedCallbackArgs(PROGRESS));
                                j.completed = true;
                                j.onCompleted.invoke(j, DownloadCompletedCallbackArgs.INSTANCE);
                            }
                        },
                        "bench-engine-" + t);
                engine.setDaemon(true);
                engine.start();
            }
            firstPost = System.nanoTime();
            go.countDown();
        }

        @Override
        public DownloadJob beginDownload(DownloadProgressChangedCallback p, DownloadCompletedCallback c, Object s) {
            return beginDownload2(DownloadType.Full, p, c, s);
        }

        @Override
        public DownloadResult endDownload(DownloadJob job) {
            return RESULT;
        }

        @Override
        public DownloadResult download() {
            return RESULT;
        }

        @Override
        public DownloadResult download2(DownloadType downloadType) {
            return RESULT;
        }

        @Override
        public String clientApplicationID() {
            return "";
        }

        @Override
        public void setClientApplicationID(String id) {}

        @Override
        public boolean isForced() {
            return false;
        }

        @Override
        public void setIsForced(boolean forced) {}

        @Override
        public DownloadPriority priority() {
            return DownloadPriority.Normal;
        }

        @Override
        public void setPriority(DownloadPriority priority) {}

        @Override
        public UpdateCollection updates() {
            return null;
        }

        @Override
        public void setUpdates(UpdateCollection updates) {}

        @Override
        public boolean readOnly() {
            return false;
        }

        @Override
        public WebProxy webProxy() {
            return WebProxy.SYSTEM;
        }

        @Override
        public void setWebProxy(WebProxy proxy) {}

        @Override
        public UpdateSearcher createUpdateSearcher() {
            throw new UnsupportedOperationException("the benchmark does not search");
        }

        @Override
        public UpdateDownloader createUpdateDownloader() {
            return this;
        }

        @Override
        public void lockDown() {}
    }

    private static final class FakeJob implements DownloadJob {
        final DownloadProgressChangedCallback onProgress;
        final DownloadCompletedCallback onCompleted;
        volatile boolean completed;

        FakeJob(DownloadProgressChangedCallback onProgress, DownloadCompletedCallback onCompleted) {
            this.onProgress = onProgress;
            this.onCompleted = onCompleted;
        }

        @Override
        public Object asyncState() {
            return null;
        }

        @Override
        public boolean isCompleted() {
            return completed;
        }

        @Override
        public UpdateCollection updates() {
            return UpdateCollection.readOnlySnapshot(List.of());
        }

        @Override
        public int cleanUp() {
            return 0;
        }

        @Override
        public DownloadProgress getProgress() {
            return FakeSession.PROGRESS;
        }

        @Override
        public void requestAbort() {}

        @Override
        public boolean awaitCompletion(Duration timeout) {
            return completed;
        }
    }
}
