package io.github.wudl.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.cli.demo.DemoContent;
import io.github.wudl.cli.demo.DemoContent.FileSpec;
import io.github.wudl.cli.demo.DemoContent.UpdateSpec;
import io.github.wudl.cli.demo.DemoServer;
import java.io.OutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner with the real command line in a child JVM ({@code -cp <test class path> io.github.wudl.cli.Main})
 * against {@link DemoServer} on 127.0.0.1, as the Jenkins step runs it on an agent.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class AgentRunnerTest {
    private static final String U1 = "0e5a7c1d-0000-4000-8000-0000000000a1";
    private static final String U2 = "0e5a7c1d-0000-4000-8000-0000000000a2";
    private static final Pattern PERCENT = Pattern.compile("^\\[\\s*(\\d+)%]");

    @TempDir
    Path tmp;

    private DemoContent.Generated content;
    private DemoServer server;
    private final Log log = new Log();

    @BeforeEach
    void serve() throws Exception {
        content = DemoContent.generate(
                tmp.resolve("www"),
                List.of(
                        new UpdateSpec(
                                U1,
                                "Agent Cumulative Update (KB5200001)",
                                "5200001",
                                List.of(new FileSpec("kb5200001.msu", 600_000)),
                                null,
                                false),
                        new UpdateSpec(
                                U2,
                                "Agent Servicing Stack (KB5200002)",
                                "5200002",
                                List.of(new FileSpec("kb5200002.cab", 300_000)),
                                null,
                                false)),
                11);
        server = DemoServer.start(content.root());
        Files.createDirectories(tmp.resolve("ws"));
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void downloadStreamsThrottledLinesAndReturnsTheReport() throws Exception {
        server.throttle(150_000); // about 4 s: long enough for several lines
        AgentResult r = runner(StepOptions.download(catalogUrl())
                        .cacheDir(tmp.resolve("cache").toString())
                        .outputDir("updates")
                        .build())
                .build()
                .run();

        assertEquals(0, r.exitCode(), log.text());
        assertEquals(Outcome.SUCCEEDED, r.outcome());
        assertNull(r.failure(StepOptions.download("c").build()));
        assertTrue(log.text().contains("Succeeded: 2 of 2 updates succeeded"), "summary: " + log.text());
        assertFalse(log.text().contains("\r") || log.text().contains("\u001b"), "plain lines: " + log.text());

        List<long[]> progress = log.progressLines();
        assertTrue(progress.size() >= 2, log.text());
        assertEquals(100, progress.get(progress.size() - 1)[1], log.text());
        // SPEC §4: a line at most every 2 s or every 10 %; the last line is the final state, always printed
        for (int i = 1; i < progress.size() - 1; i++) {
            long dt = progress.get(i)[0] - progress.get(i - 1)[0];
            long dp = progress.get(i)[1] - progress.get(i - 1)[1];
            assertTrue(dt >= 1_500 || dp >= 10, "line " + i + " after " + dt + " ms and " + dp + " %: " + log.text());
        }

        Map<String, Object> m = r.toMap();
        assertEquals("Succeeded", m.get("resultCode"));
        assertEquals(0, m.get("hresult"));
        assertEquals(900_000L, ((Number) m.get("bytesDownloaded")).longValue());
        assertTrue(m.get("durationMs") instanceof Number);
        List<?> updates = (List<?>) m.get("updates");
        assertEquals(
                List.of(U1, U2),
                updates.stream().map(u -> ((Map<?, ?>) u).get("id")).toList());
        Map<?, ?> f = (Map<?, ?>) ((List<?>) ((Map<?, ?>) updates.get(0)).get("files")).get(0);
        assertEquals(
                tmp.resolve("ws/updates")
                        .resolve(U1)
                        .resolve("kb5200001.msu")
                        .toAbsolutePath()
                        .toString(),
                f.get("path"),
                "outputDir is relative to the workspace");
        assertEquals(content.sha256().get("kb5200001.msu"), f.get("sha256"));
        assertEquals(600_000L, ((Number) f.get("size")).longValue());
        assertEquals(false, f.get("fromCache"));
        assertOnlyPlainTypes(m);
        assertEquals(List.of(), leftovers(), "no temporary directory left");
    }

    @Test
    void hideKeepsAnUpdateOutOfThisBuildsSearchAndTheNext() throws Exception {
        String cache = tmp.resolve("cache").toString();
        AgentResult first = runner(StepOptions.download(catalogUrl())
                        .cacheDir(cache)
                        .criteria("IsHidden=0 and IsInstalled=0")
                        .hide(List.of("KB5200002"))
                        .build())
                .build()
                .run();
        assertEquals(0, first.exitCode(), log.text());
        assertTrue(log.text().contains("hidden: " + U2 + "  Agent Servicing Stack (KB5200002)"), log.text());
        assertEquals(List.of(U1), ids(first));

        AgentResult next = runner(StepOptions.download(catalogUrl())
                        .cacheDir(cache)
                        .criteria("IsHidden=0 and IsInstalled=0")
                        .build())
                .build()
                .run();
        assertEquals(List.of(U1), ids(next), "the next build on this agent still sees it hidden");

        AgentResult shown = runner(StepOptions.download(catalogUrl())
                        .cacheDir(cache)
                        .criteria("IsHidden=0 and IsInstalled=0")
                        .unhide(List.of(U2))
                        .build())
                .build()
                .run();
        assertEquals(List.of(U1, U2), ids(shown), log.text());
    }

    private static List<Object> ids(AgentResult r) {
        return ((List<?>) r.toMap().get("updates"))
                .stream().<Object>map(u -> ((Map<?, ?>) u).get("id")).toList();
    }

    @Test
    void aFailedUpdateFailsTheStepUnlessFailOnErrorIsOff() throws Exception {
        Files.write(content.file("kb5200002.cab"), new byte[300_000]); // same size, wrong bytes
        StepOptions options = StepOptions.download(catalogUrl())
                .cacheDir(tmp.resolve("cache").toString())
                .build();
        AgentResult r = runner(options).build().run();
        assertEquals(1, r.exitCode(), log.text());
        assertEquals(Outcome.FAILED, r.outcome());
        assertEquals(
                "wuDownload: 1 of 2 updates failed: Agent Servicing Stack (KB5200002) (" + U2
                        + "): Failed, WU_E_DM_INCORRECTFILEHASH",
                r.failure(options));
        assertNull(r.failure(StepOptions.download("c").failOnError(false).build()));
        assertEquals("SucceededWithErrors", r.toMap().get("resultCode"));
    }

    @Test
    void abortStopsTheChildWithinSecondsAndKeepsTheReport() throws Exception {
        server.throttle(20_000); // about 45 s of content
        AgentRunner runner = runner(StepOptions.download(catalogUrl())
                        .cacheDir(tmp.resolve("cache").toString())
                        .build())
                .build();
        CompletableFuture<AgentResult> running = CompletableFuture.supplyAsync(() -> {
            try {
                return runner.run();
            } catch (Exception e) {
                throw new RuntimeException(e);
            }
        });
        assertTrue(log.firstProgress.await(60, TimeUnit.SECONDS), "no progress line: " + log.text());
        long start = System.nanoTime();
        runner.abort();
        AgentResult r = running.get(10, TimeUnit.SECONDS);
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(10));
        assertEquals(Outcome.ABORTED, r.outcome(), log.text());
        assertEquals(3, r.exitCode(), "SIGTERM lets the engine end cleanly: " + log.text());
        assertEquals("Aborted", r.toMap().get("resultCode"));
        assertTrue(log.text().contains("Partial downloads stay in the cache"), log.text());
        assertTrue(r.failure(StepOptions.download("c").build()).startsWith("wuDownload was aborted"));
    }

    @Test
    void interruptingTheCallerAbortsTheChild() throws Exception {
        server.throttle(20_000);
        AgentRunner runner = runner(StepOptions.download(catalogUrl())
                        .cacheDir(tmp.resolve("cache").toString())
                        .build())
                .build();
        CompletableFuture<Throwable> thrown = new CompletableFuture<>();
        Thread caller = new Thread(() -> {
            try {
                runner.run();
                thrown.complete(null);
            } catch (Throwable e) {
                thrown.complete(e);
            }
        });
        caller.start();
        assertTrue(log.firstProgress.await(60, TimeUnit.SECONDS), "no progress line: " + log.text());
        caller.interrupt(); // what remoting does on the agent when the step is stopped
        assertTrue(thrown.get(15, TimeUnit.SECONDS) instanceof InterruptedException, String.valueOf(thrown.get()));
        assertTrue(log.text().contains("Aborted"), log.text());
    }

    @Test
    void secretsAreMasked() throws Exception {
        String secret = "127.0.0.1:" + server.port(); // appears in every line that names the catalog
        AgentResult r = runner(StepOptions.download(catalogUrl())
                        .cacheDir(tmp.resolve("cache").toString())
                        .criteria("UpdateID='0e5a7c1d-0000-4000-8000-0000000000ff'")
                        .build())
                .secrets(List.of(secret))
                .build()
                .run();
        assertEquals(0, r.exitCode(), log.text());
        assertTrue(log.text().contains("No update in http://****/catalog.json"), log.text());
        assertFalse(log.text().contains(secret), log.text());
        assertEquals(List.of(), r.toMap().get("updates"));
    }

    @Test
    void badInputIsExit2WithTheEnginesMessage() throws Exception {
        StepOptions options = StepOptions.download("missing.json").build();
        AgentResult r = runner(options).build().run();
        assertEquals(Outcome.BAD_INPUT, r.outcome());
        assertTrue(log.text().contains("--catalog missing.json: no such file"), log.text());
        assertEquals("wuDownload: bad input (see the wudl message above)", r.failure(options));
        assertEquals("Failed", r.toMap().get("resultCode"));
        assertThrows(
                IllegalArgumentException.class,
                () -> runner(StepOptions.download(" ").build()).build());
    }

    @Test
    void aScriptPrintsToTheLogAndReturnsItsExitCode() throws Exception {
        Files.writeString(
                tmp.resolve("ws/hello.js"), "WScript.Echo('hello ' + WScript.Arguments.Item(0)); WScript.Quit(4);");
        StepOptions options =
                StepOptions.script("hello.js").args(List.of("agent")).build();
        AgentResult r = runner(options).build().run();
        assertTrue(log.text().contains("hello agent"), log.text());
        assertEquals(Map.of("exitCode", 4), r.toMap());
        assertEquals("wuScript hello.js failed with exit status 4", r.failure(options));
    }

    @Test
    void runsTheEngineAsAJarWithSystemPropertiesFromAnArgumentFile() throws Exception {
        // an engine jar whose manifest Class-Path is this test run's class path, as the plugin's copy is
        StringBuilder cp = new StringBuilder();
        for (Path p : EngineBundle.classPath()) {
            cp.append(p.toUri()).append(' ');
        }
        Path jar = EngineBundleTest.jar(tmp.resolve("wudl.jar"), cp.toString().trim());
        Files.writeString(tmp.resolve("ws/hello.js"), "WScript.Echo('from the jar');");
        AgentResult r = AgentRunner.builder(StepOptions.script("hello.js").build())
                .engineJar(jar)
                .systemProperties(ProxyProperties.of("proxy.invalid", 3128, "*", "u", "pw-secret"))
                .workDir(tmp.resolve("ws"))
                .log(log.stream)
                .build()
                .run();
        assertEquals(0, r.exitCode(), log.text());
        assertTrue(log.text().contains("from the jar"), log.text());
    }

    @Test
    void aDownloadGetsAHeapOfItsOwnThatTheStepsJvmOptionsOverride() throws Exception {
        List<String> download = AgentRunner.builder(
                        StepOptions.download("c.json").build())
                .classPath("cp")
                .jvmOptions(List.of("-Xmx1g"))
                .workDir(tmp)
                .log(log.stream)
                .build()
                .command(tmp, List.of("download"));
        int heap = download.indexOf(AgentRunner.DOWNLOAD_HEAP);
        assertTrue(heap > 0 && heap < download.indexOf("-Xmx1g"), download.toString()); // the later -Xmx wins
        List<String> script = AgentRunner.builder(StepOptions.script("a.js").build())
                .classPath("cp")
                .workDir(tmp)
                .log(log.stream)
                .build()
                .command(tmp, List.of("run"));
        assertTrue(script.contains("-Xmx1g"), script.toString());
        List<String> limited = AgentRunner.builder(
                        StepOptions.script("a.js").memoryLimit("512m").build())
                .classPath("cp")
                .workDir(tmp)
                .log(log.stream)
                .build()
                .command(tmp, List.of("run"));
        assertTrue(limited.contains("-Xmx512m") && !limited.contains("-Xmx1g"), limited.toString());
    }

    private AgentRunner.Builder runner(StepOptions options) {
        // surefire may hand the JVM a manifest-only jar as java.class.path; it also records the real path
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        return AgentRunner.builder(options)
                .classPath(cp)
                .jvmOptions(List.of("-Xmx256m"))
                .environment(Map.of("WUDL_CACHE", tmp.resolve("default-cache").toString()))
                .workDir(tmp.resolve("ws"))
                .log(log.stream);
    }

    private String catalogUrl() {
        return server.uri("catalog.json").toString();
    }

    private List<Path> leftovers() throws Exception {
        try (var s = Files.list(tmp.resolve("ws"))) {
            return s.filter(p -> p.getFileName().toString().startsWith("wudl-step"))
                    .toList();
        }
    }

    private static void assertOnlyPlainTypes(Object o) {
        if (o instanceof Map<?, ?> m) {
            m.values().forEach(AgentRunnerTest::assertOnlyPlainTypes);
        } else if (o instanceof List<?> l) {
            l.forEach(AgentRunnerTest::assertOnlyPlainTypes);
        } else {
            assertTrue(
                    o == null
                            || o instanceof String
                            || o instanceof Integer
                            || o instanceof Long
                            || o instanceof Boolean,
                    "CPS-safe: " + o.getClass());
        }
    }

    /** The build log: lines with the time each arrived. */
    static final class Log extends OutputStream {
        final PrintStream stream = new PrintStream(this, true, StandardCharsets.UTF_8);
        final CountDownLatch firstProgress = new CountDownLatch(1);
        private final StringBuilder all = new StringBuilder();
        private final List<long[]> progress = new ArrayList<>();
        private final java.io.ByteArrayOutputStream line = new java.io.ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            if (b != '\n') {
                line.write(b);
                return;
            }
            String s = line.toString(StandardCharsets.UTF_8);
            line.reset();
            all.append(s).append('\n');
            Matcher m = PERCENT.matcher(s);
            if (m.find()) {
                progress.add(new long[] {System.nanoTime() / 1_000_000, Long.parseLong(m.group(1))});
                firstProgress.countDown();
            }
        }

        synchronized String text() {
            return all.toString();
        }

        synchronized List<long[]> progressLines() {
            return new ArrayList<>(progress);
        }
    }
}
