package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
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
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", cp, FakeCliMain.class.getName(), "download", "--catalog", catalog.toString(),
                "--cache", tmp.resolve("cache").toString(), "--report", tmp.resolve("report.json").toString())
                .redirectErrorStream(true);
        pb.environment().put("WUDL_PROGRESS", "log");
        Process p = pb.start();
        CountDownLatch progress = new CountDownLatch(1);
        StringBuilder out = new StringBuilder();
        Thread reader = new Thread(() -> {
            try (BufferedReader in = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                for (String line; (line = in.readLine()) != null; ) {
                    synchronized (out) {
                        out.append(line).append('\n');
                    }
                    if (line.startsWith("[")) {
                        progress.countDown();
                    }
                }
            } catch (IOException ignored) {
                // ended
            }
            progress.countDown();
        });
        reader.start();
        assertTrue(progress.await(30, TimeUnit.SECONDS));
        assertTrue(p.isAlive(), "ended before the signal: " + out);
        // SIGTERM; Process.destroy() would also close our end of the pipes and lose the last lines
        p.toHandle().destroy();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "did not stop: " + out);
        reader.join(5_000);
        String log;
        synchronized (out) {
            log = out.toString();
        }
        assertEquals(3, p.exitValue(), log);
        assertTrue(log.contains("aborting: interrupted (Ctrl-C or SIGTERM)"), log);
        assertTrue(log.contains("Aborted (WU_E_CALL_CANCELLED)"), "summary printed: " + log);
        Map<?, ?> report = new ObjectMapper().readValue(tmp.resolve("report.json").toFile(), Map.class);
        assertEquals("Aborted", report.get("resultCode"));
        assertEquals(List.of("WU_E_CALL_CANCELLED"),
                ((List<?>) report.get("updates")).stream().map(u -> ((Map<?, ?>) u).get("hresultName")).toList());
    }
}
