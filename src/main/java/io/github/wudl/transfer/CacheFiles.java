package io.github.wudl.transfer;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.HashSet;
import java.util.Set;

/**
 * Opening files and folders under the cache root without ever following a symbolic link.
 *
 * <p>Why: another local user (when the cache is shared or its parent is writable), a restored backup or an
 * unpacked archive can leave a link where the cache keeps a part, a sidecar, the lock file, an object or one of
 * its folders. Following it would write downloaded bytes into, truncate, or publish a file outside the cache.
 * So every name below the root is looked at with {@link LinkOption#NOFOLLOW_LINKS}; a link (or a pipe, a
 * device, anything that is not the expected kind) found where the cache keeps its own entry is removed, the
 * removal is reported through the warning sink, and a fresh entry of the right kind takes its place. Files are
 * opened with NOFOLLOW_LINKS as well (O_NOFOLLOW on POSIX), so a link planted between the look and the open
 * fails the open instead of being followed; that open is retried once after removing the new link.
 *
 * <p>The root itself is the user's choice and may be reached through links (it is only made absolute);
 * everything under it is checked. A regular file with other names (a hard link) is not written through either:
 * its name in the cache is removed (and reported), the other names keep their bytes.
 */
final class CacheFiles {
    private static final LinkOption[] NOFOLLOW = {LinkOption.NOFOLLOW_LINKS};

    private final Path root;
    private final Warnings warnings;

    CacheFiles(Path root, Warnings warnings) {
        this.root = root;
        this.warnings = warnings;
    }

    /**
     * Makes {@code dir} (under the root) and every folder between the root and it a real directory: missing
     * ones are created, links and other non-directories in their place are removed (and reported) first.
     */
    void ensureDirectory(Path dir) throws IOException {
        walk(dir, true);
    }

    /**
     * As {@link #ensureDirectory}, but a folder that is missing is not made again: the cache's own folders
     * exist from the moment it opened, so one gone means the cache is being deleted (a test's clean-up, a
     * user's {@code rm -rf}) and a transfer still unwinding must not bring it back.
     */
    void requireDirectory(Path dir) throws IOException {
        walk(dir, false);
    }

    private void walk(Path dir, boolean createMissing) throws IOException {
        Path rel = root.relativize(dir);
        if (rel.startsWith("..") || rel.isAbsolute()) {
            throw new IOException(dir + " is not inside the cache " + root);
        }
        Path at = root;
        for (Path name : rel) {
            if (name.toString().isEmpty()) {
                continue;
            }
            at = at.resolve(name);
            BasicFileAttributes a = attributes(at);
            if (a != null && a.isDirectory()) {
                continue;
            }
            if (a != null) {
                removeForeign(at, a, "a directory");
            } else if (!createMissing) {
                throw new NoSuchFileException(at.toString(), null, "the cache folder is gone");
            }
            try {
                Files.createDirectory(at);
            } catch (FileAlreadyExistsException raced) {
                BasicFileAttributes again = attributes(at);
                if (again == null || !again.isDirectory()) {
                    throw new IOException(
                            at + " keeps being replaced by something that is not a directory; check"
                                    + " who else writes in the cache " + root,
                            raced);
                }
            }
        }
    }

    /**
     * Opens (creating it if {@code options} say so) the regular file {@code file}, never through a link. A link
     * or non-regular file in its place is removed and reported first; a link in place of its folder too (a
     * missing folder is not made again: see {@link #requireDirectory}).
     */
    FileChannel open(Path file, Set<? extends OpenOption> options) throws IOException {
        requireDirectory(file.getParent());
        Set<OpenOption> opts = new HashSet<>(options);
        opts.add(LinkOption.NOFOLLOW_LINKS);
        // a file rewritten from scratch is made anew (O_EXCL): whatever is planted between the look and the
        // open fails the open, where TRUNCATE_EXISTING would have truncated it
        boolean fresh = opts.remove(StandardOpenOption.TRUNCATE_EXISTING);
        if (fresh) {
            opts.remove(StandardOpenOption.CREATE);
            opts.add(StandardOpenOption.CREATE_NEW);
        }
        for (int attempt = 0; ; attempt++) {
            checkRegularOrAbsent(file);
            checkSingleName(file);
            if (fresh) {
                Files.deleteIfExists(file); // a leftover of this cache's own (a run killed while writing it)
            }
            try {
                FileChannel ch = FileChannel.open(file, opts);
                BasicFileAttributes after = attributes(file);
                if (after == null || !after.isRegularFile() || linkCount(file) > 1) {
                    ch.close();
                    throw new IOException(file + " was replaced by a link or special file while it was opened;"
                            + " check who else writes in the cache " + root);
                }
                return ch;
            } catch (FileSystemException e) {
                // ELOOP: a link appeared between the check and the open; EEXIST: something appeared where a
                // fresh file was to be made (NoSuchFile is a real answer)
                boolean planted = isLink(file) || (fresh && e instanceof FileAlreadyExistsException);
                if (e instanceof NoSuchFileException || attempt > 0 || !planted) {
                    throw e;
                }
            }
        }
    }

