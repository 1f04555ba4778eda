package io.github.wudl.scanfile;

import io.github.wudl.scanfile.ScanModel.PayloadFile;
import io.github.wudl.scanfile.ScanModel.Text;
import io.github.wudl.scanfile.ScanModel.Update;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Writes synthetic offline scan files (wsusscn2.cab) of the real shape: an outer cabinet with index.xml,
 * package.cab (package.xml) and the detail cabinets package2.cab ... packageN.cab, each holding the c/, x/,
 * l/&lt;lang&gt;/ and e/ fragments of a contiguous RevisionId range, as index.xml says. The cabinets are made with
 * {@code gcab -c -z}; package.xml is streamed, never held whole in memory.
 *
 * <p>Small files come from a {@link ScanModel} ({@link #write}); real-size ones from {@link #writeRealSize}
 * (136,000 updates, 97,000 file locations, a package.xml of about 110 MB, 74 detail cabinets).
 */
public final class ScanFileFixture {
    /*
     * The fragments are staged as files for gcab in a folder beside the output, or under the folder that the system
     * property wudl.scanfile.work names (a tmpfs such as /dev/shm makes the real size faster).
     */

    /** The time one gcab run may take before it is killed. */
    static final Duration TOOL_TIMEOUT = Duration.ofMinutes(10);

    private ScanFileFixture() {}

    /** A source of updates in ascending RevisionId; {@link #get} may build the update anew each time. */
    interface Source {
        int size();

        Update get(int index);
    }

    /** One detail cabinet: its name, the RANGESTART written to index.xml and the entries it holds. */
    public record DetailCab(String name, int rangeStart, int firstRevision, int lastRevision, List<String> entries) {}

    /** What was written. */
    public record Written(
            Path scanFile, List<DetailCab> detailCabs, long packageXmlBytes, int updates, int fileLocations) {}

    /** Writes the model's scan file to {@code out} with {@code detailCabs} detail cabinets (fewer if few updates). */
    public static Written write(ScanModel model, Path out, int detailCabs) throws IOException {
        List<Update> updates = model.updates();
        return write(
                new Source() {
                    @Override
                    public int size() {
                        return updates.size();
                    }

                    @Override
                    public Update get(int index) {
                        return updates.get(index);
                    }
                },
                out,
                detailCabs,
                "2026-11-12T01:02:03Z");
    }

    /**
     * A scan file of the real size: {@code updates} updates (categories, detectoids, bundles and their bundled
     * children), {@code fileLocations} payload files, one detail cabinet per about 1,840 updates (74 at 136,000).
     */
    public static Written writeRealSize(Path out, int updates, int fileLocations, long seed) throws IOException {
        int cabs = Math.max(1, Math.min(74, Math.round(updates / 1838f)));
        return write(new RealSizeSource(updates, fileLocations, seed), out, cabs, "2026-11-10T16:25:52Z");
    }

    /** {@code main [out.cab [updates [fileLocations [seed]]]]}: writes a real-size file and prints the timings. */
    public static void main(String[] args) throws IOException {
        Path out = Path.of(args.length > 0 ? args[0] : "wsusscn2.cab");
        int updates = args.length > 1 ? Integer.parseInt(args[1]) : 136_000;
        int locations = args.length > 2 ? Integer.parseInt(args[2]) : 97_000;
        long seed = args.length > 3 ? Long.parseLong(args[3]) : 1L;
        long start = System.nanoTime();
        Written w = writeRealSize(out, updates, locations, seed);
        long ms = (System.nanoTime() - start) / 1_000_000;
        System.out.printf(
                Locale.ROOT,
                "%s: %d updates, %d file locations, package.xml %d bytes, %d detail cabs, %d bytes, %d ms%n",
                w.scanFile(),
                w.updates(),
                w.fileLocations(),
                w.packageXmlBytes(),
                w.detailCabs().size(),
                Files.size(w.scanFile()),
                ms);
    }

    static Written write(Source source, Path out, int detailCabs, String creationDate) throws IOException {
        Path target = out.toAbsolutePath();
        Path parent = target.getParent();
        Files.createDirectories(parent);
        String workRoot = System.getProperty("wudl.scanfile.work");
        Path work = Files.createTempDirectory(workRoot == null ? parent : Path.of(workRoot), "scanfile-work-");
        // one packer beside the writer: two were slower on this 2-core machine (measured, see the report)
        ExecutorService packer = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "scanfile-gcab");
            t.setDaemon(true);
            return t;
        });
        try {
            Path outer = Files.createDirectories(work.resolve("outer"));
            List<Future<?>> packing = new ArrayList<>();

            Path packageDir = Files.createDirectories(work.resolve("package"));
            Path packageXml = packageDir.resolve("package.xml");
            int locations = writePackageXml(source, packageXml, creationDate);
            long packageXmlBytes = Files.size(packageXml);
            packing.add(packer.submit(() -> pack(packageDir, outer.resolve("package.cab"), List.of("package.xml"))));

            int n = Math.max(1, Math.min(detailCabs, source.size()));
            List<DetailCab> cabs = new ArrayList<>();
            for (int k = 0; k < n; k++) {
                int from = (int) ((long) k * source.size() / n);
                int to = (int) ((long) (k + 1) * source.size() / n);
                String name = "package" + (k + 2) + ".cab";
                Path stage = Files.createDirectories(work.resolve("stage-" + (k + 2)));
                List<String> entries = writeFragments(source, from, to, stage);
                int first = source.get(from).revisionId();
                int last = source.get(to - 1).revisionId();
                cabs.add(new DetailCab(name, k == 0 ? 0 : first, first, last, List.copyOf(entries)));
                packing.add(packer.submit(() -> pack(stage, outer.resolve(name), entries)));
            }
            for (Future<?> f : packing) await(f);

            List<String> names = new ArrayList<>();
            List<Integer> starts = new ArrayList<>();
            for (DetailCab c : cabs) {
                names.add(c.name());
                starts.add(c.rangeStart());
            }
            Files.writeString(outer.resolve("index.xml"), FixtureXml.index(names, starts), StandardCharsets.UTF_8);
            List<String> top = new ArrayList<>(List.of("index.xml", "package.cab"));
            top.addAll(names);
            Files.deleteIfExists(target);
            pack(outer, target, top);
            return new Written(target, List.copyOf(cabs), packageXmlBytes, source.size(), locations);
        } finally {
            packer.shutdownNow();
            deleteTree(work);
        }
    }

    /** Streams package.xml; returns the number of distinct file locations. */
    private static int writePackageXml(Source source, Path file, String creationDate) throws IOException {
        Set<String> seen = new HashSet<>();
        try (Writer w = new BufferedWriter(Files.newBufferedWriter(file, StandardCharsets.UTF_8), 1 << 20)) {
            w.write(FixtureXml.packageStart(
                    java.util
                            .UUID
                            .nameUUIDFromBytes(creationDate.getBytes(StandardCharsets.UTF_8))
                            .toString(),
                    creationDate));
            StringBuilder sb = new StringBuilder(4096);
            for (int i = 0; i < source.size(); i++) {
                sb.setLength(0);
                FixtureXml.update(sb, source.get(i));
                w.append(sb);
            }
            w.write(FixtureXml.UPDATES_END_LOCATIONS_START);
            for (int i = 0; i < source.size(); i++) {
                sb.setLength(0);
                for (PayloadFile f : source.get(i).payload()) {
                    if (seen.add(f.digest())) FixtureXml.fileLocation(sb, f);
                }
                w.append(sb);
            }
            w.write(FixtureXml.PACKAGE_END);
        }
        return seen.size();
    }

    /** Writes the fragments of updates [from, to) under {@code stage}; returns their entry names, c/ e/ l/ x/. */
    private static List<String> writeFragments(Source source, int from, int to, Path stage) throws IOException {
        List<String> core = new ArrayList<>();
        List<String> eula = new ArrayList<>();
        List<String> local = new ArrayList<>();
        List<String> ext = new ArrayList<>();
        Set<String> dirs = new HashSet<>();
        for (int i = from; i < to; i++) {
            Update u = source.get(i);
            String rev = Integer.toString(u.revisionId());
            core.add(fragment(stage, dirs, "c", rev, FixtureXml.core(u)));
            ext.add(fragment(stage, dirs, "x", rev, FixtureXml.extended(u)));
            for (Map.Entry<String, Text> l : u.localized().entrySet()) {
                local.add(fragment(
                        stage, dirs, "l/" + l.getKey(), rev, FixtureXml.localized(l.getKey(), l.getValue(), u)));
            }
            if (u.eula() != null) eula.add(fragment(stage, dirs, "e", rev, u.eula()));
        }
        List<String> entries = new ArrayList<>(core);
        entries.addAll(eula);
        local.sort(Comparator.naturalOrder());
        entries.addAll(local);
        entries.addAll(ext);
        return entries;
    }

    private static String fragment(Path stage, Set<String> dirs, String dir, String name, String text)
            throws IOException {
        if (dirs.add(dir)) Files.createDirectories(stage.resolve(dir));
        String entry = dir + "/" + name;
        Files.write(stage.resolve(entry), text.getBytes(StandardCharsets.UTF_8));
        return entry;
    }

    /** {@code gcab -c -z cab entries...} run in {@code dir}, so the entries keep their relative folders. */
    private static void pack(Path dir, Path cab, List<String> entries) {
        List<String> cmd = new ArrayList<>(List.of("gcab", "-c", "-z", cab.toString()));
        cmd.addAll(entries);
        try {
            run(dir, cmd);
            if (!dir.equals(cab.getParent())) deleteTree(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Runs a tool with {@link #TOOL_TIMEOUT}; returns its output, or fails on a non-zero exit or a timeout. */
    static String run(Path dir, List<String> cmd) throws IOException {
        Path log = Files.createTempFile("scanfile-tool-", ".log");
        try {
            Process p = new ProcessBuilder(cmd)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start();
            boolean done;
            try {
                done = p.waitFor(TOOL_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
                throw new IOException("interrupted: " + cmd.get(0), e);
            }
            String output = Files.readString(log, StandardCharsets.UTF_8);
            if (!done) {
                p.destroyForcibly();
                throw new IOException(cmd.get(0) + " took longer than " + TOOL_TIMEOUT + ": " + output);
            }
            if (p.exitValue() != 0) {
                throw new IOException(cmd.get(0) + " exited " + p.exitValue() + ": " + output);
            }
            return output;
        } finally {
            Files.deleteIfExists(log);
        }
    }

    /** Whether a tool runs here: {@code tool --version} exits 0. */
    static boolean available(String tool) {
        try {
            run(Path.of("."), List.of(tool, "--version"));
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    private static void await(Future<?> f) throws IOException {
        try {
            f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while packing", e);
        } catch (ExecutionException e) {
            if (e.getCause() instanceof UncheckedIOException u) throw u.getCause();
            throw new IOException("packing failed", e.getCause());
        }
    }

    static void deleteTree(Path root) throws IOException {
        if (!Files.exists(root)) return;
        try (Stream<Path> paths = Files.walk(root)) {
            for (Path p : paths.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
        }
    }
}
