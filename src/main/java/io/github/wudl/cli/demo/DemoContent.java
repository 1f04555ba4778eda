package io.github.wudl.cli.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Generates a sample content set and its {@code wudl-catalog/1} catalog (SPEC §3): deterministic
 * pseudo-random file contents (same seed, same bytes, same digests), real SHA-256 digests, and URLs relative
 * to the catalog, so the set can be served from any address. Used by {@code wudl demo}, by the end-to-end
 * tests and by {@code scripts/bench}.
 *
 * <p>Layout: {@code <root>/catalog.json} and {@code <root>/content/<file name>}.
 */
public final class DemoContent {
    /** One content file to generate. */
    public record FileSpec(String name, long size) {}

    /** One update to generate; {@code bootstrapper} may be null. */
    public record UpdateSpec(
            String id, String title, String kb, List<FileSpec> files, FileSpec bootstrapper, boolean installed) {
        public UpdateSpec {
            files = List.copyOf(files);
        }
    }

    /**
     * What was generated.
     *
     * @param root    the directory served
     * @param catalog {@code root/catalog.json}
     * @param sha256  lower-case hex digest of every generated file, by file name
     */
    public record Generated(Path root, Path catalog, List<UpdateSpec> updates, Map<String, String> sha256) {
        /** The generated file {@code name}. */
        public Path file(String name) {
            return root.resolve("content").resolve(name);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    private static final int MIB = 1 << 20;

    private DemoContent() {}

    /**
     * The demo's four updates, 3–8 MiB each: the first has a bootstrapper, the third is marked installed
     * (so {@code IsInstalled=0} selects three).
     */
    public static List<UpdateSpec> sampleUpdates() {
        return List.of(
                new UpdateSpec(
                        "3f2a8c1e-5b7d-4e9a-8c21-6d4f0a9b1c01",
                        "2026-11 Cumulative Update for wudl Demo OS Version 24H2 for x64-based Systems (KB5099901)",
                        "5099901",
                        List.of(new FileSpec("demo-kb5099901-x64.msu", 8L * MIB)),
                        new FileSpec("demo-kb5099901-bootstrap.exe", 64 * 1024),
                        false),
                new UpdateSpec(
                        "3f2a8c1e-5b7d-4e9a-8c21-6d4f0a9b1c02",
                        "2026-11 Servicing Stack Update for wudl Demo OS (KB5099902)",
                        "5099902",
                        List.of(
                                new FileSpec("demo-kb5099902-x64.cab", 3L * MIB),
                                new FileSpec("demo-kb5099902-x64-express.psf", 2L * MIB + 12345)),
                        null,
                        false),
                new UpdateSpec(
                        "3f2a8c1e-5b7d-4e9a-8c21-6d4f0a9b1c03",
                        "2026-10 .NET Framework Update for wudl Demo OS (KB5099903)",
                        "5099903",
                        List.of(new FileSpec("demo-kb5099903-x64.msu", 5L * MIB)),
                        null,
                        true),
                new UpdateSpec(
                        "3f2a8c1e-5b7d-4e9a-8c21-6d4f0a9b1c04",
                        "Security Intelligence Update for wudl Demo Defender (KB5099904)",
                        "5099904",
                        List.of(new FileSpec("demo-kb5099904-defs.exe", 4L * MIB + 777)),
                        null,
                        false));
    }

    /** Generates {@link #sampleUpdates()} into {@code root}. */
    public static Generated generateSample(Path root) throws IOException {
        return generate(root, sampleUpdates(), 0x5EED_2026L);
    }

    /** Generates {@code updates} into {@code root} with contents drawn from {@code seed}. */
    public static Generated generate(Path root, List<UpdateSpec> updates, long seed) throws IOException {
        Path content = root.resolve("content");
        Files.createDirectories(content);
        Map<String, String> digests = new LinkedHashMap<>();
        List<Object> entries = new ArrayList<>();
        long fileSeed = seed;
        for (UpdateSpec u : updates) {
            List<Object> files = new ArrayList<>();
            for (FileSpec f : u.files()) {
                files.add(fileEntry(f, writeFile(content.resolve(f.name()), f.size(), fileSeed++), digests));
            }
            Map<String, Object> e = new LinkedHashMap<>();
            e.put("id", u.id());
            e.put("revision", 200);
            e.put("title", u.title());
            e.put("kb", List.of(u.kb()));
            e.put("description", "Sample update generated by wudl demo.");
            e.put("type", "Software");
            e.put("categories", List.of("Security Updates", "wudl Demo OS"));
            e.put("installed", u.installed());
            e.put("files", files);
            if (u.bootstrapper() != null) {
                FileSpec b = u.bootstrapper();
                e.put(
                        "bootstrapper",
                        fileEntry(b, writeFile(content.resolve(b.name()), b.size(), fileSeed++), digests));
            }
            entries.add(e);
        }
        Map<String, Object> catalog = new LinkedHashMap<>();
        catalog.put("format", "wudl-catalog/1");
        catalog.put("updates", entries);
        Path catalogFile = root.resolve("catalog.json");
        Files.writeString(catalogFile, JSON.writeValueAsString(catalog));
        return new Generated(root.toAbsolutePath(), catalogFile.toAbsolutePath(), updates, digests);
    }

    private static Map<String, Object> fileEntry(FileSpec f, String sha256, Map<String, String> digests) {
        digests.put(f.name(), sha256);
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", f.name());
        m.put("url", "content/" + f.name());
        m.put("size", f.size());
        m.put("sha256", sha256);
        return m;
    }

    /** Writes {@code size} pseudo-random bytes from {@code seed}; returns their hex SHA-256. */
    private static String writeFile(Path file, long size, long seed) throws IOException {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
        SplittableRandom random = new SplittableRandom(seed);
        byte[] buf = new byte[MIB];
        try (OutputStream out = Files.newOutputStream(file)) {
            for (long left = size; left > 0; ) {
                int n = (int) Math.min(buf.length, left);
                random.nextBytes(buf); // fills the whole buffer; only n bytes are used
                out.write(buf, 0, n);
                md.update(buf, 0, n);
                left -= n;
            }
        }
        return HexFormat.of().formatHex(md.digest());
    }
}
