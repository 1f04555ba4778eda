package io.github.wudl.scanfile;

import java.io.BufferedOutputStream;
import java.io.Closeable;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;

/**
 * The writing half of the index's encoding, read back by {@link IndexInput}: counts and lengths as unsigned
 * variable-length integers (one byte for most), strings as their UTF-8 bytes after their length, fixed-width
 * longs and ints big-endian.
 */
final class IndexOutput implements Closeable {
    private final DataOutputStream out;

    IndexOutput(OutputStream target) {
        this.out = new DataOutputStream(new BufferedOutputStream(target, 1 << 16));
    }

    void writeLong(long v) throws IOException {
        out.writeLong(v);
    }

    void writeByte(int v) throws IOException {
        out.writeByte(v);
    }

    /** {@code v} >= 0, in 7-bit groups, low group first. */
    void writeCount(int v) throws IOException {
        if (v < 0) {
            throw new IllegalArgumentException("count " + v + " < 0");
        }
        while (v >= 0x80) {
            out.writeByte((v & 0x7f) | 0x80);
            v >>>= 7;
        }
        out.writeByte(v);
    }

    void writeString(String s) throws IOException {
        byte[] bytes = s.getBytes(StandardCharsets.UTF_8);
        writeCount(bytes.length);
        out.write(bytes);
    }

    /** A byte array or null (written as length 0: no digest the index keeps is empty). */
    void writeBytes(byte[] bytes) throws IOException {
        if (bytes == null) {
            writeCount(0);
            return;
        }
        writeCount(bytes.length);
        out.write(bytes);
    }

    @Override
    public void close() throws IOException {
        out.close();
    }
}
