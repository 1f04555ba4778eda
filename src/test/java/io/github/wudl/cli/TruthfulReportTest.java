package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wudl.portable.PortableBackend;
import io.github.wudl.testing.ContentServer;
import io.github.wudl.testing.Generated;
import io.github.wudl.wua.HResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, "the report and the summary tell the truth": {@code wudl download} run in process through
 * {@link Main#run} with the real portable backend, real catalogs and files, content served by a
 * {@link ContentServer} on 127.0.0.1. Every file the report names must be on disk with the size and digest
 * the report gives, and the exit status, the summary and the report must say the same thing.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class TruthfulReportTest {
    private static final String ID = "0e5a7c1d-0000-4000-8000-0000000000a1";
    private static final String OTHER = "0e5a7c1d-0000-4000-8000-0000000000b2";
    private static final String CHILD = "0e5a7c1d-0000-4000-8000-0000000000c3";

    @TempDir
    Path tmp;

    private ContentServer server;

    record Run(int status, String out, String err) {}

    @BeforeEach
    void start() throws IOException {
        server = ContentServer.start();
    }

    @AfterEach
    void stop() {
        server.close();
    }

    // ------------------------------------------------------------------ item 8: one place per file

    @Test
    void twoRevisionsOfOneUpdateEachGetTheirOwnPlace() throws Exception {
        String catalog = catalog(
                update(ID, 1, "Rev one", file("x.bin", 5_000, 1)),
                update(ID, 2, "Rev two", file("x.bin", 7_000, 2)),
                update(OTHER, 1, "Single", file("y.bin", 3_000, 3)));
        Run r = download(catalog, "--out", out().toString());
        assertEquals(0, r.status(), r.toString());

        Map<?, ?> report = report();
        assertEquals("Succeeded", report.get("resultCode"), report.toString());
        List<Path> paths = assertEveryFileIsOnDiskAsReported(report);
        assertEquals(
                List.of(
                        out().resolve(ID).resolve("1").resolve("x.bin"),
                        out().resolve(ID).resolve("2").resolve("x.bin"),
                        out().resolve(OTHER).resolve("y.bin")),
                paths,
                "revision folders only for " + ID);
        assertEquals(5_000, Files.size(paths.get(0)));
        assertEquals(7_000, Files.size(paths.get(1)));
        assertFalse(Files.exists(out().resolve(ID).resolve("x.bin")), "no flat file for an id with two revisions");
        System.out.printf("[report] two revisions placed at %s and %s%n", paths.get(0), paths.get(1));
    }

    @Test
    void aBundledChildWithItsParentsFileNameButOtherBytesIsRefusedBeforeAnyRequest() throws Exception {
        String catalog = catalog(
                bundle(ID, "Parent", file("x.bin", 5_000, 1), update(CHILD, 1, "Child", file("x.bin", 6_000, 2))));
        Run r = download(catalog, "--out", out().toString());
        assertEquals(ExitCode.USAGE, r.status(), r.toString());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertTrue(err.contains("x.bin") && err.contains(ID) && err.contains(CHILD) && err.contains("--out"), err);
        assertEquals(List.of(), server.log(), "refused before any request");
        assertFalse(Files.exists(out().resolve(ID)));
        System.out.printf("[report] bundled clash: %s%n", err);

        // the same name with the same bytes is one file: placed once, reported twice, both true
        String same = catalog(
                bundle(ID, "Parent", file("x.bin", 5_000, 1), update(CHILD, 1, "Child", file("x.bin", 5_000, 1))));
        Run ok = download(same, "--out", out().toString());
        assertEquals(0, ok.status(), ok.toString());
        assertEveryFileIsOnDiskAsReported(report());
    }

    // ------------------------------------------------------------------ item 10: placing is part of the result

    @Test
    void aPlacementThatFailsFailsItsUpdateInTheReportTheSummaryAndTheExitStatus() throws Exception {
        String catalog = catalog(
                update(ID, 1, "Blocked", file("x.bin", 5_000, 1)), update(OTHER, 1, "Fine", file("y.bin", 3_000, 2)));
        Files.createDirectories(out());
        Files.writeString(out().resolve(ID), "a file where the update's folder belongs");
        Run r = download(catalog, "--out", out().toString());

        assertEquals(ExitCode.FAILED, r.status(), r.toString());
        assertTrue(r.err().contains("could not place x.bin"), r.err());
        assertTrue(r.out().contains("SucceededWithErrors: 1 of 2 updates succeeded"), r.out());
        Map<?, ?> report = report();
        assertEquals("SucceededWithErrors", report.get("resultCode"), report.toString());
        Map<?, ?> blocked = update(report, ID);
        assertEquals("Failed", blocked.get("resultCode"), blocked.toString());
        assertTrue(((Number) blocked.get("hresult")).intValue() < 0, blocked.toString());
        assertTrue(((String) blocked.get("message")).contains("could not place x.bin"), blocked.toString());
        assertEquals("Succeeded", update(report, OTHER).get("resultCode"));
        assertEveryFileIsOnDiskAsReported(report);
        System.out.printf("[report] blocked folder: %s / %s%n", blocked.get("hresultName"), blocked.get("message"));
    }

    @Test
    void aFullOutputDiskIsErrorDiskFull() throws Exception {
        Path mount = Files.createDirectories(tmp.resolve("small"));
        Mounts.assumeTmpfs(mount, "size=1m");
        try {
            String catalog = catalog(
                    update(OTHER, 1, "Fits", file("y.bin", 200_000, 2)),
                    update(ID, 1, "Too big", file("x.bin", 2_000_000, 1)));
            Run r = download(catalog, "--out", mount.resolve("out").toString());

            assertEquals(ExitCode.FAILED, r.status(), r.toString());
            assertTrue(r.out().contains("SucceededWithErrors: 1 of 2 updates succeeded"), r.out());
            Map<?, ?> report = report();
            assertEquals("SucceededWithErrors", report.get("resultCode"));
            Map<?, ?> big = update(report, ID);
            assertEquals("Failed", big.get("resultCode"), big.toString());
            assertEquals(HResult.ERROR_DISK_FULL.code(), ((Number) big.get("hresult")).intValue(), big.toString());
            assertEquals("ERROR_DISK_FULL", big.get("hresultName"));
            assertTrue(((String) big.get("message")).contains("could not place x.bin"), big.toString());
            assertEveryFileIsOnDiskAsReported(report);
            System.out.printf("[report] full --out disk: %s%n", big.get("message"));
        } finally {
            Mounts.unmount(mount);
        }
    }

    @Test
    void aReadOnlyOutputFileSystemFailsEveryUpdate() throws Exception {
        Path ro = Files.createDirectories(tmp.resolve("ro"));
        boolean mounted = Mounts.readOnly(ro);
        try {
            String catalog = catalog(
                    update(ID, 1, "One", file("x.bin", 5_000, 1)), update(OTHER, 1, "Two", file("y.bin", 3_000, 2)));
            Run r = download(catalog, "--out", ro.toString());

            assertEquals(ExitCode.FAILED, r.status(), r.toString());
            assertFalse(r.out().contains("Succeeded: 2 of 2"), r.out());
            assertTrue(r.out().contains("Failed (E_ACCESSDENIED): 0 of 2 updates succeeded"), r.out());
            Map<?, ?> report = report();
            assertEquals("Failed", report.get("resultCode"));
            assertEquals("E_ACCESSDENIED", report.get("hresultName"));
            for (String id : List.of(ID, OTHER)) {
                assertEquals("E_ACCESSDENIED", update(report, id).get("hresultName"), report.toString());
            }
            assertEveryFileIsOnDiskAsReported(report);
            System.out.printf(
                    "[report] read-only --out (%s): %s%n",
                    mounted ? "ro tmpfs" : "chmod 555", update(report, ID).get("message"));
        } finally {
            Mounts.undoReadOnly(ro, mounted);
        }
    }

    // ------------------------------------------------------------------ item 11: totals do not overflow

    @Test
    void elevenHundredHugeFilesAreRefusedForSpaceBeforeAnyRequest() throws Exception {
        long huge = 1L << 53; // the catalog's largest size
        List<String> updates = new ArrayList<>();
        for (int i = 0; i < 1100; i++) {
            String id = String.format("0e5a7c1d-0000-4000-8000-%012d", i);
            String hex = String.format("%064x", i + 1);
            updates.add("{\"id\":\"" + id + "\",\"title\":\"Huge " + i + "\",\"files\":[{\"name\":\"h" + i
                    + ".bin\",\"url\":\"" + server.uri("/content/h" + i) + "\",\"size\":" + huge + ",\"sha256\":\""
                    + hex + "\"}]}");
        }
        Run r = download(catalog(updates.toArray(String[]::new)));

        assertEquals(ExitCode.FAILED, r.status(), r.toString());
        assertFalse(r.out().contains("(0 B)"), r.out());
        assertTrue(r.out().contains("Downloading 1100 updates (more than 8.0 EiB)"), r.out());
        assertEquals(List.of(), server.log(), "refused before any request");
        Map<?, ?> report = report();
        assertEquals("Failed", report.get("resultCode"));
        assertEquals("ERROR_DISK_FULL", report.get("hresultName"));
        String message =
                (String) update(report, "0e5a7c1d-0000-4000-8000-000000000000").get("message");
        System.out.printf("[report] 1100 x 2^53 bytes: %s%n", message);
        assertTrue(r.out().contains("0 B / 8.0 EiB"), "the job's progress total saturates too: " + r.out());
        assertTrue(message.contains("needs more than 8.0 EiB"), message);
        assertTrue(message.matches(".*only [0-9.]+ [KMGTPE]iB is free.*"), message);
    }

    // ------------------------------------------------------------------ item 12: fetched and kept, apart

    @Test
    void aResumedFileCountsOnlyTheFetchedBytesAsDownloaded() throws Exception {
        long size = 3_000_000;
        String catalog = catalog(update(ID, 1, "Resumed", file("r.bin", size, 9)));
        byte[] prefix = new byte[1_500_000];
        Generated.fill(9, 0, prefix, 0, prefix.length);
        Path partial = Files.createDirectories(cache().resolve("partial"));
        Files.write(partial.resolve("sha256-" + hex(size, 9) + ".part"), prefix); // left by a killed run
        Run r = download(catalog);

        assertEquals(0, r.status(), r.toString());
        assertEquals(size - prefix.length, server.bytesSent("/content/9/r.bin"), "the resume fetched the rest");
        assertTrue(
                r.out()
                        .contains("Succeeded: 1 of 1 update succeeded, 1.4 MiB downloaded, 1.4 MiB resumed from"
                                + " an earlier run, 0 B from cache"),
                r.out());
        Map<?, ?> report = report();
        assertEquals(size, ((Number) report.get("bytesDownloaded")).longValue(), "unchanged: the file's bytes");
        assertEquals(size - prefix.length, ((Number) report.get("bytesFetched")).longValue());
        assertEquals(prefix.length, ((Number) report.get("bytesResumed")).longValue());
        System.out.printf(
                "[report] resume: sent %d of %d bytes; %s%n",
                server.bytesSent("/content/9/r.bin"),
                size,
                r.out()
                        .lines()
                        .filter(l -> l.startsWith("Succeeded:"))
                        .findFirst()
                        .orElse("?"));
        assertEveryFileIsOnDiskAsReported(report);
    }

    @Test
    void aPlainDownloadSaysNothingAboutResuming() throws Exception {
        Run r = download(catalog(update(ID, 1, "Plain", file("p.bin", 40_000, 4))));
        assertEquals(0, r.status(), r.toString());
        assertTrue(
                r.out().contains("Succeeded: 1 of 1 update succeeded, 39.1 KiB downloaded, 0 B from cache, in "),
                r.out());
        Map<?, ?> report = report();
        assertEquals(40_000L, ((Number) report.get("bytesFetched")).longValue());
        assertEquals(0L, ((Number) report.get("bytesResumed")).longValue());
    }

    // ------------------------------------------------------------------ messages

    @Test
    void aCacheProblemIsNotReportedAsACatalogProblem() throws Exception {
        String catalog = catalog(update(ID, 1, "Any", file("x.bin", 100, 1)));
        Path notADir = Files.writeString(tmp.resolve("plain-file"), "x");
        Run r = run(
                "download",
                "--catalog",
                catalog,
                "--cache",
                notADir.resolve("cache").toString(),
                "--quiet");
        assertEquals(ExitCode.USAGE, r.status(), r.toString());
        String err = r.err().strip();
        assertFalse(err.contains("catalog " + catalog), err);
        assertTrue(err.contains("content cache directory " + notADir.resolve("cache")), err);
        System.out.printf("[report] cache problem: %s%n", err);
    }

    // ------------------------------------------------------------------ helpers

    /** Each reported file of a Succeeded update exists at its path with the reported size and SHA-256. */
    private static List<Path> assertEveryFileIsOnDiskAsReported(Map<?, ?> report) throws IOException {
        List<Path> paths = new ArrayList<>();
        for (Object uo : (List<?>) report.get("updates")) {
            Map<?, ?> u = (Map<?, ?>) uo;
            for (Object fo : (List<?>) u.get("files")) {
                Map<?, ?> f = (Map<?, ?>) fo;
                if (f.get("path") == null) {
                    continue;
                }
                Path p = Path.of((String) f.get("path"));
                assertTrue(Files.isRegularFile(p), "reported but not on disk: " + f);
                assertEquals(((Number) f.get("size")).longValue(), Files.size(p), f.toString());
                assertEquals(f.get("sha256"), OutputPlacer.sha256(p), "the bytes at " + p);
                paths.add(p);
            }
        }
        return paths;
    }

    private Path out() {
        return tmp.resolve("out");
    }

    private Path cache() {
        return tmp.resolve("cache");
    }

    private Run download(String catalog, String... more) {
        List<String> args = new ArrayList<>(List.of(
                "download",
                "--catalog",
                catalog,
                "--cache",
                cache().toString(),
                "--report",
                tmp.resolve("report.json").toString()));
        args.addAll(List.of(more));
        return run(args.toArray(String[]::new));
    }

    private static Run run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(
                CliEnvironment.embedded(PortableBackend.INSTANCE),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                args);
        return new Run(status, out.toString(), err.toString());
    }

    private Map<?, ?> report() throws IOException {
        return new ObjectMapper().readValue(tmp.resolve("report.json").toFile(), Map.class);
    }

    private static Map<?, ?> update(Map<?, ?> report, String id) {
        for (Object u : (List<?>) report.get("updates")) {
            if (id.equals(((Map<?, ?>) u).get("id"))) {
                return (Map<?, ?>) u;
            }
        }
        throw new AssertionError("no update " + id + " in " + report);
    }

    private String catalog(String... updates) throws IOException {
        Path file = Files.createTempFile(tmp, "catalog", ".json");
        return Files.writeString(
                        file, "{\"format\":\"wudl-catalog/1\",\"updates\":[" + String.join(",", updates) + "]}")
                .toString();
    }

    private static String update(String id, int revision, String title, String... files) {
        return "{\"id\":\"" + id + "\",\"revision\":" + revision + ",\"title\":\"" + title + "\",\"files\":["
                + String.join(",", files) + "]}";
    }

    private static String bundle(String id, String title, String file, String child) {
        return "{\"id\":\"" + id + "\",\"title\":\"" + title + "\",\"files\":[" + file + "],\"bundled\":[" + child
                + "]}";
    }

    /** A file served at /content/&lt;seed&gt;/&lt;name&gt; with generated bytes. */
    private String file(String name, long size, long seed) {
        String path = "/content/" + seed + "/" + name;
        server.putGenerated(path, size, seed);
        return "{\"name\":\"" + name + "\",\"url\":\"" + server.uri(path) + "\",\"size\":" + size + ",\"sha256\":\""
                + hex(size, seed) + "\"}";
    }

    private static String hex(long size, long seed) {
        return HexFormat.of().formatHex(ContentServer.sha256Of(size, seed));
    }
}
