package io.github.wudl.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.testing.ContentServer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 items 1 and 14 through {@code wudl download} as users run it (a child JVM): a link planted at a
 * part file is removed and reported, never written through; a catalog's wrong sha1 beside a right sha256
 * fails the file.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CacheTrustTest {
    @TempDir
    Path tmp;

    private ContentServer server;
    private ChildCli cli;

    @BeforeEach
    void setUp() throws Exception {
        server = ContentServer.start();
        cli = new ChildCli(tmp);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    @Test
    void aLinkPlantedAtThePartIsRemovedAndReported() throws Exception {
        TestCatalog catalog = new TestCatalog(server);
        TestCatalog.Entry e = catalog.add("x.bin", 200_000, 5);
        Path catalogFile = catalog.write(tmp.resolve("catalog.json"));
        Path cache = tmp.resolve("cache");
        Files.createDirectories(cache.resolve("partial"));
        byte[] precious = new byte[1200];
        Arrays.fill(precious, (byte) 'p');
        Path target = Files.write(tmp.resolve("precious.bin"), precious);
        Files.createSymbolicLink(cache.resolve("partial").resolve("sha256-" + e.sha256() + ".part"), target);

        ChildCli.Result r = cli.run("download", "--catalog", catalogFile.toString(), "--cache", cache.toString());

        assertEquals(0, r.status(), r.err());
        assertTrue(Arrays.equals(precious, Files.readAllBytes(target)), "the link's target is untouched");
        assertNull(server.log(e.path()).get(0).range(), "no resume from the link target's length");
        Path object = cache.resolve("objects/sha256")
                .resolve(e.sha256().substring(0, 2))
                .resolve(e.sha256());
        assertTrue(Files.isRegularFile(object, LinkOption.NOFOLLOW_LINKS), "the object is a real file");
        assertTrue(r.err().contains("wudl: warning: removed a symbolic link to " + target), r.err());
    }

    @Test
    void aWrongSha1BesideARightSha256FailsTheUpdate() throws Exception {
        server.putGenerated("/y.bin", 70_000, 6);
        String sha256 = HexFormat.of().formatHex(ContentServer.sha256Of(70_000, 6));
        String wrongSha1 = HexFormat.of().formatHex(ContentServer.sha1Of(70_000, 7));
        Path catalogFile = Files.writeString(
                tmp.resolve("both.json"),
                "{\"format\":\"wudl-catalog/1\",\"updates\":[{"
                        + "\"id\":\"0e5a7c1d-0000-4000-8000-000000000001\",\"title\":\"Both digests\",\"files\":[{"
                        + "\"name\":\"y.bin\",\"url\":\"" + server.uri("/y.bin") + "\",\"size\":70000,"
                        + "\"sha256\":\"" + sha256 + "\",\"sha1\":\"" + wrongSha1 + "\"}]}]}");
        Path report = tmp.resolve("report.json");

        ChildCli.Result r = cli.run(
                "download",
                "--catalog",
                catalogFile.toString(),
                "--cache",
                tmp.resolve("cache").toString(),
                "--report",
                report.toString());

        assertEquals(1, r.status(), r.out() + r.err());
        String json = Files.readString(report);
        assertTrue(json.contains("0x80246002") || json.contains("WU_E_DM_INCORRECTFILEHASH"), json);
        assertTrue((r.out() + r.err()).contains(wrongSha1), r.out() + r.err());
    }

    @Test
    void aDeviceGivenAsTheCatalogIsRefusedAsNotARegularFile() throws Exception {
        ChildCli.Result r = cli.run(
                "download",
                "--catalog",
                "/dev/zero",
                "--cache",
                tmp.resolve("cache").toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("/dev/zero is not a regular file"), r.err());
    }

    @Test
    void aLibraryCallerGivingADeviceAsTheCatalogGetsTheSizeLimitNotAFullHeap() {
        io.github.wudl.wua.WuaException e = org.junit.jupiter.api.Assertions.assertThrows(
                io.github.wudl.wua.WuaException.class,
                () -> io.github.wudl.portable.PortableBackend.loadCatalog(
                        "/dev/zero",
                        io.github.wudl.portable.PortableOptions.builder()
                                .cacheDir(tmp)
                                .build()));
        assertTrue(e.getMessage().contains("goes on past the limit of 67108864 bytes"), e.getMessage());
    }
}
