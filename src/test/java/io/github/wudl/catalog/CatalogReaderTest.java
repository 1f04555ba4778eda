package io.github.wudl.catalog;

import static io.github.wudl.catalog.TestCatalogs.HTTP_BASE;
import static io.github.wudl.catalog.TestCatalogs.ID;
import static io.github.wudl.catalog.TestCatalogs.SHA256_HEX;
import static io.github.wudl.catalog.TestCatalogs.file;
import static io.github.wudl.catalog.TestCatalogs.minimal;
import static io.github.wudl.catalog.TestCatalogs.parse;
import static io.github.wudl.catalog.TestCatalogs.update;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.UpdateIdentity;
import io.github.wudl.wua.UpdateType;
import java.io.ByteArrayInputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What an accepted catalog reads as: values, defaults, URL resolution, digests, bundled updates. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CatalogReaderTest {

    @Test
    void sampleCatalogReadsAsWritten() {
        Catalog c = TestCatalogs.sample(HTTP_BASE);
        assertEquals(CatalogReader.FORMAT, c.format());
        assertEquals(HTTP_BASE, c.base());
        assertEquals(4, c.updates().size());

        CatalogUpdate cu = c.updates().get(0);
        assertEquals(ID, cu.id(), "GUID normalised to lower case");
        assertEquals(new UpdateIdentity(ID, 200), cu.identity());
        assertEquals(List.of("5099999"), cu.kb());
        assertEquals(UpdateType.Software, cu.type());
        assertEquals(
                List.of(CatalogCategory.named("Security Updates"), CatalogCategory.named("Windows 11")),
                cu.categories());
        assertEquals(DownloadPriority.High, cu.priority());
        assertTrue(cu.mandatory());
        assertEquals("Critical", cu.msrcSeverity(), "severity normalised");
        assertEquals("https://support.example/kb/5099999", cu.supportUrl());
        assertEquals(Instant.parse("2026-11-11T00:00:00Z"), cu.lastDeploymentChangeTime());
        assertEquals("Fixes things.", cu.description());

        CatalogFile msu = cu.files().get(0);
        assertEquals("windows11.0-kb5099999-x64.msu", msu.name());
        assertEquals(URI.create("http://updates.example/wsus/content/windows11.0-kb5099999-x64.msu"), msu.url());
        assertEquals(
                List.of(
                        URI.create("https://mirror.example/wu/windows11.0-kb5099999-x64.msu"),
                        URI.create("http://updates.example/alt/windows11.0-kb5099999-x64.msu")),
                msu.mirrors());
        assertEquals(123456789L, msu.size());
        assertEquals("SHA-256", msu.digestAlgorithm());
        assertEquals(TestCatalogs.sha256Hex("msu"), msu.digestHex());
        assertEquals(123456789L, cu.maxDownloadSize(), "bootstrapper not counted");

        CatalogFile boot = cu.bootstrapper();
        assertEquals("kb5099999-bootstrap.exe", boot.name());
        // a relative URL without mirrors: joined to the catalog's directory as text, parsed on first use
        assertEquals(HTTP_BASE.resolve("content/kb5099999-bootstrap.exe").toString(), boot.urlText());
        assertEquals(HTTP_BASE.resolve("content/kb5099999-bootstrap.exe"), boot.url());
        assertEquals(msu.url().toString(), msu.urlText());
        assertEquals(TestCatalogs.sha256Hex("boot"), boot.digestHex(), "base64 digest decoded");

        CatalogUpdate driver = c.updates().get(1);
        assertEquals(UpdateType.Driver, driver.type(), "type is case-insensitive");
        assertEquals(DownloadPriority.ExtraHigh, driver.priority(), "priority by WUA number");
        assertEquals("SHA-1", driver.files().get(0).digestAlgorithm());
        assertArrayEquals(
                TestCatalogs.sha("cab", "SHA-1"), driver.files().get(0).digest());

        CatalogUpdate bundle = c.updates().get(2);
        assertEquals("a0a0a0a0-b1b1-c2c2-d3d3-e4e4e4e4e4e4", bundle.id(), "braces dropped");
        assertTrue(bundle.hidden());
        assertFalse(bundle.eulaAccepted());
        assertTrue(bundle.files().isEmpty());
        assertEquals(2, bundle.bundled().size());
        assertEquals(3, bundle.bundled().get(1).revision());
        assertEquals(
                URI.create("http://updates.example/root/lcu.msu"),
                bundle.bundled().get(1).files().get(0).url());
        assertEquals(
                TestCatalogs.sha256Hex("lcu"),
                bundle.bundled().get(1).files().get(0).digestHex(),
                "upper-case hex accepted");
        assertEquals(3000L, bundle.maxDownloadSize());

        CatalogUpdate old = c.updates().get(3);
        assertTrue(old.installed());
        assertTrue(old.browseOnly());
        assertEquals(0L, old.files().get(0).size());
        assertEquals("SHA-256", old.files().get(0).digestAlgorithm(), "sha256 preferred over sha1");
        assertEquals(TestCatalogs.sha256Hex("old"), old.files().get(0).digestHex());
    }

    @Test
    void defaultsApplyWhenKeysAreAbsentOrNull() {
        ObjectNode root = minimal();
        update(root, 0).putNull("description").putNull("revision").putNull("kb");
        CatalogUpdate u = parse(root).updates().get(0);
        assertEquals(1, u.revision());
        assertEquals(List.of(), u.kb());
        assertEquals("", u.description());
        assertEquals(UpdateType.Software, u.type());
        assertEquals(List.of(), u.categories());
        assertFalse(u.installed());
        assertFalse(u.hidden());
        assertFalse(u.browseOnly());
        assertTrue(u.eulaAccepted());
        assertEquals(DownloadPriority.Normal, u.priority());
        assertFalse(u.mandatory());
        assertFalse(u.beta());
        assertEquals("", u.msrcSeverity());
        assertEquals("", u.supportUrl());
        assertNull(u.lastDeploymentChangeTime());
        assertEquals(List.of(), u.bundled());
        assertEquals(List.of(), u.files().get(0).mirrors());
    }

    @Test
    void unknownKeysAreIgnoredAtEveryLevel() {
        ObjectNode root = minimal();
        root.put("x-generator", "tool").putObject("extra").put("deep", 1);
        update(root, 0).putArray("supersededUpdateIDs").add("whatever");
        file(root).put("contentType", "application/octet-stream");
        assertEquals(1, parse(root).updates().size());
    }

    @Test
    void priorityAcceptsNamesInAnyCaseAndWuaNumbers() {
        String[][] cases = {{"low", "Low"}, {"NORMAL", "Normal"}, {"High", "High"}, {"extrahigh", "ExtraHigh"}};
        for (String[] c : cases) {
            ObjectNode root = minimal();
            update(root, 0).put("priority", c[0]);
            assertEquals(
                    DownloadPriority.valueOf(c[1]), parse(root).updates().get(0).priority(), c[0]);
        }
        for (int n = 1; n <= 4; n++) {
            ObjectNode root = minimal();
            update(root, 0).put("priority", n);
            assertEquals(
                    DownloadPriority.fromValue(n), parse(root).updates().get(0).priority());
        }
    }

    @Test
    void kbPrefixIsDroppedAsWuaReportsNumbersOnly() {
        ObjectNode root = minimal();
        update(root, 0).putArray("kb").add("KB5099999").add("kb123").add("42");
        assertEquals(
                List.of("5099999", "123", "42"), parse(root).updates().get(0).kb());
    }

    @Test
    void deploymentTimeAcceptsInstantsOffsetsAndDates() {
        String[][] cases = {
            {"2026-11-11T17:00:00Z", "2026-11-11T17:00:00Z"},
            {"2026-11-11T17:00:00+02:00", "2026-11-11T15:00:00Z"},
            {"2026-11-11T17:00:00", "2026-11-11T17:00:00Z"}
        };
        for (String[] c : cases) {
            ObjectNode root = minimal();
            update(root, 0).put("lastDeploymentChangeTime", c[0]);
            assertEquals(Instant.parse(c[1]), parse(root).updates().get(0).lastDeploymentChangeTime(), c[0]);
        }
    }

    @Test
    void digestsInHexAndBase64OfEitherAlphabetAndPadding() {
        byte[] d = TestCatalogs.sha("x", "SHA-256");
        String[] spellings = {
            HexFormat.of().formatHex(d),
            HexFormat.of().withUpperCase().formatHex(d),
            Base64.getEncoder().encodeToString(d),
            Base64.getEncoder().withoutPadding().encodeToString(d),
            Base64.getUrlEncoder().encodeToString(d)
        };
        for (String s : spellings) {
            ObjectNode root = minimal();
            file(root).put("sha256", s);
            assertArrayEquals(d, parse(root).updates().get(0).files().get(0).digest(), s);
        }
        byte[] d1 = TestCatalogs.sha("x", "SHA-1");
        for (String s :
                new String[] {HexFormat.of().formatHex(d1), Base64.getEncoder().encodeToString(d1)}) {
            ObjectNode root = minimal();
            file(root).remove("sha256");
            file(root).put("sha1", s);
            CatalogFile f = parse(root).updates().get(0).files().get(0);
            assertEquals("SHA-1", f.digestAlgorithm());
            assertArrayEquals(d1, f.digest(), s);
        }
    }

    @Test
    void allowUnverifiedAcceptsFilesWithoutDigest() {
        ObjectNode root = minimal();
        file(root).remove("sha256");
        Catalog c = CatalogReader.parse(TestCatalogs.bytes(root), HTTP_BASE, new CatalogOptions(true));
        CatalogFile f = c.updates().get(0).files().get(0);
        assertNull(f.digest());
        assertNull(f.digestAlgorithm());
        assertNull(f.digestHex());
        assertFalse(f.verified());
        assertTrue(c.updates().get(0).bootstrapper().verified(), "files with a digest keep it");
    }

    @Test
    void relativeUrlsResolveAgainstAnHttpBase() {
        ObjectNode root = minimal();
        file(root)
                .put("url", "../pool/./a.msu?x=1")
                .putArray("mirrors")
                .add("//cdn.example/a.msu")
                .add("/abs/a.msu")
                .add("https://other.example/a.msu");
        CatalogFile f = parse(root).updates().get(0).files().get(0);
        assertEquals(URI.create("http://updates.example/pool/a.msu?x=1"), f.url());
        assertEquals(
                List.of(
                        URI.create("http://cdn.example/a.msu"),
                        URI.create("http://updates.example/abs/a.msu"),
                        URI.create("https://other.example/a.msu")),
                f.mirrors());
        assertEquals(4, f.sources().size());
        assertEquals(f.url(), f.sources().get(0));
    }

    @Test
    void aBaseWithoutPathStillResolvesUnderTheRoot() {
        Catalog c = CatalogReader.parse(TestCatalogs.bytes(minimal()), URI.create("https://host.example"), null);
        assertEquals(
                URI.create("https://host.example/content/a.msu"),
                c.updates().get(0).files().get(0).url());
    }

    @Test
    void duplicateMirrorsAndMirrorsEqualToTheUrlAreDropped() {
        ObjectNode root = minimal();
        file(root)
                .putArray("mirrors")
                .add("content/a.msu")
                .add("https://m.example/a")
                .add("https://m.example/a");
        assertEquals(
                List.of(URI.create("https://m.example/a")),
                parse(root).updates().get(0).files().get(0).mirrors());
    }

    @Test
    void fileBaseWithAbsoluteHttpUrlsIsAccepted(@TempDir Path dir) throws Exception {
        ObjectNode root = minimal();
        file(root).put("url", "https://dl.example/a.msu");
        ((ObjectNode) update(root, 0).get("bootstrapper")).put("url", "http://dl.example/boot.exe");
        Path path = dir.resolve("catalog.json");
        Files.write(path, TestCatalogs.bytes(root));
        Catalog c = CatalogReader.read(path, null);
        assertEquals(path.toUri(), c.base());
        assertEquals(
                URI.create("https://dl.example/a.msu"),
                c.updates().get(0).files().get(0).url());
    }

    @Test
    void aFileCatalogsRelativeUrlsAreFilesInsideItsFolder(@TempDir Path dir) throws Exception {
        // a bundle's catalog.json (issue 15): content beside it, by the folder's real path
        Path path = dir.resolve("catalog.json");
        Files.write(path, TestCatalogs.bytes(minimal()));
        Catalog c = CatalogReader.read(path, null);
        assertEquals(
                dir.toRealPath().resolve("content/a.msu").toUri(),
                c.updates().get(0).files().get(0).url());
    }

    @Test
    void streamAndBytesGiveTheSameCatalog() {
        byte[] b = TestCatalogs.bytes(minimal());
        assertEquals(
                CatalogReader.parse(b, HTTP_BASE, null),
                CatalogReader.parse(new ByteArrayInputStream(b), HTTP_BASE, null));
    }

    @Test
    void utf8ByteOrderMarkIsTolerated() {
        byte[] b = TestCatalogs.bytes(minimal());
        byte[] withBom = new byte[b.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(b, 0, withBom, 3, b.length);
        assertEquals(1, CatalogReader.parse(withBom, HTTP_BASE, null).updates().size());
    }

    @Test
    void sameIdWithAnotherRevisionIsAnotherUpdate() {
        ObjectNode root = minimal();
        ObjectNode copy = update(root, 0).deepCopy().put("revision", 2);
        root.withArray("updates").add(copy);
        Catalog c = parse(root);
        assertEquals(2, c.updates().size());
        assertEquals(
                2,
                c.find(ID.toUpperCase(Locale.ROOT)).revision(),
                "find takes the highest revision, any GUID spelling");
        assertNull(c.find("00000000-0000-0000-0000-000000000000"));
    }

    @Test
    void valuesAreImmutableAndDigestsCopied() {
        CatalogFile f = parse(minimal()).updates().get(0).files().get(0);
        byte[] d = f.digest();
        d[0] ^= 1;
        assertEquals(SHA256_HEX, f.digestHex());
        assertNotSame(f.digest(), f.digest());
        assertEquals(f, parse(minimal()).updates().get(0).files().get(0), "equal by content");
        assertEquals(
                f.hashCode(), parse(minimal()).updates().get(0).files().get(0).hashCode());
        org.junit.jupiter.api.Assertions.assertThrows(
                UnsupportedOperationException.class,
                () -> parse(minimal()).updates().add(null));
    }

    @Test
    void builderMakesUpdatesWithTheSameDefaults() {
        CatalogFile f = parse(minimal()).updates().get(0).files().get(0);
        CatalogUpdate built = CatalogUpdate.builder(ID.toUpperCase(Locale.ROOT), "Update")
                .addFile(f)
                .bootstrapper(parse(minimal()).updates().get(0).bootstrapper())
                .build();
        assertEquals(parse(minimal()).updates().get(0), built);
        assertSame(UpdateType.Software, built.type());
    }

    @Test
    void aCategoryIsANameOrAnObjectWithItsId() {
        String file = "{\"name\": \"a.cab\", \"url\": \"https://h.example/a.cab\", \"size\": 1, \"sha256\": \""
                + "ab".repeat(32) + "\"}";
        Catalog c = TestCatalogs.parse("{\"format\": \"wudl-catalog/1\", \"updates\": [{\"id\": \"" + ID
                + "\", \"title\": \"T\", \"files\": [" + file + "], \"categories\": [\"Windows 11\","
                + " {\"id\": \"0FA1201D-4330-4FA8-8AE9-B877473B6441\", \"name\": \"Security Updates\","
                + " \"type\": \"UpdateClassification\"}, {\"id\": \"6964aab4-c5b5-43bd-a17d-ffb4346a8e1d\"}]}]}");
        assertEquals(
                List.of(
                        CatalogCategory.named("Windows 11"),
                        new CatalogCategory(
                                "0fa1201d-4330-4fa8-8ae9-b877473b6441", "Security Updates", "UpdateClassification"),
                        new CatalogCategory(
                                "6964aab4-c5b5-43bd-a17d-ffb4346a8e1d", "6964aab4-c5b5-43bd-a17d-ffb4346a8e1d", "")),
                c.updates().get(0).categories());
        CatalogException bad = org.junit.jupiter.api.Assertions.assertThrows(
                CatalogException.class,
                () -> TestCatalogs.parse("{\"format\": \"wudl-catalog/1\", \"updates\": [{\"id\": \"" + ID
                        + "\", \"title\": \"T\", \"files\": [" + file
                        + "], \"categories\": [{\"id\": \"security\"}]}]}"));
        assertTrue(
                bad.getMessage().contains("updates[0].categories[0].id")
                        && bad.getMessage().contains("not a GUID"),
                bad.getMessage());
    }
}
