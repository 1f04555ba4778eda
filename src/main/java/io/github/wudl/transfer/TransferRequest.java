package io.github.wudl.transfer;

import io.github.wudl.wua.Digests;
import java.net.URI;
import java.util.List;
import java.util.Objects;

/**
 * One content file to obtain: where it can be fetched (primary first, then mirrors, tried in order), its
 * size, and its digest. Immutable.
 *
 * @param sources         http(s) URIs, primary first; never empty
 * @param size            the expected size in bytes (the catalog's {@code size}); a body of another length fails
 * @param digestAlgorithm "SHA-256" or "SHA-1", or null for an unverified file (only with --allow-unverified)
 * @param digest          the expected digest bytes, or null with a null algorithm
 * @param displayName     the file name shown in messages
 * @param priority        higher runs earlier; requests of equal priority run in submission order
 * @param sha1Also        a SHA-1 the bytes must also match, when the catalog gave one besides the SHA-256
 *                        {@code digest}; else null
 */
// the digests are arrays as MessageDigest gives them; code that compares them uses Arrays.equals, and a
// request is never compared as a whole
@SuppressWarnings("ArrayRecordComponent")
public record TransferRequest(
        List<URI> sources,
        long size,
        String digestAlgorithm,
        byte[] digest,
        String displayName,
        int priority,
        byte[] sha1Also) {
    /** A request with one digest (or none). */
    public TransferRequest(
            List<URI> sources, long size, String digestAlgorithm, byte[] digest, String displayName, int priority) {
        this(sources, size, digestAlgorithm, digest, displayName, priority, null);
    }

    public TransferRequest {
        if (sha1Also != null
                && (digest == null
                        || !Digests.SHA256.equals(Digests.normalize(digestAlgorithm))
                        || sha1Also.length != 20)) {
            throw new IllegalArgumentException("sha1Also goes only with a SHA-256 digest, and has 20 bytes");
        }
        sources = List.copyOf(sources);
        Objects.requireNonNull(displayName, "displayName");
        if ((digestAlgorithm == null) != (digest == null)) {
            throw new IllegalArgumentException("digestAlgorithm and digest go together");
        }
        if (size < 0) {
            throw new IllegalArgumentException("size < 0");
        }
    }

    /** True when the file has a digest to verify against. */
    public boolean verified() {
        return digest != null;
    }
}
