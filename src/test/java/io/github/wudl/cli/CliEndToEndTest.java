package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wudl.cli.demo.DemoContent;
import io.github.wudl.cli.demo.DemoContent.FileSpec;
import io.github.wudl.cli.demo.DemoContent.UpdateSpec;
import io.github.wudl.cli.demo.DemoServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line as users run it: a separate JVM ({@code java -cp <test class path> io.github.wudl.cli.Main}),
 * the real portable backend, content served over HTTP on 127.0.0.1 by {@link DemoServer}. Needs the portable
 * backend ({@code PortableBackend.openSession}); before it is implemented these tests fail with the CLI's
 * "internal error: UnsupportedOperationException" exit 1.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class CliEndToEndTest {
    private static final String U1 = "0e5a7c1d-0000-4000-8000-000000000001";
    private static final String U2 = "0e5a7c1d-0000-4000-8000-000000000002";
    private static final String U3 = "0e5a7c1d-0000-4000-8000-000000000003";

    @TempDir
    Path tmp;

    private DemoContent.Generated content;
    private DemoServer server;

    record Result(int status, String out, String err) {}

    @BeforeEach
    void serve() throws Exception {
        content = DemoContent.generate(
                tmp.resolve("www"),
                List.of(
                        new UpdateSpec(
                                U1,
                                "E2E Cumulative Update (KB5100001)",
                                "5100001",
                                List.of(new FileSpec("kb5100001.msu", 700_000), new FileSpec("kb5100001.psf", 123_457)),
                                new FileSpec("kb5100001-boot.exe", 4096),
                                false),
                        new UpdateSpec(
                                U2,
                                "E2E Servicing Stack (KB5100002)",
                                "5100002",
                                List.of(new FileSpec("kb5100002.cab", 300_001)),
                                null,
                                false),
                        new UpdateSpec(
                                U3,
                                "E2E Installed Update (KB5100003)",
                                "5100003",
                                List.of(new FileSpec("kb5100003.msu", 1000)),
                                null,
                                true)),
                7);
        server = DemoServer.start(content.root());
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void downloadsVerifiesPlacesAndReports() throws Exception {
        Result r = cli(
                "download",
                "--catalog",
                catalogUrl(),
                "--cache",
                tmp.resolve("cache").toString(),
                "--out",
                tmp.resolve("out").toString(),
                "--report",
                tmp.resolve("report.json").toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("[100%]"), "log-line progress, not a terminal bar: " + r.out());
        assertTrue(r.out().contains("Succeeded: 2 of 2 updates succeeded"), r.out());

        Map<?, ?> report = readReport();
        assertEquals("Succeeded", report.get("resultCode"));
        assertEquals(0, report.get("hresult"));
        assertEquals(700_000L + 123_457 + 300_001, ((Number) report.get("bytesDownloaded")).longValue());
        assertTrue(((Number) report.get("durationMs")).longValue() >= 0);
        List<?> updates = (List<?>) report.get("updates");
        assertEquals(
                List.of(U1, U2),
                updates.stream().map(u -> ((Map<?, ?>) u).get("id")).toList());
        for (Object o : updates) {
            Map<?, ?> u = (Map<?, ?>) o;
            assertEquals("Succeeded", u.get("resultCode"));
            assertEquals(0, u.get("hresult"));
            assertEquals("S_OK", u.get("hresultName"));
            for (Object fo : (List<?>) u.get("files")) {
                Map<?, ?> f = (Map<?, ?>) fo;
                Path path = Path.of((String) f.get("path"));
                assertTrue(path.isAbsolute(), path.toString());
                assertEquals(
                        tmp.resolve("out")
                                .resolve((String) u.get("id"))
                                .resolve((String) f.get("name"))
                                .toAbsolutePath(),
                        path);
                assertEquals(content.sha256().get(f.get("name")), f.get("sha256"));
                assertEquals(content.sha256().get(f.get("name")), OutputPlacer.sha256(path), "bytes on disk");
                assertEquals(Files.size(content.file((String) f.get("name"))), ((Number) f.get("size")).longValue());
                assertEquals(false, f.get("fromCache"));
            }
        }

        // again: everything from the cache, no content request, the placed files left alone
        int before = server.requests("/content/kb5100001.msu");
        Result again = cli(
                "download",
                "--catalog",
                catalogUrl(),
                "--cache",
                tmp.resolve("cache").toString(),
                "--out",
                tmp.resolve("out").toString(),
                "--report",
                tmp.resolve("report.json").toString());
        assertEquals(0, again.status(), again.toString());
        assertEquals(before, server.requests("/content/kb5100001.msu"), "a cache hit costs no network");
        Map<?, ?> second = readReport();
        assertEquals(0, ((Number) second.get("bytesDownloaded")).longValue());
        Map<?, ?> file =
                (Map<?, ?>) ((List<?>) ((Map<?, ?>) ((List<?>) second.get("updates")).get(0)).get("files")).get(0);
        assertEquals(true, file.get("fromCache"));
    }

    @Test
    void bootstrapperDownloadFetchesOnlyBootstrappers() throws Exception {
        Result r = cli(
                "download",
                "--catalog",
                catalogUrl(),
                "--cache",
                tmp.resolve("cache").toString(),
                "--criteria",
                "UpdateID='" + U1 + "'",
                "--type",
                "bootstrapper",
                "--report",
                "-");
        assertEquals(0, r.status(), r.toString());
        Map<?, ?> report = new ObjectMapper().readValue(r.out(), Map.class);
        Map<?, ?> u = (Map<?, ?>) ((List<?>) report.get("updates")).get(0);
        List<?> files = (List<?>) u.get("files");
        assertEquals(1, files.size(), files.toString());
        assertEquals("kb5100001-boot.exe", ((Map<?, ?>) files.get(0)).get("name"));
        assertEquals(0, server.requests("/content/kb5100001.msu"));
    }

    @Test
    void aMissingFileIs404AndExit1() throws Exception {
        Files.delete(content.file("kb5100002.cab"));
        Result r = cli(
                "download",
                "--catalog",
                catalogUrl(),
                "--cache",
                tmp.resolve("cache").toString(),
                "--report",
                tmp.resolve("report.json").toString(),
                "--quiet");
        assertEquals(1, r.status(), r.toString());
        Map<?, ?> report = readReport();
        assertEquals("SucceededWithErrors", report.get("resultCode"));
        Map<?, ?> failed = (Map<?, ?>) ((List<?>) report.get("updates")).get(1);
        assertEquals(U2, failed.get("id"));
        assertEquals("Failed", failed.get("resultCode"));
        assertEquals("WU_E_PT_HTTP_STATUS_NOT_FOUND", failed.get("hresultName"));
        assertEquals(0x80244019, failed.get("hresult"));
        assertTrue(r.out().contains("WU_E_PT_HTTP_STATUS_NOT_FOUND"), "summary table: " + r.out());
    }

    @Test
    void aMalformedCatalogIsExit2WithOneLine() throws Exception {
        Path bad = Files.writeString(
                tmp.resolve("bad.json"),
                "{\"format\": \"wudl-catalog/1\", \"updates\": [{\"id\": \"not-a-guid\", \"title\": \"x\", \"files\": []}]}");
        Result r = cli(
                "download",
                "--catalog",
                bad.toString(),
                "--cache",
                tmp.resolve("cache").toString());
        assertEquals(2, r.status(), r.toString());
        String err = r.err().strip();
        assertFalse(err.isEmpty());
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
        assertTrue(err.contains("updates[0]") || err.contains("not-a-guid"), "says where: " + err);

        Result notJson = cli(
                "search",
                "--catalog",
                Files.writeString(tmp.resolve("nj.json"), "{").toString());
        assertEquals(2, notJson.status(), notJson.toString());
        assertFalse(notJson.err().strip().contains("\n"), notJson.err());
    }

    @Test
    void aSelectionMatchingNothingIsExit0() throws Exception {
        Result r = cli(
                "download",
                "--catalog",
                catalogUrl(),
                "--cache",
                tmp.resolve("cache").toString(),
                "--criteria",
                "UpdateID='0e5a7c1d-0000-4000-8000-0000000000ff'");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("nothing to download"), r.out());
        Result s = cli("search", "--catalog", catalogUrl(), "IsInstalled=1", "and", "IsHidden=1");
        assertEquals(0, s.status(), s.toString());
        assertTrue(s.out().contains("No update"), s.out());
    }

    @Test
    void timeoutAbortsWithExit3() throws Exception {
        server.throttle(100_000); // ~11 s of content: the 1.5 s timeout comes first
        Result r = cli(
                "download",
                "--catalog",
                catalogUrl(),
                "--cache",
                tmp.resolve("cache").toString(),
                "--timeout",
                "1.5",
                "--report",
                tmp.resolve("report.json").toString());
        assertEquals(3, r.status(), r.toString());
        assertEquals("Aborted", readReport().get("resultCode"));
    }

    @Test
    void sigtermAbortsWithExit3AndAReport() throws Exception {
        server.throttle(100_000);
        Process p = start(List.of(
                "download",
                "--catalog",
                catalogUrl(),
                "--cache",
                tmp.resolve("cache").toString(),
                "--report",
                tmp.resolve("report.json").toString()));
        ChildOutput out = new ChildOutput(p);
        assertTrue(out.awaitProgress(60), "no progress line: " + out.text());
        assertTrue(p.isAlive(), "ended before the signal: " + out.text());
        // SIGTERM; Process.destroy() would also close our end of the pipes and lose the last lines
        p.toHandle().destroy();
        assertTrue(p.waitFor(90, TimeUnit.SECONDS));
        out.join(10_000);
        assertEquals(3, p.exitValue(), out.text());
        assertEquals("Aborted", readReport().get("resultCode"));
    }

    @Test
    void demoRunsOfflineAndExits0() throws Exception {
        Result r = cli("demo");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("Succeeded: 3 of 3 updates succeeded"), r.out());
        assertTrue(r.out().contains("Where things went"), r.out());
        assertTrue(r.out().contains("[100%]"), "the demo script's progress callbacks: " + r.out());
        assertFalse(r.err().contains("did not start"), "the script host ran it, not the fallback: " + r.err());
    }

    @Test
    void runExecutesAnExampleScriptAgainstTheCatalog() throws Exception {
        Path example = Path.of(System.getProperty("user.dir"), "scripts", "examples", "async-poll.js");
        Result r = cli(
                "run",
                "--catalog",
                catalogUrl(),
                "--cache",
                tmp.resolve("cache").toString(),
                example.toString());
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("ResultCode 2, HResult 0, 1 completed callback"), r.out());
        // the one line allowed: the plain-http catalog's warning (issue 11, item 13)
        assertEquals(
                "",
                r.err()
                        .lines()
                        .filter(l -> !l.contains("is fetched over plain http"))
                        .reduce("", (a, b) -> a + b + "\n"),
                "no warning from the JavaScript engine");
    }

    @Test
    void runTimeoutStopsAScriptWithExit3() throws Exception {
        Path script = Files.writeString(tmp.resolve("spin.js"), "WScript.Echo('spinning'); while (true) { }");
        // the timeout also covers the engine's start (over a second on a loaded machine): leave the script room
        Result r = cli("run", "--timeout", "4", script.toString());
        assertEquals(3, r.status(), r.toString());
        assertTrue(r.out().contains("spinning"), r.out());
        assertTrue(r.err().contains("timeout"), r.err());
    }

    private String catalogUrl() {
        return server.uri("catalog.json").toString();
    }

    private Map<?, ?> readReport() throws IOException {
        return new ObjectMapper().readValue(tmp.resolve("report.json").toFile(), Map.class);
    }

    private Result cli(String... args) throws Exception {
        Path out = Files.createTempFile(tmp, "out", ".txt");
        Path err = Files.createTempFile(tmp, "err", ".txt");
        ProcessBuilder pb = command(List.of(args)).redirectOutput(out.toFile()).redirectError(err.toFile());
        Process p = pb.start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("wudl " + String.join(" ", args) + " did not end; out: " + Files.readString(out));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Process start(List<String> args) throws IOException {
        return command(args).redirectError(ProcessBuilder.Redirect.DISCARD).start();
    }

    private ProcessBuilder command(List<String> args) {
        // surefire may hand the JVM a manifest-only jar as java.class.path; it also records the real path
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx256m",
                "-Djava.io.tmpdir=" + tmp,
                "-cp",
                cp,
                Main.class.getName())); // demo's files stay in tmp
        if (Runtime.version().feature() >= 24) {
            // as scripts/wudl does: Truffle (the script host) would warn about these on every run
            cmd.addAll(3, List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        cmd.addAll(args);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().put("WUDL_PROGRESS", "log");
        pb.environment().put("WUDL_CACHE", tmp.resolve("default-cache").toString());
        pb.environment().remove("WUDL_PARALLEL");
        return pb;
    }
}