    /**
     * Removes (and reports) a regular file at {@code file} that has other names too (a hard link): writing
     * through it would change, or truncate, the same bytes under a name outside the cache. Removing this name
     * leaves the other names and their bytes alone.
     */
    private void checkSingleName(Path file) throws IOException {
        int links = linkCount(file);
        if (links > 1 && isRegularFile(file)) {
            Files.delete(file);
            warnings.say("removed a hard link found in the cache at " + file + " (the file has " + links
                    + " names, the others outside the cache's control), where the cache keeps a file of its own;"
                    + " nothing was read or written through it");
        }
    }

    /** How many names (hard links) the entry has; 1 when absent or the file system cannot say. */
    static int linkCount(Path p) {
        try {
            return Files.getAttribute(p, "unix:nlink", NOFOLLOW) instanceof Integer n ? n : 1;
        } catch (NoSuchFileException e) {
            return 1;
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return 1; // not a POSIX file system: no hard links to worry about through this API
        }
    }

    /**
     * True when every folder between the root and {@code file} is a real directory (no link among them), so
     * that looking at {@code file} looks inside the cache. False when one is missing or is something else.
     * Changes nothing.
     */
    boolean insideRealFolders(Path file) {
        try {
            return realFolders(file.getParent(), false);
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * As {@link #insideRealFolders} for the folder {@code dir}, but a link or non-folder found where a folder
     * belongs is removed (and reported); nothing is created, so the answer is then false.
     */
    boolean clearForeignFolders(Path dir) throws IOException {
        return realFolders(dir, true);
    }

    private boolean realFolders(Path dir, boolean removeForeign) throws IOException {
        Path rel = root.relativize(dir);
        if (rel.startsWith("..") || rel.isAbsolute()) {
            return false;
        }
        Path at = root;
        for (Path name : rel) {
            if (name.toString().isEmpty()) {
                continue;
            }
            at = at.resolve(name);
            BasicFileAttributes a = attributes(at);
            if (a == null) {
                return false;
            }
            if (!a.isDirectory()) {
                if (removeForeign) {
                    removeForeign(at, a, "a directory");
                }
                return false;
            }
        }
        return true;
    }

    /** Removes a link or any non-regular entry at {@code file} (reported); a regular file or nothing stays. */
    void checkRegularOrAbsent(Path file) throws IOException {
        BasicFileAttributes a = attributes(file);
        if (a != null && !a.isRegularFile()) {
            removeForeign(file, a, "a regular file");
        }
    }

    /** The entry's own attributes (a link's, not its target's), or null when nothing is there. */
    static BasicFileAttributes attributes(Path p) throws IOException {
        try {
            return Files.readAttributes(p, BasicFileAttributes.class, NOFOLLOW);
        } catch (NoSuchFileException e) {
            return null;
        }
    }

    /** True when {@code p} is a regular file itself (not through a link). */
    static boolean isRegularFile(Path p) {
        try {
            BasicFileAttributes a = attributes(p);
            return a != null && a.isRegularFile();
        } catch (IOException e) {
            return false;
        }
    }

    private static boolean isLink(Path p) {
        try {
            BasicFileAttributes a = attributes(p);
            return a != null && a.isSymbolicLink();
        } catch (IOException e) {
            return false;
        }
    }

    private void removeForeign(Path at, BasicFileAttributes a, String expected) throws IOException {
        String kind = a.isSymbolicLink()
                ? "a symbolic link"
                : a.isDirectory() ? "a directory" : a.isOther() ? "a special file (pipe, socket or device)" : "a file";
        String target = "";
        if (a.isSymbolicLink()) {
            try {
                target = " to " + Files.readSymbolicLink(at);
            } catch (IOException | UnsupportedOperationException ignored) {
                // the link goes anyway; its target only makes the warning more useful
            }
        }
        if (a.isDirectory()) {
            // never empty someone's folder for them: a directory where a file belongs is a plain error
            throw new IOException(at + " is a directory where the cache keeps " + expected + "; remove it, or"
                    + " pass --cache DIR to another folder");
        }
        Files.delete(at); // deletes the link itself, never its target
        warnings.say("removed " + kind + target + " found in the cache at " + at + ", where the cache keeps " + expected
                + "; nothing was read or written through it");
    }

    /**
     * A warning line when other users may write into {@code root} (group- or world-writable without being
     * the owner's private folder): they could plant files there. Null when fine or not a POSIX file system.
     */
    static String sharedRootWarning(Path root) {
        try {
            PosixFileAttributes a = Files.readAttributes(root, PosixFileAttributes.class);
            Set<PosixFilePermission> p = a.permissions();
            boolean group = p.contains(PosixFilePermission.GROUP_WRITE);
            boolean others = p.contains(PosixFilePermission.OTHERS_WRITE);
            if (!group && !others) {
                return null;
            }
            return "the cache folder " + root + " is writable by "
                    + (others ? "every user" : "its group (" + a.group().getName() + ")")
                    + "; others could plant files in it. wudl does not follow links"
                    + " there, but a private cache is safer: chmod go-w " + root + ", or pass --cache DIR";
        } catch (IOException | UnsupportedOperationException e) {
            return null;
        }
    }

    /** Opens a file for reading, refusing a link or non-regular file (used for hashing published objects). */
    static FileChannel openForRead(Path file) throws IOException {
        if (!isRegularFile(file)) { // looked at first: opening a pipe to read would block
            throw new IOException(file + " is not a regular file");
        }
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
        BasicFileAttributes a = attributes(file);
        if (a == null || !a.isRegularFile()) {
            ch.close();
            throw new IOException(file + " is not a regular file");
        }
        return ch;
    }
}
