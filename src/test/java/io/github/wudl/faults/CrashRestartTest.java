package io.github.wudl.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wudl.testing.ContentServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A killed agent loses nothing: {@code wudl download} runs as its own JVM against a throttled local server and
 * is killed mid-file (SIGKILL: no shutdown hook, no flush; SIGINT: the orderly abort), then rerun. Meanwhile a
 * watcher checks that every file that ever shows up under the cache's {@code objects/} is complete and verifies,
 * since the cache promises that unverified bytes never carry a published name.
 */
@Timeout(value = 90, unit = TimeUnit.SECONDS)
class CrashRestartTest {
    private static final long BIG = 24L << 20;
    /** Slow enough that the kill lands mid-file, fast enough that a run takes a few seconds. */
    private static final long THROTTLE = 6_000_000;

    @TempDir
    Path tmp;

    private ContentServer server;
    private TestCatalog catalog;
    private TestCatalog.Entry big;
    private Path catalogFile;
    private Path cache;
    private ChildCli cli;

    @BeforeEach
    void setUp() throws IOException {
        server = ContentServer.start();
        catalog = new TestCatalog(server);
        catalog.add("kb1-small.cab", 64 * 1024 + 7, 1);
        big = catalog.add("kb2-big.msu", BIG, 2);
        catalog.add("kb3-small.psf", 200_003, 3);
        catalogFile = catalog.write(tmp.resolve("catalog.json"));
        cache = tmp.resolve("cache");
        cli = new ChildCli(tmp);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void sigkillMidFileThenRerunResumesAndNothingUnverifiedIsPublished() throws Exception {
        server.faults(big.path()).throttle(THROTTLE);
        long sentBefore;
        long part;
        try (ObjectsWatcher watcher = new ObjectsWatcher(cache.resolve("objects"), catalog.byDigest())) {
            ChildCli.Child first = cli.start(download("first.json"));
            assertTrue(
                    server.awaitSent(big.path(), BIG * 3 / 10, Duration.ofSeconds(30)),
                    "30 % of the big file was never sent; out: " + first.outSoFar());
            first.process().destroyForcibly(); // SIGKILL on Linux
            assertTrue(first.process().waitFor(20, TimeUnit.SECONDS));
            assertEquals(137, first.process().exitValue(), "killed by SIGKILL, not ended on its own");

            sentBefore = server.bytesSent(big.path());
            part = partSize(big);
            assertTrue(part > 0, "the killed run left no partial file (" + sentBefore + " bytes had been sent)");
            assertTrue(part <= sentBefore, "more on disk than was sent: " + part + " > " + sentBefore);

            server.faults(big.path()).clear(); // the rerun need not be slow
            ChildCli.Result second = cli.start(download("second.json")).await(60);
            assertEquals(0, second.status(), second.toString());
            watcher.assertClean();
            assertEquals(catalog.byDigest().size(), watcher.filesChecked(), "the watcher saw every published file");
        }
        long sentByRerun = server.bytesSent(big.path()) - sentBefore;
        long refetched = sentByRerun - (BIG - part); // bytes of the partial file fetched a second time
        System.out.printf(
                "[faults] SIGKILL at %d of %d bytes sent; .part %d bytes; rerun fetched %d; re-fetched %d%n",
                sentBefore, BIG, part, sentByRerun, refetched);
        assertTrue(
                refetched < part / 5,
                "the rerun re-fetched " + refetched + " of the " + part + " bytes already on disk (sent by rerun: "
                        + sentByRerun + ")");
        assertEquals("Succeeded", report("second.json").get("resultCode"));
        assertAllPublished();
        for (String small : List.of("/content/kb1-small.cab", "/content/kb3-small.psf")) {
            assertEquals(1, server.requestCount(small), small + " fetched once over both runs");
        }
    }

    @Test
    void sigintAbortsWithExit3AndKeepsThePartial() throws Exception {
        server.faults(big.path()).throttle(THROTTLE);
        try (ObjectsWatcher watcher = new ObjectsWatcher(cache.resolve("objects"), catalog.byDigest())) {
            ChildCli.Child run = cli.start(download("int.json"));
            if (sigintIgnored(run.process().pid())) {
                run.process().destroyForcibly();
                Assumptions.abort("SIGINT is ignored in this process tree (started in the background by a shell"
                        + " without job control), and a JVM that inherits that never sees Ctrl-C: nothing to test");
            }
            assertTrue(
                    server.awaitSent(big.path(), BIG * 3 / 10, Duration.ofSeconds(30)),
                    "30 % of the big file was never sent; out: " + run.outSoFar());
            Process kill = new ProcessBuilder(
                            "kill", "-INT", Long.toString(run.process().pid()))
                    .inheritIO()
                    .start();
            assertEquals(0, kill.waitFor());
            ChildCli.Result r = run.await(60);
            assertEquals(3, r.status(), r.toString());
            assertEquals("Aborted", report("int.json").get("resultCode"));
            watcher.assertClean();
        }
        long part = partSize(big);
        System.out.printf(
                "[faults] SIGINT after %d bytes sent; .part kept: %d bytes%n", server.bytesSent(big.path()), part);
        assertTrue(part > 0, "the partial file was not kept");
        assertTrue(
                Files.isRegularFile(cache.resolve("partial").resolve("sha256-" + big.sha256() + ".meta")),
                "the partial's validators (.meta) were not kept");
    }

    @Test
    void twoProcessesSharingOneCacheFetchEachFileOnce() throws Exception {
        // b starts once a is well into the big file (about 4 s at this rate), so the two runs surely overlap
        // on it: b must wait for a's lock and then take a's published file, not fetch it again
        server.faults(big.path()).throttle(THROTTLE);
        try (ObjectsWatcher watcher = new ObjectsWatcher(cache.resolve("objects"), catalog.byDigest())) {
            ChildCli.Child a = cli.start(download("a.json"));
            assertTrue(server.awaitSent(big.path(), BIG / 10, Duration.ofSeconds(30)), a.outSoFar());
            ChildCli.Child b = cli.start(download("b.json"));
            ChildCli.Result ra = a.await(60);
            ChildCli.Result rb = b.await(60);
            assertEquals(0, ra.status(), ra.toString());
            assertEquals(0, rb.status(), rb.toString());
            watcher.assertClean();
        }
        for (TestCatalog.Entry e : catalog.byDigest().values()) {
            assertEquals(1, server.requestCount(e.path()), "requests for " + e.path() + ": " + server.log(e.path()));
            assertEquals(e.size(), server.bytesSent(e.path()), "bytes sent for " + e.path());
        }
        assertEquals("Succeeded", report("a.json").get("resultCode"));
        assertEquals("Succeeded", report("b.json").get("resultCode"));
        long total = catalog.byDigest().values().stream()
                .mapToLong(TestCatalog.Entry::size)
                .sum();
        assertEquals(
                total,
                ((Number) report("a.json").get("bytesDownloaded")).longValue()
                        + ((Number) report("b.json").get("bytesDownloaded")).longValue(),
                "each byte downloaded by one run");
        assertAllPublished();
    }

    /** Linux: the SigIgn mask of /proc/PID/status has bit 1 (signal 2) set. Elsewhere: assume not. */
    private static boolean sigintIgnored(long pid) throws IOException {
        Path status = Path.of("/proc", Long.toString(pid), "status");
        if (!Files.isReadable(status)) {
            return false;
        }
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("SigIgn:")) {
                return (Long.parseUnsignedLong(line.substring(7).trim(), 16) & 0x2) != 0;
            }
        }
        return false;
    }

    private String[] download(String report) {
        return new String[] {
            "download",
            "--catalog",
            catalogFile.toString(),
            "--cache",
            cache.toString(),
            "--report",
            tmp.resolve(report).toString()
        };
    }

    private Map<?, ?> report(String name) throws IOException {
        return new ObjectMapper().readValue(tmp.resolve(name).toFile(), Map.class);
    }

    private long partSize(TestCatalog.Entry e) throws IOException {
        Path p = cache.resolve("partial").resolve("sha256-" + e.sha256() + ".part");
        return Files.isRegularFile(p) ? Files.size(p) : 0;
    }

    private void assertAllPublished() throws IOException {
        for (TestCatalog.Entry e : catalog.byDigest().values()) {
            Path p = cache.resolve("objects/sha256")
                    .resolve(e.sha256().substring(0, 2))
                    .resolve(e.sha256());
            assertEquals(e.size(), Files.size(p), p.toString());
            assertEquals(e.sha256(), sha256(p), p.toString());
        }
    }

    static String sha256(Path p) throws IOException {
        try (InputStream in = Files.newInputStream(p)) {
            MessageDigest md = MessageDigest.getInstance("SHA-256");
            byte[] buf = new byte[1 << 16];
            for (int n; (n = in.read(buf)) > 0; ) {
                md.update(buf, 0, n);
            }
            return HexFormat.of().formatHex(md.digest());
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Scans {@code objects/} every few milliseconds while a child runs (no event tells another process's
     * rename, and a WatchService does not follow the digest subdirectories as they are created) and records
     * every file there that is not a catalog file with the right size and digest.
     */
    static final class ObjectsWatcher implements AutoCloseable {
        private final Path objects;
        private final Map<String, TestCatalog.Entry> expected;
        private final Map<Path, Boolean> checked = new ConcurrentHashMap<>();
        private final List<String> violations = new CopyOnWriteArrayList<>();
        private final Thread thread;
        private volatile boolean stop;

        ObjectsWatcher(Path objects, Map<String, TestCatalog.Entry> expected) {
            this.objects = objects;
            this.expected = expected;
            thread = new Thread(this::loop, "objects-watcher");
            thread.setDaemon(true);
            thread.start();
        }

        private void loop() {
            while (!stop) {
                scan();
                LockSupport.parkNanos(5_000_000);
            }
            scan();
        }

        private void scan() {
            if (!Files.isDirectory(objects)) {
                return;
            }
            try (Stream<Path> files = Files.walk(objects)) {
                for (Path p : (Iterable<Path>) files.filter(Files::isRegularFile)::iterator) {
                    if (checked.putIfAbsent(p, true) == null) {
                        check(p);
                    }
                }
            } catch (NoSuchFileException | java.io.UncheckedIOException e) {
                // a directory appeared or went during the walk: the next scan sees it
            } catch (IOException e) {
                violations.add("scan failed: " + e);
            }
        }

        private void check(Path p) {
            try {
                long size = Files.size(p);
                TestCatalog.Entry e = expected.get(p.getFileName().toString());
                if (e == null) {
                    violations.add("unexpected file " + p + " (" + size + " bytes)");
                } else if (size != e.size()) {
                    violations.add(p + " seen with " + size + " of " + e.size() + " bytes");
                } else if (!sha256(p).equals(e.sha256())) {
                    violations.add(p + " seen with the wrong digest");
                }
            } catch (IOException ex) {
                violations.add("could not check " + p + ": " + ex);
            }
        }

        int filesChecked() {
            return checked.size();
        }

        void assertClean() throws InterruptedException {
            stop = true;
            thread.join(10_000);
            assertTrue(violations.isEmpty(), "unverified bytes under objects/: " + violations);
        }

        @Override
        public void close() {
            stop = true;
            try {
                thread.join(10_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt(); // the test is being torn down: let it know
            }
        }
    }
}
