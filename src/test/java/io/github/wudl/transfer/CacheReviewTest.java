package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile review of issue 11 item 1: what {@link CacheLinksTest} does not plant. A hard link (not a symbolic
 * one) at a part or at the sidecar's temporary name, and a symbolic link one folder above a published name,
 * must not let a transfer write, truncate, read or delete a file outside the cache.
 */
@Timeout(60)
class CacheReviewTest extends TransferFixture {
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private Path root;
    private Path outside;

    @BeforeEach
    void reviewCache() throws Exception {
        root = dir.resolve("review-cache");
        cache = new ContentCache(root, new Warnings(warnings::add));
        outside = Files.createDirectories(dir.resolve("outside"));
    }

    @Test
    void aHardLinkAtThePartIsNeitherResumedNorTruncatedNorPublished() throws Exception {
        TransferRequest req = generated("/h.bin", 100_000, 21);
        byte[] junk = filled(1200, 'x');
        Path victim = Files.write(outside.resolve("victim.bin"), junk);
        Files.createLink(cache.partPath(cache.key(req)), victim);

        TransferResult r = await(transferer().submit(req, null));

        assertArrayEquals(junk, Files.readAllBytes(victim), "the hard link's other name is untouched");
        assertEquals(null, server.log("/h.bin").get(0).range(), "no resume from the victim's length");
        assertFalse(Files.isSameFile(victim, r.path()), "the object is not the victim file");
        assertPublished(r, req);
        assertTrue(warnings.stream().anyMatch(w -> w.contains("hard link")), warnings.toString());
    }

    @Test
    void aHardLinkAtTheSidecarsTemporaryNameIsNotTruncated() throws Exception {
        // an unverified file writes its sidecar before its first byte, through meta + ".tmp" (TRUNCATE_EXISTING)
        server.putGenerated("/hu.bin", 30_000, 22);
        TransferRequest req = new TransferRequest(List.of(server.uri("/hu.bin")), 30_000, null, null, "hu.bin", 2);
        Path victim = Files.writeString(outside.resolve("victim.txt"), "keep me");
        Path meta = cache.metaPath(cache.key(req));
        Files.createDirectories(meta.getParent());
        Files.createLink(meta.resolveSibling(meta.getFileName() + ".tmp"), victim);

        await(transferer().submit(req, null));

        assertEquals("keep me", Files.readString(victim));
    }

    @Test
    void aLinkedDigestFolderIsNotReadOrDeletedThrough() throws Exception {
        TransferRequest req = generated("/o.bin", 20_000, 23);
        Path published = cache.publishedPath(req);
        // objects/sha256 -> a folder outside holding a file of the right name and size but other bytes
        Path sha256Dir = published.getParent().getParent();
        Path elsewhere = Files.createDirectories(outside.resolve("other-objects"));
        Path foreign = Files.createDirectories(
                        elsewhere.resolve(published.getParent().getFileName().toString()))
                .resolve(HexFormat.of().formatHex(req.digest()));
        Files.write(foreign, filled(20_000, 'z'));
        Files.createSymbolicLink(sha256Dir, elsewhere);
        Files.write(foreign, io.github.wudl.testing.Generated.bytes(20_000, 23));
        assertFalse(cache.isPresent(req), "a file behind a linked folder is not in the cache, right bytes or not");
        Files.write(foreign, filled(20_000, 'z'));

        TransferResult r = await(transferer().submit(req, null));

        assertTrue(Files.exists(foreign), "a file outside the cache was deleted through objects/sha256");
        assertArrayEquals(filled(20_000, 'z'), Files.readAllBytes(foreign));
        assertFalse(Files.isSymbolicLink(sha256Dir));
        assertTrue(Files.isRegularFile(r.path(), LinkOption.NOFOLLOW_LINKS));
        assertPublished(r, req);
    }

    /** Pipes where the cache keeps a part, its sidecar, the sidecar's temporary name and the object: no block. */
    @Test
    void pipesPlantedInTheCacheNeverBlockATransfer() throws Exception {
        server.putGenerated("/p.bin", 30_000, 24);
        TransferRequest req = new TransferRequest(List.of(server.uri("/p.bin")), 30_000, null, null, "p.bin", 2);
        String key = cache.key(req);
        Path meta = cache.metaPath(key);
        Path published = cache.publishedPath(req);
        Files.createDirectories(published.getParent());
        for (Path at :
                List.of(cache.partPath(key), meta, meta.resolveSibling(meta.getFileName() + ".tmp"), published)) {
            Process p = new ProcessBuilder("mkfifo", at.toString()).inheritIO().start();
            assertEquals(0, p.waitFor(), "mkfifo " + at);
        }

        TransferResult r = await(transferer().submit(req, null));

        assertTrue(Files.isRegularFile(r.path(), LinkOption.NOFOLLOW_LINKS));
        assertEquals(30_000, Files.size(r.path()));
        assertTrue(warnings.stream().filter(w -> w.contains("special file")).count() >= 3, warnings.toString());
    }

    /** A hard link put at the part's name while it is open: no second channel, no publish reaches it. */
    @Test
    void aPartReplacedByAHardLinkWhileOpenIsNeitherWrittenDirectNorPublished() throws Exception {
        Path part = root.resolve("partial").resolve("k.part");
        Path victim = Files.write(outside.resolve("victim.bin"), filled(8192, 'v'));
        try (PartFile p =
                PartFile.open(cache.files(), part, root.resolve("partial").resolve("k.meta"), false)) {
            Files.delete(part);
            Files.createLink(part, victim); // the swap, between opening the part and its direct channel
            int align = p.useDirectWrites();
            if (align > 0) {
                java.nio.ByteBuffer b =
                        java.nio.ByteBuffer.allocateDirect(2 * align).alignedSlice(align);
                b.limit(align);
                b.slice().put(filled(align, 'w'), 0, align);
                p.append(b.slice());
            }
            assertArrayEquals(filled(8192, 'v'), Files.readAllBytes(victim), "written through a direct channel");
            Path object =
                    root.resolve("objects").resolve("sha256").resolve("00").resolve("00");
            org.junit.jupiter.api.Assertions.assertThrows(java.io.IOException.class, () -> p.publish(object));
            assertFalse(Files.exists(object), "the victim file was published as a verified object");
        }
        assertArrayEquals(filled(8192, 'v'), Files.readAllBytes(victim));
    }
}
