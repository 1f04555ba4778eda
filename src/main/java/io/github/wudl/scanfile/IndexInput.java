package io.github.wudl.scanfile;

import java.io.Closeable;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * Reads what {@link IndexOutput} wrote, through one buffer of its own: strings are decoded straight from the
 * buffer (no per-string copy, no modified UTF-8), which is most of the time a later open of a scan file takes.
 * Every count and length is checked against a bound before anything is allocated for it, so a damaged index
 * fails with an {@link IOException}, never with a huge allocation.
 */
final class IndexInput implements Closeable {
    private static final int BUFFER = 1 << 20;

    /** Null when reading from an array given whole. */
    private final InputStream in;

    private final byte[] buffer;
    private int position;
    private int limit;

    IndexInput(InputStream in) {
        this.in = in;
        this.buffer = new byte[BUFFER];
    }

    /** Reads {@code data}, all of it there already (a chunk of the index, decoded on a thread of its own). */
    IndexInput(byte[] data) {
        this.in = null;
        this.buffer = data;
        this.limit = data.length;
    }

    /** Makes at least {@code n} (at most the buffer's size) bytes available at {@link #position}. */
    private void require(int n) throws IOException {
        if (limit - position >= n) {
            return;
        }
        if (in == null) {
            throw new EOFException("the index ends early");
        }
        System.arraycopy(buffer, position, buffer, 0, limit - position);
        limit -= position;
        position = 0;
        while (limit < n) {
            int got = in.read(buffer, limit, buffer.length - limit);
            if (got < 0) {
                throw new EOFException("the index ends early");
            }
            limit += got;
        }
    }

    long readLong() throws IOException {
        require(8);
        long v = 0;
        for (int i = 0; i < 8; i++) {
            v = (v << 8) | (buffer[position++] & 0xff);
        }
        return v;
    }

    int readByte() throws IOException {
        require(1);
        return buffer[position++] & 0xff;
    }

    /** A count written by {@link IndexOutput#writeCount}, refused when over {@code max}. */
    int readCount(int max) throws IOException {
        int v = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            int b = readByte();
            v |= (b & 0x7f) << shift;
            if ((b & 0x80) == 0) {
                if (v < 0 || v > max) {
                    throw new IOException("a count of " + v + " in the index, more than " + max);
                }
                return v;
            }
        }
        throw new IOException("a malformed count in the index");
    }

    String readString(int maxBytes) throws IOException {
        int n = readCount(maxBytes);
        if (n <= BUFFER || in == null) {
            require(n);
            String s = new String(buffer, position, n, StandardCharsets.UTF_8);
            position += n;
            return s;
        }
        return new String(readRaw(n), StandardCharsets.UTF_8);
    }

    /** A byte array written by {@link IndexOutput#writeBytes}; null for length 0. */
    byte[] readBytes(int maxBytes) throws IOException {
        int n = readCount(maxBytes);
        return n == 0 ? null : readRaw(n);
    }

    private byte[] readRaw(int n) throws IOException {
        byte[] bytes = new byte[n];
        int have = Math.min(n, limit - position);
        System.arraycopy(buffer, position, bytes, 0, have);
        position += have;
        if (have < n && in == null) {
            throw new EOFException("the index ends early");
        }
        if (have < n && in.readNBytes(bytes, have, n - have) != n - have) {
            throw new EOFException("the index ends early");
        }
        return bytes;
    }

    /** Whether every byte has been read. */
    boolean atEnd() throws IOException {
        if (position < limit) {
            return false;
        }
        if (in == null) {
            return true;
        }
        position = 0;
        limit = 0;
        int got = in.read(buffer, 0, buffer.length);
        if (got > 0) {
            limit = got;
            return false;
        }
        return true;
    }

    @Override
    public void close() throws IOException {
        if (in != null) {
            in.close();
        }
    }
}
