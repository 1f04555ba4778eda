package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ContentCacheTest {
    @TempDir
    Path dir;

    private static TransferRequest req(String alg, byte[] digest, long size) {
        return new TransferRequest(List.of(URI.create("http://127.0.0.1:1/f.bin")), size, alg, digest, "f.bin", 2);
    }

    @Test
    void layoutIsContentAddressed() {
        ContentCache c = new ContentCache(dir.resolve("c"));
        byte[] d = new byte[32];
        d[0] = (byte) 0xab;
        String hex = HexFormat.of().formatHex(d);
        assertEquals(c.root().resolve("objects/sha256/ab/" + hex), c.publishedPath(req("SHA-256", d, 1)));
        assertEquals(
                c.root().resolve("objects/sha1/00/" + HexFormat.of().formatHex(new byte[20])),
                c.publishedPath(req("sha1", new byte[20], 1)));
        assertTrue(c.publishedPath(req(null, null, 1)).startsWith(c.root().resolve("objects/unverified")));
        assertEquals(c.root().resolve("partial/sha256-" + hex + ".part"), c.partPath(c.key(req("SHA-256", d, 1))));
        assertTrue(Files.isDirectory(c.root().resolve("locks")));
    }

    @Test
    void presenceNeedsTheRightSizeAndMissingBytesCountEachFileOnce() throws Exception {
        ContentCache c = new ContentCache(dir);
        TransferRequest a = req("SHA-256", new byte[32], 100);
        byte[] other = new byte[32];
        other[5] = 1;
        TransferRequest b = req("SHA-256", other, 50);
        Path p = c.publishedPath(a);
        Files.createDirectories(p.getParent());
        Files.write(p, new byte[99]);
        assertFalse(c.isPresent(a));
        Files.write(p, new byte[100]);
        assertTrue(c.isPresent(a));
        assertFalse(c.verify(a), "bytes do not match the digest");
        Files.write(c.partPath(c.key(b)), new byte[20]);
        assertEquals(20, c.partialBytes(b));
        assertEquals(30, c.missingBytes(List.of(a, b, b)));
        assertTrue(c.usableSpace() > 0);
    }

    @Test
    void unknownAlgorithmsAndUnusableRootsAreClearErrors() throws Exception {
        ContentCache c = new ContentCache(dir);
        WuaException alg = assertThrows(WuaException.class, () -> c.publishedPath(req("MD5", new byte[16], 1)));
        assertEquals(HResult.WU_E_DM_UNKNOWNALGORITHM.code(), alg.hresult());

        Path file = Files.write(dir.resolve("plain-file"), new byte[1]);
        WuaException root = assertThrows(WuaException.class, () -> new ContentCache(file.resolve("sub")));
        assertTrue(
                root.getMessage().contains("plain-file") && root.getMessage().contains("--cache"), root.getMessage());
    }
}
