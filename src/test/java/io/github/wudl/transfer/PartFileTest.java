package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The part file's writes: direct I/O for aligned blocks, the page cache for the rest, and the fallback. */
class PartFileTest {
    @TempDir
    Path dir;

    private final byte[] content = new byte[3 * 1024 * 1024 + 1234];

    PartFileTest() {
        new Random(42).nextBytes(content);
    }

    /** Link-safe access to {@link #dir}, warnings dropped. */
    private CacheFiles files() {
        return new CacheFiles(dir, new Warnings(w -> {}));
    }

    /** Set by {@link #openDirect}. */
    private int alignment;

    /** A new part file with direct writes on; the test is skipped where the file system refuses O_DIRECT. */
    private PartFile openDirect() throws IOException {
        PartFile p = PartFile.open(files(), dir.resolve("k.part"), dir.resolve("k.meta"), false);
        alignment = p.useDirectWrites();
        assumeTrue(
                alignment > 0,
                "the file system of " + dir + " refuses O_DIRECT; the buffered path is tested"
                        + " by theSwitchTurnsDirectWritesOff and the transfer tests");
        assertTrue(p.writesDirect());
        return p;
    }

    /** Closes the part and checks that it holds all of {@link #content}. */
    private void assertHoldsEverything(PartFile p) throws IOException {
        assertEquals(content.length, p.length());
        p.close();
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("k.part")));
    }

    private static ByteBuffer aligned(int size, int alignment) {
        ByteBuffer b = ByteBuffer.allocateDirect(size + alignment).alignedSlice(alignment);
        b.limit(size);
        return b.slice();
    }

    /** Appends content[from, to) in pieces of at most {@code piece} bytes through {@code buf}. */
    private void append(PartFile p, ByteBuffer buf, int from, int to, int piece) throws IOException {
        for (int at = from; at < to; ) {
            int n = Math.min(piece, to - at);
            buf.clear();
            buf.put(content, at, n).flip();
            p.append(buf);
            assertFalse(buf.hasRemaining(), "append consumes the buffer");
            at += n;
        }
    }

    @Test
    void alignedBlocksGoDirectAndTheRestThroughThePageCache() throws IOException {
        PartFile p = openDirect();
        ByteBuffer buf = aligned(1 << 20, alignment);
        // an unaligned start (as a resume has), then whole aligned blocks, then an unaligned tail
        append(p, buf, 0, 1000, 1000);
        assertTrue(p.writesDirect(), "an unaligned write goes through the page cache without turning direct off");
        append(p, buf, 1000, alignment, alignment - 1000);
        append(p, buf, alignment, content.length, 1 << 20);
        assertTrue(p.writesDirect(), "no write failed, so direct writes are still on");
        assertHoldsEverything(p);
    }

    @Test
    void aFailingDirectWriteIsRetriedThroughThePageCacheAndDirectStaysOff() throws IOException {
        PartFile p = openDirect();
        ByteBuffer buf = aligned(1 << 20, alignment);
        append(p, buf, 0, 1 << 20, 1 << 20);
        p.breakDirectChannelForTest(); // the next direct write throws, as on a file system that refuses it late
        append(p, buf, 1 << 20, content.length, 1 << 20);
        assertFalse(p.writesDirect(), "after a failed direct write, the file is written through the page cache");
        assertEquals(0, p.useDirectWrites(), "and a later attempt on the same part does not try direct I/O again");
        assertHoldsEverything(p);
    }

    @Test
    void heapBuffersGoThroughThePageCache() throws IOException {
        PartFile p = openDirect();
        append(p, ByteBuffer.allocate(1 << 20), 0, content.length, 1 << 20);
        assertTrue(p.writesDirect(), "a heap buffer is not a failure: direct writes stay on for native ones");
        assertHoldsEverything(p);
    }

    @Test
    void theSwitchTurnsDirectWritesOff() throws IOException {
        String before = System.getProperty("wudl.io.direct");
        System.setProperty("wudl.io.direct", "false");
        try (PartFile p = PartFile.open(files(), dir.resolve("k.part"), dir.resolve("k.meta"), false)) {
            assertEquals(0, p.useDirectWrites());
            assertFalse(p.writesDirect());
            append(p, ByteBuffer.allocate(1 << 20), 0, content.length, 1 << 20);
            assertEquals(content.length, p.length());
        } finally {
            if (before == null) {
                System.clearProperty("wudl.io.direct");
            } else {
                System.setProperty("wudl.io.direct", before);
            }
        }
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("k.part")));
    }

    @Test
    void aResumedPartKeepsItsBytesAndGrowsFromItsLength() throws IOException {
        Files.write(dir.resolve("k.part"), Arrays.copyOf(content, 5000)); // left by an earlier, killed run
        PartFile p = PartFile.open(files(), dir.resolve("k.part"), dir.resolve("k.meta"), false);
        assertEquals(5000, p.length());
        int alignment = Math.max(1, p.useDirectWrites());
        ByteBuffer buf = alignment > 1 ? aligned(1 << 20, alignment) : ByteBuffer.allocateDirect(1 << 20);
        append(p, buf, 5000, content.length, 1 << 20);
        p.close();
        assertArrayEquals(content, Files.readAllBytes(dir.resolve("k.part")));
    }

    @Test
    void aSmallFileFetchedInOneGoNeverWritesASidecar() throws IOException {
        Path meta = dir.resolve("k.meta");
        PartFile p = PartFile.open(files(), dir.resolve("k.part"), meta, false);
        p.validators("\"e1\"", null, "http://127.0.0.1/k");
        append(p, ByteBuffer.allocate(64 * 1024), 0, 500_000, 64 * 1024);
        assertFalse(Files.exists(meta), "below " + PartFile.META_AFTER + " bytes the validators stay in memory");
        p.publish(dir.resolve("published"));
        p.close();
        assertFalse(Files.exists(meta));
        assertFalse(Files.exists(dir.resolve("k.meta.tmp")));
        assertArrayEquals(Arrays.copyOf(content, 500_000), Files.readAllBytes(dir.resolve("published")));
    }

    @Test
    void theSidecarIsWrittenWhenTheTransferAsksAndSurvivesForTheResume() throws IOException {
        Path meta = dir.resolve("k.meta");
        PartFile p = PartFile.open(files(), dir.resolve("k.part"), meta, false);
        p.validators("\"e1\"", "Tue, 24 Nov 2026 10:00:00 GMT", "http://127.0.0.1/k");
        append(p, ByteBuffer.allocate(64 * 1024), 0, (int) PartFile.META_AFTER, 64 * 1024);
        assertFalse(Files.exists(meta), "appending alone writes no sidecar");
        p.keepValidators(); // what the transfer does once it has received META_AFTER bytes
        assertTrue(Files.exists(meta));
        p.close();
        PartFile again = PartFile.open(files(), dir.resolve("k.part"), meta, false);
        assertEquals("\"e1\"", again.etag());
        again.truncate();
        assertFalse(Files.exists(meta), "a truncated part has no validators");
        again.close();

        Files.delete(dir.resolve("k.part"));
        PartFile small = PartFile.open(files(), dir.resolve("k.part"), meta, false);
        small.validators("\"e2\"", null, "http://127.0.0.1/k");
        append(small, ByteBuffer.allocate(64 * 1024), 0, 1000, 1000);
        small.keepValidators(); // the transfer failed: the next run resumes it with If-Range
        small.close();
        PartFile resumed = PartFile.open(files(), dir.resolve("k.part"), meta, false);
        assertEquals(1000, resumed.length());
        assertEquals("\"e2\"", resumed.etag());
        assertEquals("http://127.0.0.1/k", resumed.source());
        resumed.close();
    }

    @Test
    void aPartWithoutADigestGetsItsSidecarBeforeItsFirstByte() throws IOException {
        // nothing would catch a resume onto changed content for such a file, so If-Range must always be possible
        Path meta = dir.resolve("k.meta");
        PartFile p = PartFile.open(files(), dir.resolve("k.part"), meta, true);
        p.validators("\"e3\"", null, "http://127.0.0.1/u");
        assertTrue(Files.exists(meta));
        p.close();
    }
}
