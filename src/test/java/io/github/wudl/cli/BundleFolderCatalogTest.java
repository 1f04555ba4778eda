package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.portable.PortableBackend;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A bundle folder is a catalog on the far side of an air gap: a {@code catalog.json} read from disk names its
 * content by relative paths inside its folder, and that content is fetched, verified and cached like any
 * download; nothing outside the folder, no link, no pipe.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class BundleFolderCatalogTest {
    private static final String ID = "0b7d1a52-3c4e-4f60-8a1b-2c3d4e5f6a7b";

    @TempDir
    Path tmp;

    private Path bundle;
    private Path cache;
    private byte[] content;

    record Run(int status, String out, String err) {}

    @BeforeEach
    void makeBundle() throws Exception {
        bundle = Files.createDirectories(tmp.resolve("usb/bundle"));
        cache = tmp.resolve("cache");
        content = new byte[300_000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) (i * 31 + (i >> 9));
        }
        Files.createDirectories(bundle.resolve("content/" + ID));
        Files.write(bundle.resolve("content/" + ID + "/kb5300001.msu"), content);
    }

    private Path catalog(String url) throws Exception {
        return catalog(url, sha256(content));
    }

    private Path catalog(String url, String sha256) throws Exception {
        return Files.writeString(
                bundle.resolve("catalog.json"),
                "{\"format\":\"wudl-catalog/1\",\"updates\":[{\"id\":\"" + ID + "\",\"title\":\"Bundled Update"
                        + " (KB5300001)\",\"kb\":[\"5300001\"],\"files\":[{\"name\":\"kb5300001.msu\",\"url\":\""
                        + url + "\",\"size\":" + content.length + ",\"sha256\":\"" + sha256 + "\"}]}]}");
    }

    private Run wudl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env =
                new CliEnvironment(PortableBackend.INSTANCE, false, Map.of("WUDL_CACHE", cache.toString()));
        int status = Main.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    private Run download(Path catalog) {
        return wudl(
                "download",
                "--catalog",
                catalog.toString(),
                "--cache",
                cache.toString(),
                "--out",
                tmp.resolve("out").toString(),
                "--quiet");
    }

    @Test
    void relativePathsInsideTheFolderAreFetchedVerifiedAndCached() throws Exception {
        Run r = download(catalog("content/" + ID + "/kb5300001.msu"));
        assertEquals(0, r.status(), r.toString());
        assertArrayEquals(content, Files.readAllBytes(tmp.resolve("out/" + ID + "/kb5300001.msu")));
        assertEquals(1, cachedFiles().size(), "the content landed in the cache");

        // the bundle may go away now: the cache has it
        Files.delete(bundle.resolve("content/" + ID + "/kb5300001.msu"));
        Run again = download(bundle.resolve("catalog.json"));
        assertEquals(0, again.status(), again.toString());
    }

    @Test
    void aFolderReachedThroughALinkIsFineButLinksInsideTheBundleAreNot() throws Exception {
        Path viaLink = Files.createSymbolicLink(tmp.resolve("mnt"), tmp.resolve("usb"));
        catalog("content/" + ID + "/kb5300001.msu");
        Run r = download(viaLink.resolve("bundle/catalog.json"));
        assertEquals(0, r.status(), "the user's own path to the bundle may hold links: " + r);

        Path outside = Files.write(tmp.resolve("secret.bin"), content);
        Files.delete(bundle.resolve("content/" + ID + "/kb5300001.msu"));
        Files.createSymbolicLink(bundle.resolve("content/" + ID + "/kb5300001.msu"), outside);
        try (Stream<Path> s = Files.walk(cache)) {
            s.sorted(java.util.Comparator.reverseOrder())
                    .forEach(p -> p.toFile().delete());
        }
        Run linked = download(bundle.resolve("catalog.json"));
        assertEquals(ExitCode.FAILED, linked.status(), linked.toString());
        assertTrue(linked.out().contains("is a symbolic link or lies under one inside the bundle"), linked.toString());
        assertEquals(List.of(), cachedFiles(), "nothing cached from a link");
    }

    @Test
    void pathsThatLeaveTheFolderAndFileUrlsAreRefusedWithTheCatalogsPath() throws Exception {
        Files.write(tmp.resolve("usb/outside.msu"), content);
        for (String url : List.of("../outside.msu", "content/../../outside.msu", "%2E%2E/outside.msu", "/etc/passwd")) {
            Run r = download(catalog(url));
            assertEquals(ExitCode.USAGE, r.status(), url + ": " + r);
            assertTrue(r.err().contains("leaves the catalog's folder"), url + ": " + r.err());
            assertTrue(r.err().contains("updates[0].files[0].url"), url + ": " + r.err());
        }
        Run file = download(catalog(
                bundle.resolve("content/" + ID + "/kb5300001.msu").toUri().toString()));
        assertEquals(ExitCode.USAGE, file.status(), file.toString());
        assertTrue(file.err().contains("file: URLs are not allowed for content"), file.err());
    }

    @Test
    void anAlteredMissingOrSpecialFileIsRefusedAndNothingIsCached() throws Exception {
        Path f = bundle.resolve("content/" + ID + "/kb5300001.msu");
        catalog("content/" + ID + "/kb5300001.msu");
        byte[] altered = content.clone();
        altered[1234] ^= 1;
        Files.write(f, altered);
        Run bad = download(bundle.resolve("catalog.json"));
        assertEquals(ExitCode.FAILED, bad.status(), bad.toString());
        assertTrue(bad.toString().contains("WU_E_DM_INCORRECTFILEHASH"), bad.toString());
        assertEquals(List.of(), cachedFiles());

        Files.delete(f);
        Run missing = download(bundle.resolve("catalog.json"));
        assertEquals(ExitCode.FAILED, missing.status(), missing.toString());
        assertTrue(
                missing.toString()
                        .contains("the bundle has no file "
                                + f.getParent().toRealPath().resolve("kb5300001.msu")),
                missing.toString());

        Process mkfifo = new ProcessBuilder("mkfifo", f.toString()).start();
        assertTrue(mkfifo.waitFor(10, TimeUnit.SECONDS) && mkfifo.exitValue() == 0);
        Run fifo = download(bundle.resolve("catalog.json"));
        assertEquals(ExitCode.FAILED, fifo.status(), fifo.toString());
        assertTrue(fifo.toString().contains("is not a regular file"), fifo.toString());
        assertEquals(List.of(), cachedFiles());
    }

    private List<Path> cachedFiles() throws Exception {
        Path objects = cache.resolve("objects");
        if (!Files.isDirectory(objects)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(objects)) {
            return s.filter(Files::isRegularFile).toList();
        }
    }

    private static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }
}
