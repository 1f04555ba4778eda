package io.github.wudl.agent;

import io.github.wudl.cli.Main;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.jar.Attributes;
import java.util.jar.JarFile;
import java.util.jar.Manifest;

/**
 * The files a child JVM needs to run the engine with {@code java -jar wudl.jar}: the engine jar as
 * {@code wudl.jar} and every jar its manifest {@code Class-Path} names ({@code lib/…}), found where they are
 * on this machine (beside the jar, as in {@code target/lib} or a plugin's {@code WEB-INF/lib}, or on a class
 * path, as in a Maven test run). The plugin copies them to an agent once, under {@link #digest()}.
 *
 * <p>A jar is matched by file name, else by artifact name with another version ({@code jackson-databind-*.jar}),
 * since a host may resolve another version of a library. Jars found nowhere are listed in {@link #missing()}.
 */
public final class EngineBundle {
    /** One file of the bundle: where it goes ({@code wudl.jar}, {@code lib/x.jar}) and where it is now. */
    public record Entry(String name, Path source) {}

    private final List<Entry> entries;
    private final List<String> missing;
    private final String digest;

    private EngineBundle(List<Entry> entries, List<String> missing) throws IOException {
        this.entries = List.copyOf(entries);
        this.missing = List.copyOf(missing);
        this.digest = digestOf(entries);
    }

    /** The bundle of the engine jar this class was loaded from; fails when the engine is not a jar. */
    public static EngineBundle locate() throws IOException {
        Path jar;
        try {
            jar = Path.of(Main.class
                    .getProtectionDomain()
                    .getCodeSource()
                    .getLocation()
                    .toURI());
        } catch (URISyntaxException | RuntimeException e) {
            throw new IOException("cannot tell where the wudl engine was loaded from", e);
        }
        return of(jar, classPath());
    }

    /**
     * The bundle of {@code engineJar} and the libraries it needs, looked for on {@code searchPath}.
     *
     * @param engineJar  the engine jar
     * @param searchPath more places to find its libraries: jar files, and directories of jars (a host's own
     *                   library folder); other entries are ignored
     */
    public static EngineBundle of(Path engineJar, List<Path> searchPath) throws IOException {
        searchPath = expand(searchPath);
        if (!Files.isRegularFile(engineJar)) {
            throw new IOException("the wudl engine is not a jar: " + engineJar);
        }
        List<Entry> entries = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        entries.add(new Entry("wudl.jar", engineJar));
        Path dir = engineJar.toAbsolutePath().getParent();
        for (String name : manifestClassPath(engineJar)) {
            String file = name.substring(name.lastIndexOf('/') + 1);
            Path found = find(file, dir, searchPath);
            if (found == null) {
                missing.add(name);
            } else {
                entries.add(new Entry(name, found));
            }
        }
        return new EngineBundle(entries, missing);
    }

    public List<Entry> entries() {
        return entries;
    }

    /** Class-Path names found nowhere; the child fails if it needs one of them. */
    public List<String> missing() {
        return missing;
    }

    /** SHA-256 (hex) over every entry's name and bytes: a new engine or library is a new bundle. */
    public String digest() {
        return digest;
    }

    /** {@link #of} with this JVM's class path added to {@code moreSearchPath}. */
    public static EngineBundle forJar(Path engineJar, List<Path> moreSearchPath) throws IOException {
        List<Path> all = new ArrayList<>(moreSearchPath);
        all.addAll(classPath());
        return of(engineJar, all);
    }

    private static List<Path> expand(List<Path> searchPath) {
        List<Path> files = new ArrayList<>();
        for (Path p : searchPath) {
            if (Files.isDirectory(p)) {
                try (var children = Files.list(p)) {
                    children.filter(c -> c.getFileName().toString().endsWith(".jar"))
                            .sorted()
                            .forEach(files::add);
                } catch (IOException e) {
                    // an unreadable folder holds nothing we can use
                }
            } else {
                files.add(p);
            }
        }
        return files;
    }

    /** The entries of {@code java.class.path} (or surefire's record of it), for test runs. */
    static List<Path> classPath() {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path", ""));
        List<Path> paths = new ArrayList<>();
        for (String s : cp.split(java.io.File.pathSeparator, -1)) {
            if (!s.isBlank()) {
                paths.add(Path.of(s));
            }
        }
        return paths;
    }

    private static List<String> manifestClassPath(Path jar) throws IOException {
        try (JarFile j = new JarFile(jar.toFile())) {
            Manifest m = j.getManifest();
            String cp = m == null ? null : m.getMainAttributes().getValue(Attributes.Name.CLASS_PATH);
            return cp == null || cp.isBlank() ? List.of() : List.of(cp.trim().split("\\s+"));
        }
    }

    private static Path find(String file, Path dir, List<Path> searchPath) {
        List<Path> candidates = new ArrayList<>();
        candidates.add(dir.resolve(file));
        candidates.add(dir.resolve("lib").resolve(file));
        candidates.addAll(searchPath);
        for (Path p : candidates) {
            if (p.getFileName() != null && p.getFileName().toString().equals(file) && Files.isRegularFile(p)) {
                return p;
            }
        }
        String artifact = artifactName(file);
        for (Path p : searchPath) {
            if (p.getFileName() != null
                    && Files.isRegularFile(p)
                    && artifact.equals(artifactName(p.getFileName().toString()))) {
                return p;
            }
        }
        try (var siblings = Files.list(dir)) {
            return siblings.filter(
                            p -> artifact.equals(artifactName(p.getFileName().toString())))
                    .findFirst()
                    .orElse(null);
        } catch (IOException e) {
            return null;
        }
    }

    /** {@code jackson-databind-2.18.2.jar} → {@code jackson-databind}: the name up to the first "-digit". */
    static String artifactName(String file) {
        String base = file.endsWith(".jar") ? file.substring(0, file.length() - 4) : file;
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("-\\d").matcher(base);
        return m.find() ? base.substring(0, m.start()) : base;
    }

    private static String digestOf(List<Entry> entries) throws IOException {
        try {
            MessageDigest all = MessageDigest.getInstance("SHA-256");
            byte[] buffer = new byte[1 << 16];
            for (Entry e : entries) {
                all.update(e.name().getBytes(StandardCharsets.UTF_8));
                all.update((byte) 0);
                try (InputStream in = Files.newInputStream(e.source())) {
                    for (int n; (n = in.read(buffer)) > 0; ) {
                        all.update(buffer, 0, n);
                    }
                }
            }
            return HexFormat.of().formatHex(all.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new UncheckedIOException(new IOException(e)); // every JDK has SHA-256
        }
    }
}
