package io.github.wudl.script;

import java.io.OutputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;

/**
 * The context's standard output and error (where {@code console.log} writes) as bytes into the run's
 * {@link PrintWriter}s, so console output and WScript.Echo interleave in order on one stream. Decodes
 * UTF-8, keeping a character split across writes intact; passes text on as soon as it is decoded.
 */
final class WriterOutputStream extends OutputStream {
    private final PrintWriter writer;
    private final CharsetDecoder decoder = StandardCharsets.UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPLACE)
            .onUnmappableCharacter(CodingErrorAction.REPLACE);
    private final ByteBuffer bytes = ByteBuffer.allocate(1024);
    private final CharBuffer chars = CharBuffer.allocate(1024);

    WriterOutputStream(PrintWriter writer) {
        this.writer = writer;
    }

    @Override
    public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public synchronized void write(byte[] b, int off, int len) {
        while (len > 0) {
            int n = Math.min(len, bytes.remaining());
            bytes.put(b, off, n);
            off += n;
            len -= n;
            decode();
        }
    }

    private void decode() {
        bytes.flip();
        CoderResult r;
        do {
            r = decoder.decode(bytes, chars, false);
            chars.flip();
            writer.append(chars);
            chars.clear();
        } while (r.isOverflow());
        bytes.compact(); // an incomplete character stays for the next write
    }

    @Override
    public synchronized void flush() {
        writer.flush();
    }

    @Override
    public void close() {
        flush();
    }
}
