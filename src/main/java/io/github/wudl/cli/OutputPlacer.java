package io.github.wudl.cli;

import io.github.wudl.wua.Digests;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.UUID;

/**
 * {@code --out DIR}: puts a downloaded file at {@code DIR/<update id>/<file name>}, or in the folder an
 * {@link OutputPlan} gives it ({@code DIR/<update id>/<revision>/<file name>} for an id selected twice).
 *
 * <p>A hard link to the cache file where the file system allows it (no copy, no extra space; the cache
 * never rewrites a verified file in place, so the link stays correct), else a copy. Either way the file is
 * first made under a temporary name in the target directory and then moved over the target atomically, so
 * a reader — or a run killed half-way — never sees a half-written file. A target that already holds the
 * same content is left alone (same inode, or same size and SHA-256), so re-running is cheap and does not
 * disturb anyone reading it.
 */
public final class OutputPlacer {
    /** What {@link #place} did. */
    public enum Outcome {
        LINKED,
        COPIED,
        UNCHANGED
    }

    /** The placed path and how it got there. */
    public record Placement(Path path, Outcome outcome) {}

    private final Path outDir;
    private final boolean tryLink;

    /** Places under {@code outDir}, linking where possible. */
    public OutputPlacer(Path outDir) {
        this(outDir, true);
    }

    /** {@code tryLink = false} always copies (tests, and file systems where links mislead backup tools). */
    public OutputPlacer(Path outDir, boolean tryLink) {
        this.outDir = outDir.toAbsolutePath();
        this.tryLink = tryLink;
    }

    /**
     * Refuses a folder below {@code outDir} (the user's choice, which may itself be a link) that is a link or
     * not a folder: nothing under --out is written through a link (SPEC §7), and a link there may have been
     * planted by someone who shares the folder. It is left in place, since it is the user's to remove.
     */
    private void realFolders(Path dir) throws IOException {
        Path at = outDir;
        for (Path name : outDir.relativize(dir)) {
            at = at.resolve(name);
            if (Files.isSymbolicLink(at)) {
                throw new IOException(at + " is a symbolic link; wudl writes nothing under --out through a link:"
                        + " remove it, or pass another --out");
            }
            if (Files.exists(at, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(at, LinkOption.NOFOLLOW_LINKS)) {
                throw new IOException(at + " is not a folder; remove it, or pass another --out");
            }
        }
    }

    /**
     * Places {@code source} as {@code <outDir>/<updateId>/<fileName>}.
     *
     * @param sha256 the lower-case hex digest of {@code source} when known (saves hashing it), or null
     * @throws IOException when the file cannot be placed; the target is then unchanged
     */
    public Placement place(String updateId, String fileName, Path source, String sha256) throws IOException {
        return place(List.of(updateId), fileName, source, sha256);
    }

    /**
     * Places {@code source} as {@code <outDir>/<folder...>/<fileName>}, e.g. the folder {@code [id, revision]}
     * of an {@link OutputPlan}. A copy is hashed as it is written and must match {@code sha256} when given.
     *
     * @throws IOException when the file cannot be placed; the target is then unchanged
     */
    public Placement place(List<String> folder, String fileName, Path source, String sha256) throws IOException {
        Path dir = outDir;
        for (String name : folder) {
            dir = dir.resolve(plainName(name, dir == outDir ? "update id" : "folder name"));
        }
        Path target = dir.resolve(plainName(fileName, "file name"));
        realFolders(dir);
        Files.createDirectories(dir);
        if (sameContent(source, target, sha256)) {
            return new Placement(target, Outcome.UNCHANGED);
        }
        // same directory as the target, so the final move is a rename inside one file system
        Path temp = dir.resolve("." + fileName + "." + UUID.randomUUID() + ".tmp");
        Outcome how = Outcome.COPIED;
        try {
            if (tryLink && link(temp, source)) {
                how = Outcome.LINKED;
            } else {
                copyVerified(source, temp, sha256);
            }
            moveOver(temp, target);
            return new Placement(target, how);
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    /** The folder {@code <outDir>/<folder...>}, for messages. */
    public Path folder(List<String> folder) {
        Path dir = outDir;
        for (String name : folder) {
            dir = dir.resolve(name);
        }
        return dir;
    }

    /** Moves {@code temp} over {@code target}, atomically where the file system can. */
    static void moveOver(Path temp, Path target) throws IOException {
        try {
            Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /** Copies and hashes in one pass: what lands in {@code --out} is checked, not assumed. */
    private static void copyVerified(Path source, Path temp, String sha256) throws IOException {
        MessageDigest md = sha256Digest();
        try (InputStream in = new DigestInputStream(Files.newInputStream(source), md)) {
            Files.copy(in, temp);
        }
        String copied = HexFormat.of().formatHex(md.digest());
        if (sha256 != null && !sha256.equalsIgnoreCase(copied)) {
            throw new IOException("the copy of " + source + " does not match its SHA-256 (" + sha256 + "; the bytes"
                    + " read have " + copied + "); the cache file changed while it was copied");
        }
    }

    private static boolean link(Path link, Path existing) {
        try {
            Files.createLink(link, existing);
            return true;
        } catch (UnsupportedOperationException | FileSystemException | SecurityException e) {
            return false; // another device, FAT, no permission, link limit: a copy does the job
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean sameContent(Path source, Path target, String sha256) throws IOException {
        if (!Files.isRegularFile(target, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        if (Files.isSameFile(source, target)) {
            return true;
        }
        if (Files.size(source) != Files.size(target)) {
            return false;
        }
        String expected = sha256 != null ? sha256 : sha256(source);
        return expected.equalsIgnoreCase(sha256(target));
    }

    static String sha256(Path file) throws IOException {
        return Digests.ofFile(file, List.of(Digests.SHA256)).get(0);
    }

    private static MessageDigest sha256Digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java has SHA-256", e);
        }
    }

    private static String plainName(String name, String what) throws IOException {
        // the catalog parser refuses such names already; this guards the output tree on its own
        if (name == null
                || name.isEmpty()
                || name.equals(".")
                || name.equals("..")
                || name.contains("/")
                || name.contains("\\")
                || name.contains(":")
                || name.chars().anyMatch(Character::isISOControl)) {
            throw new IOException(
                    "refusing to place a file under the " + what + " '" + name + "': it is not a plain name");
        }
        return name;
    }
}
