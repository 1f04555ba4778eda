package io.github.wudl.agent;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wudl.cli.TempDirs;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs one Jenkins step on the agent: {@code wudl download} or {@code wudl run} as a <em>child JVM</em>, so
 * GraalJS and the download never load into the agent's remoting JVM (nor the controller's).
 *
 * <p>The child is {@code java [JDK 24+ flags] [@argfile] -jar <engine jar> <arguments>} (or {@code -cp} and
 * {@code io.github.wudl.cli.Main} when the engine is a class path, as in tests), in the workspace, with
 * {@code WUDL_PROGRESS=log}, so it prints the throttled log lines of SPEC §4 and its summary. Its stdout and
 * stderr go line by line, secrets masked, to the build log. System properties (the proxy, its password) go
 * through an owner-only argument file, never the visible command line. A download's {@code --report} is read
 * back as the {@link AgentResult}.
 *
 * <p>{@link #abort()} (from any thread), or interrupting the thread in {@link #run()}, stops the child: SIGTERM
 * first, which makes the engine abort the job, keep the partial files for resume, print its summary and
 * exit 3; after the grace period, a kill. One runner runs once.
 */
public final class AgentRunner {
    private static final ObjectMapper JSON = new ObjectMapper();
    /** By name: this class runs in the agent's JVM, which has no use for the command line's classes. */
    static final String MAIN_CLASS = "io.github.wudl.cli.Main";
    /** The heap of a download's child JVM (the step's JVM options may give another). */
    static final String DOWNLOAD_HEAP = "-Xmx256m";
    /** A script's default memory limit, as {@code wudl run}'s. */
    static final String SCRIPT_HEAP = "1g";

    private final StepOptions options;
    private final Path java;
    private final int javaFeature;
    private final Path engineJar;
    private final String classPath;
    private final List<String> jvmOptions;
    private final Map<String, String> systemProperties;
    private final Map<String, String> environment;
    private final Path workDir;
    private final Path tempDir;
    private final PrintStream log;
    private final SecretMasker masker;
    private final Duration gracePeriod;

    private final Object lock = new Object();
    private Process process;
    private boolean aborted;
    private boolean started;

    private AgentRunner(Builder b) {
        options = b.options.validate();
        java = b.java;
        javaFeature = b.javaFeature;
        engineJar = b.engineJar;
        classPath = b.classPath;
        if ((engineJar == null) == (classPath == null)) {
            throw new IllegalArgumentException("give the engine as a jar or as a class path (one of them)");
        }
        jvmOptions = List.copyOf(b.jvmOptions);
        systemProperties = Map.copyOf(b.systemProperties);
        environment = Map.copyOf(b.environment);
        workDir = Objects.requireNonNull(b.workDir, "workDir");
        tempDir = b.tempDir;
        log = Objects.requireNonNull(b.log, "log");
        masker = new SecretMasker(b.secrets);
        gracePeriod = b.gracePeriod;
    }

    public static Builder builder(StepOptions options) {
        return new Builder(options);
    }

    /**
     * Runs the child to its end and returns how it ended. Bad options are refused before anything starts
     * (by the builder). On interruption the child is aborted, awaited, and {@link InterruptedException} thrown.
     *
     * @throws IOException when the child cannot be started or its report cannot be read
     */
    public AgentResult run() throws IOException, InterruptedException {
        Path temp = Files.createTempDirectory(tempDir == null ? workDir : tempDir, "wudl-step");
        try {
            Path report = temp.resolve("report.json");
            // a script may register the workspace's catalogs (--allow-read), nothing else of the agent's files
            List<String> command = command(
                    temp,
                    options.toArguments(
                            report.toString(), workDir.toAbsolutePath().toString()));
            ProcessBuilder pb =
                    new ProcessBuilder(command).directory(workDir.toFile()).redirectErrorStream(true);
            pb.environment().putAll(environment);
            // the build log is not a terminal: the throttled lines, never a live bar
            pb.environment().put("WUDL_PROGRESS", "log");
            Process p;
            synchronized (lock) {
                if (started) {
                    throw new IllegalStateException("an AgentRunner runs once");
                }
                started = true;
                p = pb.start();
                process = p;
                if (aborted) {
                    stop(p);
                }
            }
            p.getOutputStream().close(); // the child reads no input: it must never wait for some
            Thread pump = pump(p);
            int exit;
            try {
                exit = p.waitFor();
            } catch (InterruptedException e) {
                abort();
                awaitQuietly(p, pump);
                throw e;
            }
            pump.join(TimeUnit.SECONDS.toMillis(10));
            boolean wasAborted;
            synchronized (lock) {
                wasAborted = aborted;
            }
            Map<String, Object> parsed = options.kind() == StepOptions.Kind.DOWNLOAD && Files.isRegularFile(report)
                    ? readReport(report)
                    : null;
            return new AgentResult(options.kind(), exit, Outcome.of(exit, wasAborted), parsed);
        } finally {
            TempDirs.deleteQuietly(temp);
        }
    }

    /**
     * Stops the child: SIGTERM now (the engine aborts and reports), a kill after the grace period. Safe from
     * any thread, before, during or after {@link #run()}; only the first call acts.
     */
    public void abort() {
        synchronized (lock) {
            if (aborted) {
                return;
            }
            aborted = true;
            if (process != null) {
                stop(process);
            }
        }
    }

    // the kill after the grace period is fire-and-forget: nobody waits for it, and its stage only logs and
    // kills, so the future thenRun gives is dropped on purpose
    @SuppressWarnings("FutureReturnValueIgnored")
    private void stop(Process p) {
        // the handle's destroy is SIGTERM on Unix and, unlike Process.destroy(), leaves our end of the pipe
        // open, so the child's last lines (its summary, "partial downloads stay in the cache") still reach
        // the log
        p.toHandle().destroy();
        CompletableFuture<Process> ended = p.onExit();
        ended.completeOnTimeout(null, gracePeriod.toMillis(), TimeUnit.MILLISECONDS)
                .thenRun(() -> {
                    if (p.isAlive()) {
                        log.println(
                                "wudl: the child did not stop within " + gracePeriod.toSeconds() + " s; killing it");
                        log.flush();
                        p.destroyForcibly();
                    }
                });
    }

    /** The child's command line; system properties in an argument file that only the owner can read. */
    List<String> command(Path temp, List<String> arguments) throws IOException {
        List<String> cmd = new ArrayList<>();
        cmd.add(java.toString());
        if (javaFeature >= 24) {
            // as scripts/wudl does: Truffle (the script host) would warn about these on every run
            cmd.add("--enable-native-access=ALL-UNNAMED");
            cmd.add("--sun-misc-unsafe-memory-access=allow");
        }
        if (options.kind() == StepOptions.Kind.DOWNLOAD) {
            // as scripts/wudl gives download: a heap of its own size, not a quarter of the agent's memory, which
            // a large catalog (the offline scan file) would fill before collecting; jvmOptions come later and win
            cmd.add(DOWNLOAD_HEAP);
        } else {
            // as scripts/wudl gives run: the script's memory limit is the child's heap
            cmd.add("-Xmx" + (options.memoryLimit() == null ? SCRIPT_HEAP : options.memoryLimit()));
        }
        cmd.addAll(jvmOptions);
        if (!systemProperties.isEmpty()) {
            cmd.add("@" + ArgFile.write(temp.resolve("jvm.args"), systemProperties));
        }
        if (engineJar != null) {
            cmd.add("-jar");
            cmd.add(engineJar.toString());
        } else {
            cmd.add("-cp");
            cmd.add(classPath);
            cmd.add(MAIN_CLASS);
        }
        cmd.addAll(arguments);
        return cmd;
    }

    private Thread pump(Process p) {
        Thread t = new Thread(
                () -> {
                    try (BufferedReader in =
                            new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                        for (String line; (line = in.readLine()) != null; ) {
                            log.println(masker.mask(line));
                            log.flush();
                        }
                    } catch (IOException e) {
                        // the pipe closed under us (the child was killed): nothing more to copy
                    }
                },
                "wudl-agent-log");
        t.setDaemon(true);
        t.start();
        return t;
    }

    /** After an interruption: wait (bounded by the grace period and a little) for the child and its last lines. */
    private void awaitQuietly(Process p, Thread pump) {
        long waitMillis = gracePeriod.toMillis() + 5_000;
        try {
            p.waitFor(waitMillis, TimeUnit.MILLISECONDS);
            pump.join(5_000);
        } catch (InterruptedException again) {
            p.destroyForcibly(); // interrupted twice: the caller insists
        }
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> readReport(Path report) throws IOException {
        Map<String, Object> m = JSON.readValue(report.toFile(), LinkedHashMap.class);
        return AgentResult.copy(m);
    }

    /** The java executable of this JVM: on the agent, the agent's own Java. */
    public static Path currentJava() {
        boolean windows =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        return Path.of(System.getProperty("java.home"), "bin", windows ? "java.exe" : "java");
    }

    /** Configures an {@link AgentRunner}. Defaults: this JVM's java, a 10 s grace period, no secrets. */
    public static final class Builder {
        private final StepOptions options;
        private Path java = currentJava();
        private int javaFeature = Runtime.version().feature();
        private Path engineJar;
        private String classPath;
        private List<String> jvmOptions = List.of();
        private Map<String, String> systemProperties = Map.of();
        private Map<String, String> environment = Map.of();
        private Path workDir;
        private Path tempDir;
        private PrintStream log;
        private List<String> secrets = List.of();
        private Duration gracePeriod = Duration.ofSeconds(10);

        private Builder(StepOptions options) {
            this.options = Objects.requireNonNull(options, "options");
        }

        /** The java executable and its feature version (24+ gets the Truffle flags). */
        public Builder java(Path executable, int feature) {
            java = executable;
            javaFeature = feature;
            return this;
        }
        /** Run {@code java -jar engineJar} (its manifest Class-Path brings the rest). */
        public Builder engineJar(Path jar) {
            engineJar = jar;
            return this;
        }
        /** Run {@code java -cp classPath io.github.wudl.cli.Main} instead of a jar (tests, a build tree). */
        public Builder classPath(String cp) {
            classPath = cp;
            return this;
        }
        /** Extra JVM options, e.g. {@code -Xmx512m}; visible on the command line. */
        public Builder jvmOptions(List<String> v) {
            jvmOptions = List.copyOf(v);
            return this;
        }
        /** {@code -D} properties (proxy settings, see {@link ProxyProperties}), passed in an argument file. */
        public Builder systemProperties(Map<String, String> v) {
            systemProperties = Map.copyOf(v);
            return this;
        }
        /** Variables added to the child's environment (it inherits this JVM's). */
        public Builder environment(Map<String, String> v) {
            environment = Map.copyOf(v);
            return this;
        }
        /** The child's working directory, the workspace: relative paths in the options are relative to it. */
        public Builder workDir(Path v) {
            workDir = v;
            return this;
        }
        /** Where the report and argument file live while the child runs (default: in {@code workDir}). */
        public Builder tempDir(Path v) {
            tempDir = v;
            return this;
        }
        /** The build log. */
        public Builder log(PrintStream v) {
            log = v;
            return this;
        }
        /** Strings never to show in the log. */
        public Builder secrets(List<String> v) {
            secrets = List.copyOf(v);
            return this;
        }
        /** How long SIGTERM is given before the kill. */
        public Builder gracePeriod(Duration v) {
            gracePeriod = Objects.requireNonNull(v);
            return this;
        }

        /**
         * The runner these settings describe.
         *
         * @throws IllegalArgumentException for invalid options or neither/both of jar and class path
         */
        public AgentRunner build() {
            return new AgentRunner(this);
        }
    }
}
