package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.testing.ContentServer;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Issue 11 items 1, 9 and 14 against real files, real symbolic links and a real server on 127.0.0.1: nothing
 * outside the cache is read, written or truncated through a link planted in it; a verified object survives a
 * request that disagrees with it; every digest a request gives is checked.
 */
@Timeout(60)
class CacheLinksTest extends TransferFixture {
    private final List<String> warnings = new CopyOnWriteArrayList<>();
    private Path root;
    private Path outside;

    @BeforeEach
    void linkSafeCache() throws Exception {
        root = dir.resolve("linked-cache");
        cache = new ContentCache(root, new Warnings(warnings::add));
        outside = Files.createDirectories(dir.resolve("outside"));
    }

    private Path victim(String name, byte[] content) throws Exception {
        return Files.write(outside.resolve(name), content);
    }

    @Test
    void aLinkAtThePartIsRemovedAndNeverWrittenThrough() throws Exception {
        TransferRequest req = generated("/a.bin", 100_000, 1);
        byte[] junk = filled(1200, 'x');
        Path target = victim("target.bin", junk);
        Files.createSymbolicLink(cache.partPath(cache.key(req)), target);

        TransferResult r = await(transferer().submit(req, null));

        assertArrayEquals(junk, Files.readAllBytes(target), "the link's target is untouched");
        assertNull(server.log("/a.bin").get(0).range(), "no resume from the target's length");
        assertTrue(Files.isRegularFile(r.path(), LinkOption.NOFOLLOW_LINKS), "the object is a real file");
        assertPublished(r, req);
        assertTrue(
                warnings.stream().anyMatch(w -> w.contains("symbolic link") && w.contains(target.toString())),
                warnings.toString());
    }

    @Test
    void aLinkAtThePartIsNotTruncatedAfterA404() throws Exception {
        TransferRequest req = request(List.of(server.uri("/missing.bin")), 4_000_000, new byte[32]);
        Path target = victim("big.bin", filled(4_000_000, 7));
        Files.createSymbolicLink(cache.partPath(cache.key(req)), target);

        failure(transferer().submit(req, null), HResult.WU_E_PT_HTTP_STATUS_NOT_FOUND);

        assertEquals(4_000_000, Files.size(target));
    }

    @Test
    void aLinkAtTheSidecarsTemporaryNameIsNotWrittenThrough() throws Exception {
        // an unverified file writes its sidecar before its first byte, through meta + ".tmp"
        server.putGenerated("/u.bin", 30_000, 3);
        TransferRequest req = new TransferRequest(List.of(server.uri("/u.bin")), 30_000, null, null, "u.bin", 2);
        Path target = victim("meta-target.txt", "keep".getBytes(StandardCharsets.UTF_8));
        Path meta = cache.metaPath(cache.key(req));
        Files.createSymbolicLink(meta.resolveSibling(meta.getFileName() + ".tmp"), target);
        Files.createSymbolicLink(meta, target);

        await(transferer().submit(req, null));

        assertEquals("keep", Files.readString(target));
    }

    @Test
    void aLinkedObjectFolderIsReplacedByARealOne() throws Exception {
        TransferRequest req = generated("/b.bin", 20_000, 2);
        Path published = cache.publishedPath(req);
        Files.createDirectories(published.getParent().getParent());
        Path elsewhere = Files.createDirectories(outside.resolve("objects-elsewhere"));
        Files.createSymbolicLink(published.getParent(), elsewhere);

        TransferResult r = await(transferer().submit(req, null));

        try (Stream<Path> s = Files.list(elsewhere)) {
            assertEquals(0, s.count(), "nothing was published through the linked folder");
        }
        assertFalse(Files.isSymbolicLink(published.getParent()));
        assertPublished(r, req);
    }

    @Test
    void aLinkAtAPublishedNameIsNeitherTrustedNorFollowed() throws Exception {
        TransferRequest req = generated("/c.bin", 20_000, 4);
        // the link points at a file with exactly the right bytes: still not the cache's own file
        Path target = victim("right-bytes.bin", io.github.wudl.testing.Generated.bytes(20_000, 4));
        Path published = cache.publishedPath(req);
        Files.createDirectories(published.getParent());
        Files.createSymbolicLink(published, target);
        assertFalse(cache.isPresent(req), "a link is not a published file");

        TransferResult r = await(transferer().submit(req, null));

        assertFalse(r.fromCache());
        assertEquals(1, server.requestCount("/c.bin"));
        assertTrue(Files.isRegularFile(published, LinkOption.NOFOLLOW_LINKS));
        assertTrue(Files.exists(target));
    }

