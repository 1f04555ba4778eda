package io.github.wudl.testing;

import java.time.Instant;
import java.util.HexFormat;

/** Served content: bytes in memory or generated from a seed. Immutable. */
final class Content {
    final byte[] bytes;
    final long seed;
    final long length;
    final int generation;
    final Instant lastModified;
    final String etag;

    Content(byte[] bytes, long seed, long length, int generation, Instant lastModified) {
        this.bytes = bytes;
        this.seed = seed;
        this.length = length;
        this.generation = generation;
        this.lastModified = lastModified;
        String base = bytes != null
                ? HexFormat.of().formatHex(ContentServer.sha256(bytes), 0, 8)
                : "g" + Long.toHexString(seed) + "-" + Long.toHexString(length);
        this.etag = "\"" + base + (generation == 0 ? "" : "-" + generation) + "\"";
    }

    void fill(long position, byte[] buf, int off, int len) {
        if (bytes != null) {
            System.arraycopy(bytes, (int) position, buf, off, len);
        } else {
            Generated.fill(seed, position, buf, off, len);
        }
    }
}
