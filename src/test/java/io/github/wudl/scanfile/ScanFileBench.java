package io.github.wudl.scanfile;

import io.github.wudl.cab.Cabinet;
import io.github.wudl.cab.CabinetLimits;
import io.github.wudl.cab.CabinetSignature;
import io.github.wudl.cab.CabinetTrust;
import io.github.wudl.catalog.Catalog;
import io.github.wudl.cli.CliEnvironment;
import io.github.wudl.cli.Main;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Benchmark, not a test (see {@code scripts/bench scan-file}): where the time of opening a scan file goes. Times
 * each phase of {@link ScanFile#read} on its own (signature check, SHA-256, the package.xml pass, the whole index
 * build, index write, index read, catalog build), each with the heap in use after it, then the whole
 * {@code search --json "IsInstalled=0"} command in-process on the built index (its output counted, not kept).
 *
 * <p>{@code ScanFileBench <scan file> <root.pem> [commands]}: {@code commands} whole commands (4: the first
 * open, then three later ones; 0 for the phases alone); the cache is {@code $WUDL_CACHE} (required: the
 * in-process command reads it), emptied first.
 */
public final class ScanFileBench {
    private ScanFileBench() {}

    public static void main(String[] args) throws Exception {
        Path file = Path.of(args[0]).toAbsolutePath();
        Path root = Path.of(args[1]);
        int runs = args.length > 2 ? Integer.parseInt(args[2]) : 4;
        String cacheEnv = System.getenv("WUDL_CACHE");
        if (cacheEnv == null || cacheEnv.isEmpty()) {
            throw new IllegalArgumentException("set WUDL_CACHE to an empty folder for the bench");
        }
        Path cache = Path.of(cacheEnv);
        deleteTree(cache);
        Files.createDirectories(cache);

        long t = System.nanoTime();
        new CabinetSignature(CabinetTrust.microsoft().withTestRoot(CabinetTrust.readCertificate(root))).verify(file);
        t = phase("signature check", t);
        String sha256 = ScanFile.sha256Hex(file);
        t = phase("sha-256 of the file", t);

        Path work = Files.createDirectories(cache.resolve("bench-work"));
        try (Cabinet outer = Cabinet.open(file, "outer", CabinetLimits.DEFAULT)) {
            Path copy = work.resolve("package.cab");
            outer.extract(e -> e.name().equalsIgnoreCase("package.cab"), (entry, in) -> Files.copy(in, copy));
            t = phase("  package.cab copied out of the outer cab", t);
            int[] updates = new int[1];
            try (Cabinet inner = Cabinet.open(copy, "package.cab", CabinetLimits.DEFAULT)) {
                inner.extract(
                        e -> e.name().equalsIgnoreCase("package.xml"),
                        (entry, in) -> updates[0] =
                                PackageXml.read(in, "package.xml").updates.size());
            }
            phase("  package.xml unpacked and parsed (" + updates[0] + " updates)", t);
        }
        deleteTree(work);
        t = System.nanoTime();
        ScanFileContent content = new ScanFileReader(file, "outer", Files.createDirectories(work)).build(sha256, "");
        deleteTree(work);
        t = phase("file read whole (package.xml + detail cabs; " + content.details.size() + " details)", t);
        ScanFileIndex index = ScanCatalog.build(content);
        content = null;
        t = phase("catalog built (" + index.entries.size() + " updates, superseded included)", t);
        Path indexFile = cache.resolve("bench.index");
        index.write(indexFile);
        t = phase("index write (" + Files.size(indexFile) + " bytes)", t);
        index = null;
        ScanFileIndex again = ScanFileIndex.readIfValid(indexFile, sha256, "");
        t = phase("index read", t);
        Catalog catalog = again.catalog(file.toUri(), false, w -> {});
        t = phase("catalog of the index (" + catalog.updates().size() + " updates)", t);
        again = null;
        catalog = null;
        Files.delete(indexFile);

        for (int run = 0; run < runs; run++) {
            CountingWriter out = new CountingWriter();
            PrintWriter err = new PrintWriter(System.err, true, StandardCharsets.UTF_8);
            t = System.nanoTime();
            int status = Main.run(
                    CliEnvironment.system(),
                    new PrintWriter(out),
                    err,
                    "search",
                    "--catalog",
                    file.toString(),
                    "--test-only-trust-root",
                    root.toString(),
                    "--json",
                    "IsInstalled=0");
            phase(
                    (run == 0 ? "first open, whole search command" : "later open " + run + ", whole search command")
                            + " (status " + status + ", " + out.chars + " chars)",
                    t);
        }
    }

    private static long phase(String what, long start) {
        long ms = (System.nanoTime() - start) / 1_000_000;
        Runtime r = Runtime.getRuntime();
        long beforeGc = (r.totalMemory() - r.freeMemory()) >> 20;
        System.gc();
        long live = (r.totalMemory() - r.freeMemory()) >> 20;
        System.out.printf(Locale.ROOT, "%-78s %7d ms  heap %5d MiB (live %4d MiB)%n", what, ms, beforeGc, live);
        return System.nanoTime();
    }

    private static void deleteTree(Path dir) throws java.io.IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A writer that only counts. */
    private static final class CountingWriter extends Writer {
        long chars;

        @Override
        public void write(char[] cbuf, int off, int len) {
            chars += len;
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
    }
}
