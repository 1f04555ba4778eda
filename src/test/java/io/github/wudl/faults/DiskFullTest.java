package io.github.wudl.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wudl.testing.Commands;
import io.github.wudl.testing.ContentServer;
import io.github.wudl.wua.HResult;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A full disk (issue 6 item 2) on a real small file system: an 8 MiB tmpfs mounted as the cache directory
 * (needs root; skipped with the reason otherwise). {@code wudl download} runs as a child JVM, as users run it,
 * so the test also sees what the user sees: the exit status, stderr (one message, no stack trace) and the
 * JSON report.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class DiskFullTest {
    private static final String DISK_FULL = "ERROR_DISK_FULL";

    @TempDir
    Path tmp;

    private Path mount;
    private boolean mounted;
    private ContentServer server;
    private TestCatalog catalog;
    private Path cache;
    private ChildCli cli;
    private final List<ChildCli.Child> children = new ArrayList<>();

    @BeforeEach
    void setUp() throws Exception {
        mount = Files.createDirectories(tmp.resolve("fs"));
        String out = Commands.run("mount", "-t", "tmpfs", "-o", "size=8m", "tmpfs", mount.toString());
        mounted = out == null;
        Assumptions.assumeTrue(mounted, "cannot mount an 8 MiB tmpfs here (needs root or CAP_SYS_ADMIN): " + out);
        cache = mount.resolve("cache");
        server = ContentServer.start();
        catalog = new TestCatalog(server);
        cli = new ChildCli(tmp);
    }

    @AfterEach
    void tearDown() throws Exception {
        // a child still running (a failed assertion) would keep the mount busy
        for (ChildCli.Child c : children) {
            c.process().destroyForcibly();
            c.process().waitFor(20, TimeUnit.SECONDS);
        }
        if (server != null) {
            server.close();
        }
        if (mounted) {
            String out = Commands.run("umount", mount.toString());
            if (out != null) {
                // a lazy unmount at least detaches it, so @TempDir can clean up; still report the first failure
                Commands.run("umount", "-l", mount.toString());
                throw new AssertionError("umount " + mount + " failed: " + out);
            }
        }
    }

    @Test
    void aSelectionLargerThanTheFileSystemIsRefusedBeforeAnyByteIsFetched() throws Exception {
        catalog.add("kb1-big.msu", 6L << 20, 1);
        catalog.add("kb2-big.cab", 5L << 20, 2);
        ChildCli.Result r = start("refused.json").await(60);

        assertEquals(1, r.status(), r.toString());
        Map<?, ?> report = report("refused.json");
        assertEquals("Failed", report.get("resultCode"), report.toString());
        assertEquals(DISK_FULL, report.get("hresultName"), report.toString());
        for (Object u : (List<?>) report.get("updates")) {
            Map<?, ?> m = (Map<?, ?>) u;
            assertEquals(HResult.ERROR_DISK_FULL.code(), ((Number) m.get("hresult")).intValue(), m.toString());
            String message = (String) m.get("message");
            // 11 MiB needed; the free figure is whatever tmpfs reports, below 8 MiB
            assertTrue(message.contains("needs 11.0 MiB"), message);
            assertTrue(message.matches(".*only [0-9.]+ [KM]iB is free.*"), message);
        }
        assertTrue(
                r.out().contains("ERROR_DISK_FULL (0x80070070): the download needs 11.0 MiB"),
                "the user is told: " + r);
        assertNoStackTrace(r);
        assertEquals(List.of(), server.log(), "nothing was fetched");
    }

    @Test
    void spaceRunningOutMidDownloadFailsCleanlyAndARerunResumes() throws Exception {
        // 6 MiB fits on 8 MiB at the start; another writer takes the rest while the big file is under way
        TestCatalog.Entry small = catalog.add("kb1-small.cab", 256 * 1024 + 3, 1);
        TestCatalog.Entry big = catalog.add("kb2-big.msu", 6L << 20, 2);
        server.faults(big.path()).throttle(3_000_000); // about 2 s for the big file: room to fill the disk
        Path filler = mount.resolve("filler.bin");
        long sentBefore;
        try (CrashRestartTest.ObjectsWatcher watcher =
                new CrashRestartTest.ObjectsWatcher(cache.resolve("objects"), catalog.byDigest())) {
            ChildCli.Child first = start("full.json");
            assertTrue(
                    server.awaitSent(big.path(), 2L << 20, Duration.ofSeconds(30)),
                    "2 MiB of the big file were never sent; out: " + first.outSoFar());
            long filled = fill(filler);
            ChildCli.Result r = first.await(60);
            sentBefore = server.bytesSent(big.path());
            System.out.printf(
                    "[faults] disk full: filler took %d bytes after %d of %d bytes were sent%n",
                    filled, sentBefore, big.size());

            assertEquals(1, r.status(), r.toString());
            Map<?, ?> bigResult = update(report("full.json"), "kb2-big.msu");
            assertEquals("Failed", bigResult.get("resultCode"), bigResult.toString());
            assertEquals(
                    HResult.ERROR_DISK_FULL.code(),
                    ((Number) bigResult.get("hresult")).intValue(),
                    bigResult.toString());
            String message = (String) bigResult.get("message");
            assertTrue(message.contains("is full") && message.contains("free space"), message);
            assertTrue(
                    r.out().contains("ERROR_DISK_FULL (0x80070070): ")
                            && r.out().contains("is full while storing kb2-big.msu"),
                    "the user is told: " + r);
            assertNoStackTrace(r);
            watcher.assertClean(); // whatever got published while the disk filled up verifies
        }
        assertFalse(Files.exists(published(big)), "a 6 MiB file cannot be complete on a full 8 MiB disk");
        long part = Files.size(cache.resolve("partial").resolve("sha256-" + big.sha256() + ".part"));
        assertTrue(part > 0, "the partial file was not kept for a later resume");

        Files.delete(filler); // the other writer goes away
        server.faults(big.path()).clear();
        ChildCli.Result again = start("again.json").await(60);
        assertEquals(0, again.status(), again.toString());
        assertEquals("Succeeded", report("again.json").get("resultCode"));
        long sentByRerun = server.bytesSent(big.path()) - sentBefore;
        long refetched = sentByRerun - (big.size() - part); // bytes of the kept partial fetched a second time
        System.out.printf(
                "[faults] disk full: .part kept %d bytes; rerun fetched %d of %d bytes; re-fetched %d%n",
                part, sentByRerun, big.size(), refetched);
        assertTrue(
                refetched < part / 5,
                "the rerun did not resume the partial file: it fetched " + sentByRerun + " of " + big.size()
                        + " bytes with " + part + " on disk");
        for (TestCatalog.Entry e : List.of(small, big)) {
            assertEquals(e.size(), Files.size(published(e)), e.path());
            assertEquals(e.sha256(), CrashRestartTest.sha256(published(e)), e.path());
        }
    }

    private static void assertNoStackTrace(ChildCli.Result r) {
        String all = r.out() + r.err();
        assertFalse(all.contains("\tat ") || all.contains("Exception"), "no stack trace for the user: " + r);
    }

    /** Writes {@code file} until the file system says it is full; the bytes written. */
    private static long fill(Path file) throws IOException {
        byte[] block = new byte[64 * 1024];
        long written = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            while (true) {
                out.write(block);
                written += block.length;
            }
        } catch (IOException e) {
            if (!String.valueOf(e.getMessage()).contains("No space left")) {
                throw e;
            }
        }
        // ENOSPC may leave a partial block behind; what counts is that no whole block fits any more
        return Math.max(written, Files.size(file));
    }

    private ChildCli.Child start(String report) throws IOException {
        ChildCli.Child c = cli.start(
                "download",
                "--catalog",
                catalog.write(tmp.resolve("catalog.json")).toString(),
                "--cache",
                cache.toString(),
                "--report",
                tmp.resolve(report).toString());
        children.add(c);
        return c;
    }

    private Map<?, ?> report(String name) throws IOException {
        return new ObjectMapper().readValue(tmp.resolve(name).toFile(), Map.class);
    }

    private static Map<?, ?> update(Map<?, ?> report, String fileName) {
        for (Object u : (List<?>) report.get("updates")) {
            Map<?, ?> m = (Map<?, ?>) u;
            if (String.valueOf(m.get("title")).endsWith(fileName)) {
                return m;
            }
        }
        throw new AssertionError("no update for " + fileName + " in " + report);
    }

    private Path published(TestCatalog.Entry e) {
        return cache.resolve("objects/sha256")
                .resolve(e.sha256().substring(0, 2))
                .resolve(e.sha256());
    }
}