    @Test
    void aLinkedLockFileIsRemovedWhenTheCacheOpens() throws Exception {
        Path target = victim("lock-target", "keep".getBytes(StandardCharsets.UTF_8));
        Files.deleteIfExists(cache.lockFile());
        Files.createSymbolicLink(cache.lockFile(), target);
        warnings.clear();

        ContentCache again = new ContentCache(root, new Warnings(warnings::add));

        assertFalse(Files.isSymbolicLink(again.lockFile()));
        assertEquals("keep", Files.readString(target));
        assertEquals(1, warnings.size(), warnings.toString());
    }

    @Test
    void aCacheFolderOthersCanWriteIsWarnedAbout() throws Exception {
        Path shared = Files.createDirectories(dir.resolve("shared"));
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwxrwxrwx"));
        new ContentCache(shared, new Warnings(warnings::add));
        assertTrue(
                warnings.stream().anyMatch(w -> w.contains("writable by every user") && w.contains("chmod go-w")),
                warnings.toString());
        warnings.clear();
        Files.setPosixFilePermissions(shared, PosixFilePermissions.fromString("rwx------"));
        new ContentCache(shared, new Warnings(warnings::add));
        assertEquals(List.of(), warnings);
    }

    @Test
    void aRequestWithAnotherSizeNeverDeletesAVerifiedObject() throws Exception {
        TransferRequest right = generated("/same.bin", 40_000, 9);
        TransferRequest wrong = new TransferRequest(right.sources(), 39_000, "SHA-256", right.digest(), "other.bin", 2);
        TransferResult r = await(transferer().submit(right, null));

        WuaException e = failure(transferer().submit(wrong, null), HResult.WU_E_DM_INCORRECTFILEHASH);

        assertTrue(e.getMessage().contains("39000") && e.getMessage().contains("40000"), e.getMessage());
        assertTrue(Files.isRegularFile(r.path()), "the verified object is still there");
        assertTrue(cache.verify(right));
    }

    @Test
    void bothAtOnceTheRightOneSucceedsAndItsFileStays() throws Exception {
        TransferRequest right = generated("/both.bin", 300_000, 10);
        TransferRequest wrong =
                new TransferRequest(right.sources(), 299_999, "SHA-256", right.digest(), "other.bin", 2);
        Transferer t = transferer();
        TransferTask a = t.submit(wrong, null);
        TransferTask b = t.submit(right, null);
        TransferResult r = await(b);
        assertDone(a, 30_000);
        assertTrue(a.result().isCompletedExceptionally());
        assertTrue(Files.isRegularFile(r.path()));
        assertTrue(cache.verify(right));
    }

    @Test
    void aWrongSha1BesideARightSha256FailsTheFile() throws Exception {
        TransferRequest only256 = generated("/d.bin", 50_000, 11);
        byte[] wrongSha1 = ContentServer.sha1Of(50_000, 12);
        TransferRequest both =
                new TransferRequest(only256.sources(), 50_000, "SHA-256", only256.digest(), "d.bin", 2, wrongSha1);

        WuaException e = failure(transferer().submit(both, null), HResult.WU_E_DM_INCORRECTFILEHASH);
        assertTrue(
                e.getMessage().contains("sha1")
                        && e.getMessage().contains(HexFormat.of().formatHex(wrongSha1)),
                e.getMessage());
        // and from the cache: the object verifies against its sha256, the request still fails on its sha1
        failure(transferer().submit(both, null), HResult.WU_E_DM_INCORRECTFILEHASH);
        assertTrue(cache.verify(only256));

        TransferRequest right = new TransferRequest(
                only256.sources(), 50_000, "SHA-256", only256.digest(), "d.bin", 2, ContentServer.sha1Of(50_000, 11));
        assertTrue(await(transferer().submit(right, null)).fromCache());
    }
}
