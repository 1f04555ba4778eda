package io.github.wudl.transfer;

import io.github.wudl.wua.Digests;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Redaction;
import io.github.wudl.wua.Sizes;
import io.github.wudl.wua.WuaException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Collection;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.Optional;
import java.util.Set;
import java.util.function.BooleanSupplier;

/**
 * A content-addressed store of downloaded files, safe to share between threads and between processes.
 *
 * <p>Layout under {@link #root()}:
 * <pre>
 * objects/sha256/ab/ab12...      published, verified files, named by their digest (sha1/ for SHA-1 catalogs)
 * objects/unverified/&lt;h&gt;         files without a digest (--allow-unverified), h = SHA-256 of the redacted URL
 * partial/&lt;key&gt;.part              bytes received so far; partial/&lt;key&gt;.meta its validators (java Properties)
 * locks/keys.lock                 one byte per key, record-locked by whoever fetches or publishes that key
 * </pre>
 *
 * <p>Promises: a published name only ever holds a complete file whose size, and digest when it has one, were
 * checked before an atomic rename put it there; partial and unverified-in-progress bytes never appear under a
 * published name. Nothing is fsynced (a power cut may lose the last bytes of a partial file, which a resume
 * re-hashes and tolerates; a published file that turns out corrupt is detected on its next use and fetched
 * again). A process killed at any point leaves either a published file or a resumable {@code .part}.
 *
 * <p>Unhappy paths: a root that cannot be created or written fails the constructor with a
 * {@link WuaException} (E_ACCESSDENIED, or WU_E_DM_DOWNLOADFILEPATHUNKNOWN for other I/O errors) naming the
 * directory; a request with an unknown digest algorithm fails with WU_E_DM_UNKNOWNALGORITHM.
 */
public final class ContentCache {
    private final Path root;
    private final Path objects;
    private final Path partial;
    private final Path locks;
    private final CacheFiles files;

    /** {@link #ContentCache(Path, Warnings)} with warnings printed to standard error. */
    public ContentCache(Path root) {
        this(root, Warnings.toStandardError());
    }

    /**
     * Opens (creating as needed) the cache at {@code root}, and checks that it is writable. {@code warnings}
     * gets one line for each thing worth a user's attention that does not stop the work: a cache folder other
     * users can write, a link or special file found and removed where the cache keeps its own files.
     */
    public ContentCache(Path root, Warnings warnings) {
        this.root = root.toAbsolutePath().normalize();
        this.objects = this.root.resolve("objects");
        this.partial = this.root.resolve("partial");
        this.locks = this.root.resolve("locks");
        this.files = new CacheFiles(this.root, warnings);
        try {
            Files.createDirectories(this.root);
            String shared = CacheFiles.sharedRootWarning(this.root);
            if (shared != null) {
                warnings.say(shared);
            }
            files.ensureDirectory(objects);
            files.ensureDirectory(partial);
            files.ensureDirectory(locks);
            files.checkRegularOrAbsent(lockFile());
            Path probe = Files.createTempFile(partial, ".probe-", ".tmp");
            Files.delete(probe);
        } catch (AccessDeniedException e) {
            throw new WuaException(
                    HResult.E_ACCESSDENIED,
                    "The content cache directory " + this.root
                            + " is not writable (" + e.getMessage() + "); pass --cache DIR (or set WUDL_CACHE) to a"
                            + " directory you can write.",
                    e);
        } catch (IOException e) {
            throw new WuaException(
                    HResult.WU_E_DM_DOWNLOADFILEPATHUNKNOWN,
                    "The content cache directory "
                            + this.root + " cannot be used: " + e
                            + "; pass --cache DIR (or set WUDL_CACHE) to a writable"
                            + " directory.",
                    e);
        }
    }

    /** The absolute cache root. */
    public Path root() {
        return root;
    }

    /** The path the request's file is (or would be) published under. */
    public Path publishedPath(TransferRequest r) {
        if (!r.verified()) {
            return objects.resolve("unverified").resolve(urlHash(r));
        }
        String hex = HexFormat.of().formatHex(r.digest());
        return objects.resolve(dirName(r.digestAlgorithm()))
                .resolve(hex.substring(0, 2))
                .resolve(hex);
    }

