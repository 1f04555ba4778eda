package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** SIGTERM to a running download process: the job is aborted, the report is written, the exit status is 3. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SignalTest {
    @TempDir
    Path tmp;

    @Test
    void sigtermAbortsTheJobWritesTheReportAndExits3() throws Exception {
        Path catalog = Files.writeString(tmp.resolve("catalog.json"), "{}");
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        ProcessBuilder pb = new ProcessBuilder(
                        Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                        "-cp",
                        cp,
                        FakeCliMain.class.getName(),
                        "download",
                        "--catalog",
                        catalog.toString(),
                        "--cache",
                        tmp.resolve("cache").toString(),
                        "--report",
                        tmp.resolve("report.json").toString())
                .redirectErrorStream(true);
        pb.environment().put("WUDL_PROGRESS", "log");
        Process p = pb.start();
        ChildOutput out = new ChildOutput(p);
        assertTrue(out.awaitProgress(30), "no progress line: " + out.text());
        assertTrue(p.isAlive(), "ended before the signal: " + out.text());
        // SIGTERM; Process.destroy() would also close our end of the pipes and lose the last lines
        p.toHandle().destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "did not stop: " + out.text());
        out.join(5_000);
        String log = out.text();
        assertEquals(3, p.exitValue(), log);
        assertTrue(log.contains("aborting: interrupted (Ctrl-C or SIGTERM)"), log);
        assertTrue(log.contains("Aborted (WU_E_CALL_CANCELLED)"), "summary printed: " + log);
        Map<?, ?> report =
                new ObjectMapper().readValue(tmp.resolve("report.json").toFile(), Map.class);
        assertEquals("Aborted", report.get("resultCode"));
        assertEquals(
                List.of("WU_E_CALL_CANCELLED"),
                ((List<?>) report.get("updates"))
                        .stream().map(u -> ((Map<?, ?>) u).get("hresultName")).toList());
    }
}
