package io.github.wudl.transfer;

import static io.github.wudl.wua.Digests.SHA1;
import static io.github.wudl.wua.Digests.SHA256;
import static io.github.wudl.wua.Digests.hex;

import io.github.wudl.wua.Digests;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.function.BooleanSupplier;

/**
 * The running digests of one file: SHA-256 always (the result reports it), plus SHA-1 when that is the
 * catalog's algorithm. Fed while bytes stream, so a download never needs a second read pass.
 */
final class RunningDigests {
    private final String algorithm;
    private final boolean alsoSha1;
    private MessageDigest sha256;
    private MessageDigest sha1;

    /** @param algorithm the request's algorithm (any spelling {@link Digests#normalize} accepts) or null */
    RunningDigests(String algorithm) {
        this(algorithm, false);
    }

    /** The digests a request needs: its algorithm's, SHA-256 always, and SHA-1 when it has {@code sha1Also}. */
    RunningDigests(TransferRequest r) {
        this(r.digestAlgorithm(), r.sha1Also() != null);
    }

    private RunningDigests(String algorithm, boolean alsoSha1) {
        this.algorithm = algorithm == null ? null : Digests.normalize(algorithm);
        this.alsoSha1 = alsoSha1;
        reset();
    }

    private static final java.util.concurrent.atomic.AtomicBoolean WARMING =
            new java.util.concurrent.atomic.AtomicBoolean();

    /**
     * Starts, once per JVM, a daemon thread that hashes 32 MiB of zeros the way transfers do (direct buffers
     * through {@link #update(ByteBuffer)}). Until the optimizing JIT has compiled that path, SHA-256 runs as
     * plain Java, ten times slower than with the CPU's SHA instructions; warming it on a spare core while the
     * catalog loads means the first content bytes are already hashed at full speed (measured: 300 files of
     * 512 KiB spent most of their CPU in the slow path without it).
     */
    static void warmUp(int bufferSize) {
        if (!WARMING.compareAndSet(false, true)) {
            return;
        }
        Thread t = new Thread(
                () -> {
                    ByteBuffer buf = ByteBuffer.allocateDirect(bufferSize);
                    RunningDigests d = new RunningDigests(SHA256);
                    for (long hashed = 0; hashed < (32L << 20); hashed += bufferSize) {
                        d.update(buf);
                    }
                    d.sha256.digest();
                },
                "wudl-sha256-warmup");
        t.setDaemon(true);
        setLowPriority(t);
        t.start();
    }

    // a hint only, on purpose: the warm-up must not take CPU from the transfers, and nothing depends on when it
    // is scheduled
    @SuppressWarnings("ThreadPriorityCheck")
    private static void setLowPriority(Thread t) {
        t.setPriority(Thread.MIN_PRIORITY);
    }

    void reset() {
        sha256 = newDigest(SHA256);
        sha1 = SHA1.equals(algorithm) || alsoSha1 ? newDigest(SHA1) : null;
    }

    /** Feeds the buffer's remaining bytes without moving its position. */
    void update(ByteBuffer b) {
        sha256.update(b.duplicate());
        if (sha1 != null) {
            sha1.update(b.duplicate());
        }
    }

    void update(byte[] b, int off, int len) {
        sha256.update(b, off, len);
        if (sha1 != null) {
            sha1.update(b, off, len);
        }
    }

    /**
     * Feeds the first {@code length} bytes of {@code file} (re-hashing a partial file before resuming it);
     * InterruptedIOException as soon as {@code stop} says so (a cancel during a multi-GiB re-hash).
     */
    void updateFrom(Path file, long length, int bufferSize, BooleanSupplier stop) throws IOException {
        try (FileChannel ch = CacheFiles.openForRead(file)) { // never through a link
            ByteBuffer buf = ByteBuffer.allocate(bufferSize);
            long pos = 0;
            while (pos < length) {
                if (stop.getAsBoolean()) {
                    throw new InterruptedIOException("stopped while hashing " + file);
                }
                buf.clear();
                buf.limit((int) Math.min(buf.capacity(), length - pos));
                int n = ch.read(buf, pos);
                if (n < 0) {
                    throw new IOException("file " + file + " is shorter than " + length + " bytes");
                }
                update(buf.array(), 0, n);
                pos += n;
            }
        }
    }

    /** Final values; the digests are spent afterwards (call {@link #reset()} to reuse). */
    Result finish() {
        byte[] s256 = sha256.digest();
        byte[] s1 = sha1 == null ? null : sha1.digest();
        return new Result(s256, s1);
    }

    /** The finished digests. */
    // the arrays MessageDigest gave, handed on as they are; a Result is never compared
    @SuppressWarnings("ArrayRecordComponent")
    record Result(byte[] sha256, byte[] sha1) {
        /** The digest in {@code algorithm}, which must be SHA-256 or the SHA-1 these digests were made for. */
        byte[] of(String algorithm) {
            return SHA256.equals(Digests.normalize(algorithm)) ? sha256 : sha1;
        }

        String sha256Hex() {
            return hex(sha256);
        }

        /** The request's own digest holds for these bytes (always true for an unverified request). */
        boolean matchesDigest(TransferRequest r) {
            return !r.verified() || MessageDigest.isEqual(of(r.digestAlgorithm()), r.digest());
        }

        /**
         * Null when every digest the request gives holds; else why not, for a request whose own digest holds
         * but whose second one (the catalog's SHA-1 beside its SHA-256) does not.
         */
        String otherDigestProblem(TransferRequest r) {
            if (r.sha1Also() == null || MessageDigest.isEqual(sha1, r.sha1Also())) {
                return null;
            }
            return r.displayName() + " matches the catalog's sha256 but its sha1 is " + hex(sha1) + ", while the"
                    + " catalog says " + hex(r.sha1Also()) + "; the catalog's two digests for this file disagree: fix"
                    + " the catalog (or give only the sha256)";
        }
    }

    private static MessageDigest newDigest(String alg) {
        try {
            return MessageDigest.getInstance(alg);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(alg + " is part of every Java platform", e);
        }
    }
}