    /** The published file, when it exists with the expected size (its digest is not re-checked here). */
    public Optional<Path> published(TransferRequest r) {
        Path p = publishedPath(r);
        if (!files.insideRealFolders(p)) {
            return Optional.empty(); // a linked objects/ folder would show a file outside the cache
        }
        try {
            BasicFileAttributes a = CacheFiles.attributes(p); // a link there is never a published file
            return a != null && a.isRegularFile() && a.size() == r.size() ? Optional.of(p) : Optional.empty();
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    /** {@link #published} is present. */
    public boolean isPresent(TransferRequest r) {
        return published(r).isPresent();
    }

    /**
     * Re-hashes the published file and compares it with the request's digest (size only for unverified
     * files). False when absent or corrupt; a corrupt file is left in place (a transfer replaces it).
     */
    public boolean verify(TransferRequest r) {
        Optional<Path> p = published(r);
        if (p.isEmpty()) {
            return false;
        }
        try {
            return hash(r, p.get(), 256 * 1024, () -> false) != null;
        } catch (IOException e) {
            return false;
        }
    }

    /** Bytes of the request's partial file (0 when none), capped at the expected size. */
    public long partialBytes(TransferRequest r) {
        try {
            BasicFileAttributes a = CacheFiles.attributes(partPath(key(r)));
            return a != null && a.isRegularFile() ? Math.min(a.size(), r.size()) : 0;
        } catch (IOException e) {
            return 0;
        }
    }

    /** Bytes still to fetch for these requests: each distinct file once, published ones 0, partials deducted. */
    public long missingBytes(Collection<TransferRequest> requests) {
        Set<String> seen = new HashSet<>();
        long missing = 0;
        for (TransferRequest r : requests) {
            if (seen.add(key(r)) && !isPresent(r)) {
                missing = Sizes.add(missing, r.size() - partialBytes(r)); // 1,100 files of 2^53 bytes wrapped
            }
        }
        return missing;
    }

    /** Free bytes on the cache's file store, or Long.MAX_VALUE when the store will not say. */
    public long usableSpace() {
        try {
            return Files.getFileStore(root).getUsableSpace();
        } catch (IOException e) {
            return Long.MAX_VALUE;
        }
    }

    @Override
    public String toString() {
        return "ContentCache[" + root + "]";
    }

    // ------------------------------------------------------------ package-private

    /** The file-name-safe key of a request's content: "sha256-<hex>", "sha1-<hex>" or "unverified-<hash>". */
    String key(TransferRequest r) {
        if (!r.verified()) {
            return "unverified-" + urlHash(r);
        }
        return dirName(r.digestAlgorithm()) + "-" + HexFormat.of().formatHex(r.digest());
    }

    Path partPath(String key) {
        return partial.resolve(key + ".part");
    }

    Path metaPath(String key) {
        return partial.resolve(key + ".meta");
    }

    /** Link-safe opening of the cache's own files. */
    CacheFiles files() {
        return files;
    }

    /** The file whose one-byte regions lock the keys (see {@link KeyLock}). */
    Path lockFile() {
        return locks.resolve("keys.lock");
    }

    /**
     * Hashes {@code file} and checks it against the request: the digests when the size and digest match,
     * else null.
     */
    static RunningDigests.Result hash(TransferRequest r, Path file, int bufferSize, BooleanSupplier stop)
            throws IOException {
        BasicFileAttributes a = CacheFiles.attributes(file);
        long size = a == null || !a.isRegularFile() ? -1 : a.size();
        if (size != r.size()) {
            return null;
        }
        RunningDigests d = new RunningDigests(r);
        d.updateFrom(file, size, bufferSize, stop);
        RunningDigests.Result result = d.finish();
        return result.matchesDigest(r) && result.otherDigestProblem(r) == null ? result : null;
    }

    /** The directory name under {@code objects/} for an algorithm: "sha256" or "sha1". */
    private static String dirName(String algorithm) {
        return Digests.normalize(algorithm).equals(Digests.SHA256) ? "sha256" : "sha1";
    }

    private static String urlHash(TransferRequest r) {
        URI primary = r.sources().isEmpty() ? null : r.sources().get(0);
        String basis = primary == null ? "no-url:" + r.displayName() : Redaction.uri(primary);
        try {
            byte[] h = MessageDigest.getInstance("SHA-256").digest(basis.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(h);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
