package io.github.wudl.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Every script in scripts/examples, run as users run it, against a catalog served on 127.0.0.1. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ExamplesTest {
    private static final Path EXAMPLES = Path.of(System.getProperty("user.dir"), "scripts", "examples");

    @TempDir
    Path tmp;

    private ScriptFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ScriptFixture(tmp);
        f.update("Sample Cumulative Update (KB5000001)", true, 300_000, 20_000);
        f.update("Sample Servicing Stack Update (KB5000002)", 150_000);
        f.update("Sample Defender Update (KB5000003)", 80_000);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private ScriptOutcome run(String example, String... args) throws Exception {
        Path script = EXAMPLES.resolve(example);
        assertTrue(Files.isRegularFile(script), script.toString());
        return f.runFile(script, args);
    }

    @Test
    void demo() throws Exception {
        ScriptOutcome o = run("demo.js");
        assertEquals(0, o.exitCode(), f.out() + f.err());
        String out = f.out();
        assertTrue(out.contains("3 update(s) to download:"), out);
        assertTrue(out.contains("[100%]"), out);
        assertTrue(out.contains("completed after"), out);
        assertTrue(out.contains("Succeeded     0x0"), out);
        assertTrue(out.strip().endsWith("Succeeded: 3 of 3 updates succeeded"), out);
        assertEquals("", f.err());
    }

    @Test
    void demoExitsNonZeroWhenAnUpdateFails() throws Exception {
        f.missingUpdate("Update That Is Gone");
        ScriptOutcome o = run("demo.js");
        assertEquals(1, o.exitCode(), f.out() + f.err());
        assertTrue(f.out().contains("Failed        0x80244019"), f.out());
        assertTrue(f.out().strip().endsWith("SucceededWithErrors: 3 of 4 updates succeeded"), f.out());
    }

    @Test
    void microsoftsSearchDownloadSample() throws Exception {
        ScriptOutcome o = run("search-download.js");
        assertEquals(0, o.exitCode(), f.out() + f.err());
        String out = f.out().replace("\r\n", "\n");
        assertTrue(
                out.contains("List of applicable items on the machine:\n1> Sample Cumulative Update (KB5000001)\n"
                        + "2> Sample Servicing Stack Update (KB5000002)\n3> Sample Defender Update (KB5000003)"),
                out);
        assertTrue(out.contains("3> adding: Sample Defender Update (KB5000003)"), out);
        assertTrue(out.contains("Successfully downloaded updates:\n1> Sample Cumulative Update (KB5000001)"), out);
        assertTrue(out.contains("These updates may require a reboot."), out);
        assertTrue(out.strip().endsWith("3 update(s) are downloaded and ready to install."), out);
    }

    @Test
    void asynchronousPolling() throws Exception {
        f.throttle(800_000);
        ScriptOutcome o = run("async-poll.js");
        assertEquals(0, o.exitCode(), f.out() + f.err());
        String out = f.out();
        assertTrue(out.startsWith("Found 3 update(s)"), out);
        assertTrue(out.contains("ResultCode 2, HResult 0, 1 completed callback, progress callbacks: yes"), out);
        assertTrue(out.contains("Sample Defender Update (KB5000003): 2"), out);
    }

    @Test
    void invokeObjectsAndRequestAbort() throws Exception {
        f.throttle(200_000); // ~3 s in all: the abort comes first
        ScriptOutcome o = run("invoke-abort.js", "10");
        assertEquals(0, o.exitCode(), f.out() + f.err());
        String out = f.out();
        assertTrue(out.contains("reached: RequestAbort"), out);
        assertTrue(out.contains("completed callback: IsCompleted = true"), out);
        assertTrue(out.contains("Overall: Aborted after"), out);
        assertTrue(out.contains("Aborted (WU_E_CALL_CANCELLED)"), out);
    }

    @Test
    void bootstrapperOnly() throws Exception {
        ScriptOutcome o = run("bootstrapper.js");
        assertEquals(0, o.exitCode(), f.out() + f.err());
        String out = f.out();
        assertTrue(out.contains("bootstrapper:    Sample Cumulative Update (KB5000001) -> "), out);
        assertTrue(out.contains("-boot.exe (4096 bytes, ok)"), out);
        assertTrue(out.contains("no bootstrapper: Sample Servicing Stack Update (KB5000002)"), out);
        assertTrue(out.strip().endsWith("1 bootstrapper download(s)"), out);
    }
}
