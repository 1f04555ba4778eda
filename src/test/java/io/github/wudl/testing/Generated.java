package io.github.wudl.testing;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Deterministic pseudo-random content of any length, addressable at any offset without producing the prefix
 * (so a Range request into a multi-GiB file is cheap). Byte {@code p} of stream {@code seed} is byte
 * {@code p & 7} of splitmix64(seed, p / 8).
 */
public final class Generated {
    private Generated() {}

    private static long word(long seed, long index) {
        long z = seed + (index + 1) * 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    /** Fills {@code buf[off, off+len)} with the content bytes starting at {@code position}. */
    public static void fill(long seed, long position, byte[] buf, int off, int len) {
        long p = position;
        int i = off;
        int end = off + len;
        while (i < end) {
            long w = word(seed, p >>> 3);
            int shift = (int) (p & 7);
            while (shift < 8 && i < end) {
                buf[i++] = (byte) (w >>> (8 * shift));
                shift++;
                p++;
            }
        }
    }

    /** The whole content as an array (for small sizes only). */
    public static byte[] bytes(long size, long seed) {
        if (size > Integer.MAX_VALUE - 16) {
            throw new IllegalArgumentException("too large for an array: " + size);
        }
        byte[] b = new byte[(int) size];
        fill(seed, 0, b, 0, b.length);
        return b;
    }

    /** The digest of the generated content ("SHA-256", "SHA-1"), computed by streaming it. */
    public static byte[] digest(String algorithm, long size, long seed) {
        MessageDigest md;
        try {
            md = MessageDigest.getInstance(algorithm);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException(e);
        }
        byte[] buf = new byte[1 << 16];
        long p = 0;
        while (p < size) {
            int n = (int) Math.min(buf.length, size - p);
            fill(seed, p, buf, 0, n);
            md.update(buf, 0, n);
            p += n;
        }
        return md.digest();
    }
}
