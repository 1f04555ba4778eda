package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.cli.demo.DemoContent;
import io.github.wudl.cli.demo.DemoContent.FileSpec;
import io.github.wudl.cli.demo.DemoContent.UpdateSpec;
import io.github.wudl.cli.demo.DemoServer;
import io.github.wudl.portable.PortableBackend;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code wudl bundle} and {@code wudl bundle --verify}: a folder that {@code sha256sum -c} accepts, that is a
 * catalog on the far side with no network, that a second run completes by fetching only what is missing, and
 * whose every damage is named.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class BundleCommandTest {
    private static final String U1 = "5a1c3f9e-0b2d-4c5e-8f60-1a2b3c4d5e01";
    private static final String U2 = "5a1c3f9e-0b2d-4c5e-8f60-1a2b3c4d5e02";

    @TempDir
    Path tmp;

    private DemoContent.Generated content;
    private DemoServer server;
    private Path bundle;

    record Run(int status, String out, String err) {}

    @BeforeEach
    void serve() throws Exception {
        content = DemoContent.generate(
                tmp.resolve("www"),
                List.of(
                        new UpdateSpec(
                                U1,
                                "Bundle Cumulative Update (KB5400001)",
                                "5400001",
                                List.of(new FileSpec("kb5400001.msu", 400_000), new FileSpec("kb5400001.cab", 90_000)),
                                new FileSpec("kb5400001-boot.exe", 5_000),
                                false),
                        new UpdateSpec(
                                U2,
                                "Bundle Servicing Stack (KB5400002)",
                                "5400002",
                                List.of(new FileSpec("kb5400002.cab", 200_000)),
                                null,
                                false)),
                7);
        server = DemoServer.start(content.root());
        bundle = tmp.resolve("bundle");
    }

    @AfterEach
    void stop() {
        server.close();
    }

    private Run wudl(String cacheName, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        CliEnvironment env = new CliEnvironment(
                PortableBackend.INSTANCE,
                false,
                Map.of("WUDL_CACHE", tmp.resolve(cacheName).toString()));
        int status = Main.run(env, new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    private Run bundle(String cacheName) {
        return wudl(
                cacheName,
                "bundle",
                "--catalog",
                server.uri("catalog.json").toString(),
                "--out",
                bundle.toString(),
                "--quiet");
    }

    @Test
    void aBundleIsCheckedBySha256sumAndIsACatalogWithNoNetwork() throws Exception {
        Run r = bundle("cache-a");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("2 updates, 3 files"), r.out());
        for (String f : List.of("catalog.json", "SHA256SUMS", "README.txt")) {
            assertTrue(Files.isRegularFile(bundle.resolve(f)), f);
        }
        Path msu = bundle.resolve("content/" + U1 + "/kb5400001.msu");
        assertArrayEquals(Files.readAllBytes(content.file("kb5400001.msu")), Files.readAllBytes(msu));
        assertTrue((Integer) Files.getAttribute(msu, "unix:nlink") >= 2, "a hard link to the cache");
        assertFalse(Files.exists(bundle.resolve("content/" + U1 + "/kb5400001-boot.exe")), "full content only");
        String catalog = Files.readString(bundle.resolve("catalog.json"));
        assertTrue(catalog.contains("\"content/" + U1 + "/kb5400001.msu\""), catalog);
        assertTrue(catalog.contains("\"provenance\"")
                && catalog.contains(server.uri("catalog.json").toString()));
        assertTrue(
                catalog.contains(BundleVerifier.sha256(content.catalog(), new java.util.ArrayList<>())),
                "the source catalog's digest");
        assertFalse(catalog.contains("boot.exe"), "no bootstrapper the bundle does not hold");

        // the tool every far side has
        Process sum = new ProcessBuilder("sha256sum", "-c", "--strict", "SHA256SUMS")
                .directory(bundle.toFile())
                .redirectErrorStream(true)
                .start();
        String sumOut = new String(sum.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(sum.waitFor(30, TimeUnit.SECONDS));
        assertEquals(0, sum.exitValue(), sumOut);
        assertEquals(4, sumOut.lines().filter(l -> l.endsWith(": OK")).count(), sumOut);

        Run verify = wudl("cache-a", "bundle", "--verify", bundle.toString());
        assertEquals(0, verify.status(), verify.toString());
        assertTrue(verify.out().contains("is whole: 3 files"), verify.out());

        // across the gap: no server, an empty cache
        server.close();
        Run far = wudl(
                "cache-far",
                "download",
                "--catalog",
                bundle.resolve("catalog.json").toString(),
                "--out",
                tmp.resolve("far").toString(),
                "--quiet");
        assertEquals(0, far.status(), far.toString());
        assertArrayEquals(
                Files.readAllBytes(content.file("kb5400002.cab")),
                Files.readAllBytes(tmp.resolve("far/" + U2 + "/kb5400002.cab")));
    }

    @Test
    void theSameFolderServedByNginxIsACatalog() throws Exception {
        org.junit.jupiter.api.Assumptions.assumeTrue(
                io.github.wudl.testing.Nginx.available(), "nginx is not installed (.ci/run installs it)");
        assertEquals(0, bundle("cache-a").status());
        server.close();
        try (io.github.wudl.testing.Nginx nginx = io.github.wudl.testing.Nginx.serve(tmp, tmp.resolve("nginx"))) {
            Run r = wudl(
                    "cache-mirror",
                    "download",
                    "--catalog",
                    nginx.url("bundle/catalog.json"),
                    "--out",
                    tmp.resolve("from-nginx").toString(),
                    "--quiet");
            assertEquals(0, r.status(), r.toString());
            assertArrayEquals(
                    Files.readAllBytes(content.file("kb5400001.msu")),
                    Files.readAllBytes(tmp.resolve("from-nginx/" + U1 + "/kb5400001.msu")));
            List<String> log = nginx.accessLog();
            assertTrue(
                    log.stream()
                            .anyMatch(l ->
                                    l.contains("GET /bundle/content/" + U1 + "/kb5400001.msu") && l.contains(" 200 ")),
                    String.join("\n", log));
        }
    }

    @Test
    void aSecondRunFetchesOnlyWhatTheFolderLacks() throws Exception {
        assertEquals(0, bundle("cache-a").status());
        Files.delete(bundle.resolve("content/" + U2 + "/kb5400002.cab"));
        Path cab = bundle.resolve("content/" + U1 + "/kb5400001.cab");
        byte[] damaged = Files.readAllBytes(cab);
        damaged[10] ^= 1;
        Files.delete(cab); // a new file, not the cache's inode
        Files.write(cab, damaged);

        int msuBefore = server.requests("/content/kb5400001.msu");
        // another machine's cache, empty: what the folder holds must come from the folder
        Run again = bundle("cache-b");
        assertEquals(0, again.status(), again.toString());
        assertEquals(msuBefore, server.requests("/content/kb5400001.msu"), "the intact file was not fetched");
        assertEquals(2, server.requests("/content/kb5400002.cab"), "the missing file was fetched again");
        assertEquals(2, server.requests("/content/kb5400001.cab"), "the damaged file was fetched again");
        assertEquals(0, wudl("cache-b", "bundle", "--verify", bundle.toString()).status());
    }

    @Test
    void damageIsNamedFileByFile() throws Exception {
        assertEquals(0, bundle("cache-a").status());
        Path msu = bundle.resolve("content/" + U1 + "/kb5400001.msu");
        byte[] b = Files.readAllBytes(msu);
        b[1000] ^= 1;
        Files.delete(msu);
        Files.write(msu, b);
        Files.delete(bundle.resolve("content/" + U2 + "/kb5400002.cab"));
        Path sums = bundle.resolve("SHA256SUMS");
        String text = Files.readString(sums);
        Files.writeString(
                sums,
                text.replaceFirst("(?m)^[0-9a-f]{64}(  content/" + U1 + "/kb5400001.cab)$", "0".repeat(64) + "$1"));

        Run r = wudl("cache-a", "bundle", "--verify", bundle.toString());
        assertEquals(ExitCode.FAILED, r.status(), r.toString());
        assertTrue(r.out().contains("content/" + U1 + "/kb5400001.msu: its SHA-256 is"), r.out());
        assertTrue(r.out().contains("content/" + U2 + "/kb5400002.cab is missing"), r.out());
        assertTrue(
                r.out().contains("SHA256SUMS gives content/" + U1 + "/kb5400001.cab the SHA-256 " + "0".repeat(64)),
                r.out());
        assertTrue(r.out().contains("is NOT whole: 3 problems"), r.out());

        Files.writeString(
                bundle.resolve("catalog.json"),
                Files.readString(bundle.resolve("catalog.json")).replace("Servicing", "Servicing "));
        Run edited = wudl("cache-a", "bundle", "--verify", bundle.toString());
        assertTrue(edited.out().contains("catalog.json was changed after the bundle was written"), edited.out());
    }

    @Test
    void aBundleWhoseContentFolderIsALinkWritesNothingThroughIt() throws Exception {
        assertEquals(0, bundle("cache-a").status());
        Path elsewhere = Files.createDirectories(tmp.resolve("elsewhere"));
        Path contentDir = bundle.resolve("content");
        Files.move(contentDir, elsewhere.resolve("content"));
        Files.createSymbolicLink(contentDir, elsewhere.resolve("content"));
        Files.delete(elsewhere.resolve("content/" + U2 + "/kb5400002.cab"));
        Run r = bundle("cache-a");
        assertEquals(ExitCode.USAGE, r.status(), r.toString());
        assertTrue(r.err().contains("is a link or not a folder"), r.err());
        assertFalse(Files.exists(elsewhere.resolve("content/" + U2 + "/kb5400002.cab")), "nothing written through it");

        // one update's folder as a link, inside a real content folder
        Files.delete(contentDir);
        Files.createDirectories(contentDir);
        Files.createSymbolicLink(contentDir.resolve(U2), Files.createDirectories(tmp.resolve("elsewhere2")));
        Run inner = bundle("cache-a");
        assertEquals(ExitCode.USAGE, inner.status(), inner.toString());
        assertTrue(inner.err().contains(U2 + " is a link"), inner.err());
        try (var s = Files.list(tmp.resolve("elsewhere2"))) {
            assertEquals(0, s.count(), "nothing written through it");
        }
    }

    @Test
    void sinceAnOlderBundleOnlyWhatItLacksIsWritten() throws Exception {
        // last month's bundle held U2 only
        Run first = wudl(
                "cache-a",
                "bundle",
                "--catalog",
                server.uri("catalog.json").toString(),
                "--kb",
                "5400002",
                "--out",
                tmp.resolve("old").toString(),
                "--quiet");
        assertEquals(0, first.status(), first.toString());
        Run r = wudl(
                "cache-a",
                "bundle",
                "--catalog",
                server.uri("catalog.json").toString(),
                "--since",
                tmp.resolve("old").toString(),
                "--out",
                bundle.toString(),
                "--quiet");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("2 files") && r.out().contains("1 files left to the older bundle"), r.out());
        assertFalse(Files.exists(bundle.resolve("content/" + U2)), "what the older bundle holds is not written");
        assertTrue(Files.exists(bundle.resolve("content/" + U1 + "/kb5400001.msu")));
        assertFalse(Files.readString(bundle.resolve("SHA256SUMS")).contains(U2), "SHA256SUMS lists what is here");
        assertTrue(
                Files.readString(bundle.resolve("catalog.json")).contains("content/" + U2 + "/kb5400002.cab"),
                "the catalog still lists every update");
        Run verify = wudl("cache-a", "bundle", "--verify", bundle.toString());
        assertEquals(0, verify.status(), verify.toString());
        assertTrue(verify.out().contains("1 files are left to the older bundle"), verify.out());

        // the far side imports the old bundle, then the new one: all of it arrives with no network
        server.close();
        assertEquals(
                0,
                wudl(
                                "cache-far",
                                "download",
                                "--catalog",
                                tmp.resolve("old/catalog.json").toString(),
                                "--quiet")
                        .status());
        Run far = wudl(
                "cache-far",
                "download",
                "--catalog",
                bundle.resolve("catalog.json").toString(),
                "--out",
                tmp.resolve("far").toString(),
                "--quiet");
        assertEquals(0, far.status(), far.toString());
        assertTrue(Files.exists(tmp.resolve("far/" + U2 + "/kb5400002.cab")));

        Run notBundle = wudl(
                "cache-a",
                "bundle",
                "--catalog",
                "x.json",
                "--since",
                tmp.resolve("www").toString(),
                "--out",
                tmp.resolve("b2").toString());
        assertEquals(ExitCode.USAGE, notBundle.status());
        assertTrue(notBundle.err().contains("is not a wudl bundle"), notBundle.err());
    }

    @Test
    void aFolderOfOtherThingsIsNeverWrittenInto() throws Exception {
        Files.createDirectories(bundle);
        Path mine = Files.writeString(bundle.resolve("notes.txt"), "mine");
        Run r = bundle("cache-a");
        assertEquals(ExitCode.USAGE, r.status(), r.toString());
        assertTrue(r.err().contains("holds files and is not a wudl bundle"), r.err());
        assertEquals("mine", Files.readString(mine));
        try (var s = Files.list(bundle)) {
            assertEquals(1, s.count(), "nothing added");
        }
        assertEquals(0, server.requests("/content/kb5400001.msu"), "refused before anything was fetched");

        Run noOut = wudl(
                "cache-a", "bundle", "--catalog", server.uri("catalog.json").toString());
        assertEquals(ExitCode.USAGE, noOut.status());
        assertTrue(noOut.err().contains("give --catalog C and --out DIR"), noOut.err());
        Run notBundle =
                wudl("cache-a", "bundle", "--verify", tmp.resolve("www/content").toString());
        assertEquals(ExitCode.FAILED, notBundle.status());
        assertTrue(notBundle.out().contains("not a wudl bundle"), notBundle.out());
    }
}
