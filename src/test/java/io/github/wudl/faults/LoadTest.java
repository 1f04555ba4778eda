package io.github.wudl.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wudl.testing.ContentServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One job of 2,000 small files from a flaky mirror: 1 % of the files answer 503 once, another 1 % drop the
 * connection half-way through the body once. The command line must finish Succeeded with every file verified
 * and the report must count the retries it needed. Faulted files are picked with a fixed seed, so a failure
 * reproduces.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class LoadTest {
    private static final int FILES = 2_000;
    private static final int SIZE = 4096;
    private static final int FAULTED = FILES / 100;

    @TempDir
    Path tmp;

    @Test
    void twoThousandFilesWithFailingAndDroppedResponsesAllVerifyAndRetriesAreCounted() throws Exception {
        try (ContentServer server = ContentServer.start()) {
            TestCatalog catalog = new TestCatalog(server);
            List<TestCatalog.Entry> entries = new ArrayList<>();
            for (int i = 0; i < FILES; i++) {
                entries.add(catalog.add(String.format("kb%04d.cab", i), SIZE, 1000 + i));
            }
            List<TestCatalog.Entry> shuffled = new ArrayList<>(entries);
            Collections.shuffle(shuffled, new Random(20261124));
            Set<String> failing = new HashSet<>();
            Set<String> dropped = new HashSet<>();
            for (int i = 0; i < FAULTED; i++) {
                failing.add(shuffled.get(i).path());
                server.faults(shuffled.get(i).path()).failNext(503, 1);
                dropped.add(shuffled.get(FAULTED + i).path());
                server.faults(shuffled.get(FAULTED + i).path()).dropAfter(SIZE / 2, 1);
            }
            Path catalogFile = catalog.write(tmp.resolve("catalog.json"));
            Path cache = tmp.resolve("cache");
            Path reportFile = tmp.resolve("report.json");

            long started = System.nanoTime();
            ChildCli.Result r = new ChildCli(tmp)
                    .start(
                            "download",
                            "--catalog",
                            catalogFile.toString(),
                            "--cache",
                            cache.toString(),
                            "--report",
                            reportFile.toString(),
                            "--quiet")
                    .await(100);
            long ms = (System.nanoTime() - started) / 1_000_000;
            assertEquals(0, r.status(), r.toString());

            Map<?, ?> report = new ObjectMapper().readValue(reportFile.toFile(), Map.class);
            assertEquals("Succeeded", report.get("resultCode"));
            List<?> updates = (List<?>) report.get("updates");
            assertEquals(FILES, updates.size());
            Map<String, Integer> retriesByPath = new HashMap<>();
            int retries = 0;
            for (int i = 0; i < FILES; i++) {
                Map<?, ?> u = (Map<?, ?>) updates.get(i);
                assertEquals("Succeeded", u.get("resultCode"), u.toString());
                Map<?, ?> f = (Map<?, ?>) ((List<?>) u.get("files")).get(0);
                TestCatalog.Entry e = entries.get(i);
                assertEquals(e.sha256(), f.get("sha256"), u.toString());
                // the bytes on disk, not only what the report says about them
                Path onDisk = Path.of((String) f.get("path"));
                assertEquals(SIZE, Files.size(onDisk));
                assertEquals(e.sha256(), CrashRestartTest.sha256(onDisk), onDisk.toString());
                int n = ((Number) u.get("retries")).intValue();
                retriesByPath.put(e.path(), n);
                retries += n;
            }
            for (String p : failing) {
                assertTrue(retriesByPath.get(p) >= 1, p + " answered 503 once but no retry was counted");
                assertEquals(2, server.requestCount(p), p);
            }
            for (String p : dropped) {
                assertTrue(retriesByPath.get(p) >= 1, p + " was dropped mid-body but no retry was counted");
                // the second request resumes: the half already received is not sent again
                assertEquals(SIZE, server.bytesSent(p), p + ": " + server.log(p));
            }
            long sent =
                    entries.stream().mapToLong(e -> server.bytesSent(e.path())).sum();
            System.out.printf(
                    "[faults] load: %d files x %d B, %d x 503 + %d dropped mid-body injected; %d retries"
                            + " counted; %d body bytes sent for %d needed; %d ms%n",
                    FILES, SIZE, failing.size(), dropped.size(), retries, sent, (long) FILES * SIZE, ms);
            assertEquals(failing.size() + dropped.size(), retries, "one retry per injected fault, no more");
            assertEquals((long) FILES * SIZE, sent, "no byte sent twice");
        }
    }
}
