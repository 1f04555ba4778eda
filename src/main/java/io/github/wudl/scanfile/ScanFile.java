package io.github.wudl.scanfile;

import io.github.wudl.catalog.Catalog;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Microsoft's offline scan file ({@code wsusscn2.cab}) as a {@link Catalog}. The first open of a file checks
 * its signature, hashes it, and builds its index into the cache ({@code <cache>/scanfile/}, keyed by the
 * file's SHA-256 and the title language); later opens of the same unchanged file (same path, size, change time
 * and file key) read only the index. A file is never believed before its signature check passes: the index
 * and the memo of a file's hash are written only after it.
 */
public final class ScanFile {
    private ScanFile() {}

    /** Whether {@code head}, a document's first bytes, could be a scan file: a cabinet ("MSCF"). */
    public static boolean recognises(byte[] head) {
        return head.length >= 4 && head[0] == 'M' && head[1] == 'S' && head[2] == 'C' && head[3] == 'F';
    }

    /**
     * Reads the scan file {@code file}.
     *
     * @param location where the file came from (for messages and the catalog's base)
     */
    public static Catalog read(Path file, URI location, ScanFileOptions options) throws IOException {
        Path folder = options.cacheDir().resolve("scanfile");
        Files.createDirectories(folder);
        String path = location.getPath();
        String name = path != null && path.lastIndexOf('/') < path.length() - 1
                ? path.substring(path.lastIndexOf('/') + 1)
                : String.valueOf(file.getFileName());
        Path memo = folder.resolve("seen-" + sha256Hex(identity(file).getBytes(StandardCharsets.UTF_8)));
        String sha256 = memo(memo);
        boolean known = sha256 != null;
        if (!known) {
            options.signature().verify(file);
            sha256 = sha256Hex(file);
        }
        Path indexFile = folder.resolve(
                sha256 + "-" + (options.language().isEmpty() ? "default" : options.language()) + ".index");
        ScanFileIndex index = ScanFileIndex.readIfValid(indexFile, sha256, options.language());
        if (index == null) {
            build(file, name, folder, indexFile, sha256, options.language());
            // read back rather than kept from the build: the first open then never holds the file's content
            // and its catalog at once, and gives exactly what every later open will
            index = ScanFileIndex.readIfValid(indexFile, sha256, options.language());
            if (index == null) {
                throw new ScanFileException("the index of " + name + " just written to " + indexFile
                        + " does not read back; is the disk full or the cache folder shared with another program?");
            }
        }
        if (!known) {
            writeMemo(memo, sha256); // only now: after the check passed and the index exists
        }
        return index.catalog(location, options.includeSuperseded(), options.warnings());
    }

    /** Reads the whole file once and writes its index; what it read is dropped when this returns. */
    private static void build(Path file, String name, Path folder, Path indexFile, String sha256, String language)
            throws IOException {
        Path work = Files.createTempDirectory(folder, "work-");
        try (ScanFileIndexWriter out = new ScanFileIndexWriter(indexFile, sha256, language)) {
            ScanCatalog.write(new ScanFileReader(file, name, work).build(sha256, language), out);
        } finally {
            deleteTree(work);
        }
    }

    /** What makes a file "the same file" without reading it: its real path, size, change time and file key. */
    private static String identity(Path file) throws IOException {
        BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
        return file.toRealPath() + "\n" + a.size() + "\n" + a.lastModifiedTime().toMillis() + "\n" + a.fileKey();
    }

    private static String memo(Path memo) {
        try {
            String text = Files.readString(memo, StandardCharsets.US_ASCII).trim();
            return text.matches("[0-9a-f]{64}") ? text : null;
        } catch (IOException e) {
            return null;
        }
    }

    private static void writeMemo(Path memo, String sha256) throws IOException {
        Path temp = Files.createTempFile(memo.getParent(), "seen-", ".tmp");
        try {
            Files.writeString(temp, sha256, StandardCharsets.US_ASCII);
            Files.move(
                    temp,
                    memo,
                    java.nio.file.StandardCopyOption.REPLACE_EXISTING,
                    java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private static String sha256Hex(byte[] bytes) {
        return HexFormat.of().formatHex(sha256().digest(bytes));
    }

    static String sha256Hex(Path file) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file)) {
            int n;
            while ((n = in.read(buffer)) > 0) {
                digest.update(buffer, 0, n);
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JDK has SHA-256", e);
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(p);
            }
        }
    }
}
