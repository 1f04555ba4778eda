package io.github.wudl.catalog;

import static io.github.wudl.catalog.TestCatalogs.HTTP_BASE;
import static io.github.wudl.catalog.TestCatalogs.SHA256_HEX;
import static io.github.wudl.catalog.TestCatalogs.file;
import static io.github.wudl.catalog.TestCatalogs.minimal;
import static io.github.wudl.catalog.TestCatalogs.refusedBytes;
import static io.github.wudl.catalog.TestCatalogs.update;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wudl.wua.HResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Input written to hurt: bombs, oversized values, broken JSON and encodings, credentials, sheer size. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HostileInputTest {

    private static byte[] utf8(String s) {
        return s.getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void nestingBombIsRefusedAtTheDepthLimit() {
        CatalogException e = bomb(utf8("[".repeat(1_000_000)));
        assertEquals("$" + "[0]".repeat(CatalogReader.MAX_NESTING_DEPTH + 1), e.jsonPath());
        assertEquals(1, e.line());
        assertEquals(CatalogReader.MAX_NESTING_DEPTH + 2, e.column());
        assertTrue(e.getMessage().contains("protect itself"), e.getMessage());
        assertTrue(e.getMessage().length() < 600, "the message shortens the bomb's path: " + e.getMessage());
    }

    private static CatalogException bomb(byte[] json) {
        CatalogException e = assertThrows(CatalogException.class, () -> CatalogReader.parse(json, HTTP_BASE, null));
        assertEquals(HResult.E_INVALIDARG.code(), e.hresult());
        assertTrue(e.getMessage().contains("nesting depth (65) exceeds the maximum allowed (64)"), e.getMessage());
        return e;
    }

    @Test
    void nestingBombUnderAnUnknownKeyIsRefusedToo() {
        String json = "{\"format\":\"wudl-catalog/1\",\"updates\":[],\"x\":" + "{\"a\":".repeat(100_000) + "1";
        assertEquals(
                "$.x" + ".a".repeat(CatalogReader.MAX_NESTING_DEPTH - 1),
                bomb(utf8(json)).jsonPath());
    }

    @Test
    void bundledUpdatesNestedBeyondTheLimitAreRefused() {
        ObjectNode root = minimal();
        ObjectNode u = update(root, 0);
        for (int i = 0; i < 40; i++) {
            ObjectNode child = u.deepCopy();
            child.remove("bundled");
            u = (ObjectNode) u.putArray("bundled").add(child).get(0);
        }
        CatalogException e = assertThrows(
                CatalogException.class, () -> CatalogReader.parse(TestCatalogs.bytes(root), HTTP_BASE, null));
        assertTrue(e.getMessage().contains("nesting depth"), e.getMessage());
        assertTrue(e.jsonPath().startsWith("$.updates[0].bundled[0].bundled[0]"), e.jsonPath());
    }

    @Test
    void overlongNumbersAndStringsAreRefused() {
        refusedBytes(
                utf8("{\"format\":\"wudl-catalog/1\",\"updates\":[],\"n\":" + "9".repeat(1000) + "}"),
                "$.n",
                "Number value length");
        refusedBytes(
                utf8("{\"format\":\"wudl-catalog/1\",\"updates\":[],\"s\":\"" + "x".repeat(2 << 20) + "\"}"),
                "$.s",
                "String value length");
        refusedBytes(
                utf8("{\"format\":\"wudl-catalog/1\",\"updates\":[],\"" + "k".repeat(5000) + "\":1}"),
                "$.updates",
                "Name length");
    }

    @Test
    void anEndlessStreamIsCutAtTheSizeLimit() {
        InputStream endless = new InputStream() {
            @Override
            public int read() {
                return ' ';
            }

            @Override
            public int read(byte[] b, int off, int len) {
                Arrays.fill(b, off, off + len, (byte) ' ');
                return len;
            }
        };
        CatalogException e = assertThrows(CatalogException.class, () -> CatalogReader.parse(endless, HTTP_BASE, null));
        assertEquals("$", e.jsonPath());
        assertTrue(e.getMessage().contains("larger than " + CatalogReader.MAX_CATALOG_BYTES), e.getMessage());
    }

    @Test
    void syntaxErrorsGiveLineAndColumn() {
        CatalogException e = refusedBytes(
                utf8("{\"format\": \"wudl-catalog/1\",\n  \"updates\": [\n    {\"id\": 1,}\n]}"),
                "$.updates[0].id",
                "was expecting double-quote");
        assertEquals(3, e.line());
        assertEquals(14, e.column());
        assertTrue(e.getMessage().contains("line 3, column 14"), e.getMessage());
        assertFalse(e.getMessage().contains("Source:"), "no Jackson internals: " + e.getMessage());

        e = refusedBytes(
                utf8("{\"format\": \"wudl-catalog/1\", \"updates\": [{\"id\": \"x"), "$.updates[0].id", "end-of-input");
        assertEquals(1, e.line());
    }

    @Test
    void emptyTrailingAndDuplicateKeyDocumentsAreRefused() {
        refusedBytes(new byte[0], "$", "the catalog is empty");
        refusedBytes(utf8(" \n\t "), "$", "the catalog is empty");
        refusedBytes(utf8("{\"format\":\"wudl-catalog/1\",\"updates\":[]} {}"), "$", "more after the catalog");
        refusedBytes(utf8("{\"format\":\"wudl-catalog/1\",\"updates\":[]} x"), "$", "Unrecognized token");
        refusedBytes(
                utf8("{\"format\":\"wudl-catalog/1\",\"updates\":[],\"updates\":[]}"),
                "$.updates",
                "Duplicate field 'updates'");
        refusedBytes(
                utf8("{\"format\":\"wudl-catalog/1\",\"updates\":[],}"), "$.updates", "was expecting double-quote");
        refusedBytes(utf8("// comment\n{}"), "$", "Unexpected character");
        refusedBytes(utf8("\"just a string\""), "$", "expected a catalog");
    }

    @Test
    void otherEncodingsThanUtf8AreRefused() {
        byte[] utf16 = "{\"format\":\"wudl-catalog/1\",\"updates\":[]}".getBytes(StandardCharsets.UTF_16);
        refusedBytes(utf16, "$", "not UTF-8");
        refusedBytes(
                "{\"format\":\"wudl-catalog/1\",\"updates\":[]}".getBytes(StandardCharsets.UTF_16LE), "$", "not UTF-8");
        byte[] latin1 = "{\"format\":\"wudl-catalog/1\",\"updates\":[],\"x\":\"caf\u00e9\"}"
                .getBytes(StandardCharsets.ISO_8859_1);
        refusedBytes(latin1, "$.x", "UTF-8");
    }

    @Test
    void credentialsNeverAppearInMessages() {
        URI base = URI.create("https://bob:hunter2@updates.example/catalog.json");
        ObjectNode root = minimal();
        file(root).put("url", "https://alice:s3cr3t@dl.example/a b.msu");
        CatalogException e =
                assertThrows(CatalogException.class, () -> CatalogReader.parse(TestCatalogs.bytes(root), base, null));
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertFalse(e.getMessage().contains("s3cr3t"), e.getMessage());
        assertTrue(e.getMessage().contains("https://***@updates.example"), e.getMessage());
        assertTrue(e.getMessage().contains("https://***@dl.example"), e.getMessage());

        ObjectNode token = minimal();
        file(token).put("url", "ftp://ghp_TOKEN123@dl.example/a.msu");
        e = assertThrows(CatalogException.class, () -> CatalogReader.parse(TestCatalogs.bytes(token), base, null));
        assertFalse(e.getMessage().contains("ghp_TOKEN123"), e.getMessage());

        // a catalog read from a file with credentials in a relative-resolving base still hides them
        ObjectNode ok = minimal();
        file(ok).put("url", "https://alice:s3cr3t@dl.example/a.msu");
        Catalog c = CatalogReader.parse(TestCatalogs.bytes(ok), base, null);
        assertEquals("alice:s3cr3t", c.updates().get(0).files().get(0).url().getUserInfo(), "kept for fetching");
        assertFalse(c.updates().get(0).files().get(0).toString().contains("s3cr3t"));
        assertFalse(c.toString().contains("hunter2"));
    }

    @Test
    void secretQueryValuesNeverAppearInMessages() {
        // the transfer layer masks "sig"; a catalog error once printed ftp://u:***@h/x.cab?sig=SECRET
        ObjectNode root = minimal();
        file(root).put("url", "ftp://u:pw@h/x.cab?sig=SECRET&sv=2020");
        CatalogException e = assertThrows(
                CatalogException.class, () -> CatalogReader.parse(TestCatalogs.bytes(root), HTTP_BASE, null));
        assertFalse(e.getMessage().contains("SECRET"), e.getMessage());
        assertFalse(e.getMessage().contains("pw"), e.getMessage());
        assertTrue(e.getMessage().contains("\"ftp://***@h/x.cab?sig=***&sv=2020\""), e.getMessage());
    }

    @Test
    void badBaseIsRefused() {
        byte[] b = TestCatalogs.bytes(minimal());
        for (String base : new String[] {"catalog.json", "ftp://h/c.json", "http:///c.json", "mailto:x@y"}) {
            CatalogException e =
                    assertThrows(CatalogException.class, () -> CatalogReader.parse(b, URI.create(base), null), base);
            assertEquals(HResult.E_INVALIDARG.code(), e.hresult());
        }
        assertThrows(CatalogException.class, () -> CatalogReader.parse(b, null, null));
    }

    @Test
    void aFailingStreamIsReportedAsEFail() {
        InputStream broken = new InputStream() {
            @Override
            public int read() throws IOException {
                throw new IOException("connection reset");
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                throw new IOException("connection reset");
            }
        };
        CatalogException e = assertThrows(CatalogException.class, () -> CatalogReader.parse(broken, HTTP_BASE, null));
        assertEquals(HResult.E_FAIL.code(), e.hresult());
        assertTrue(e.getMessage().contains("connection reset"), e.getMessage());
    }

    @Test
    void aMissingFileIsReportedAsEFailWithItsPath(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) {
        java.nio.file.Path missing = dir.resolve("nope.json");
        CatalogException e = assertThrows(CatalogException.class, () -> CatalogReader.read(missing, null));
        assertEquals(HResult.E_FAIL.code(), e.hresult());
        assertTrue(e.getMessage().contains(missing.toString()), e.getMessage());
    }

    @Test
    void randomCorruptionsEndAsCatalogExceptionOrACatalog() {
        byte[] good = TestCatalogs.bytes(minimal());
        Random random = new Random(20261124L);
        for (int round = 0; round < 3000; round++) {
            byte[] b = Arrays.copyOf(good, random.nextBoolean() ? good.length : random.nextInt(good.length + 1));
            for (int flips = 1 + random.nextInt(3); flips > 0 && b.length > 0; flips--) {
                b[random.nextInt(b.length)] = (byte) random.nextInt(256);
            }
            try {
                CatalogReader.parse(b, HTTP_BASE, null);
            } catch (CatalogException expected) {
                assertEquals(HResult.E_INVALIDARG.code(), expected.hresult());
            }
        }
    }

    @Test
    void tenThousandUpdatesParse() {
        StringBuilder json = new StringBuilder("{\"format\":\"wudl-catalog/1\",\"updates\":[");
        for (int i = 0; i < 10_000; i++) {
            if (i > 0) {
                json.append(',');
            }
            json.append(String.format(
                    "{\"id\":\"00000000-0000-4000-8000-%012d\",\"title\":\"Update %d\","
                            + "\"kb\":[\"%d\"],\"categories\":[\"Updates\"],\"files\":[{\"name\":\"u%d.msu\","
                            + "\"url\":\"content/u%d.msu\",\"size\":%d,\"sha256\":\"%s\"}]}",
                    i, i, i, i, i, i, SHA256_HEX));
        }
        json.append("]}");
        Catalog c = CatalogReader.parse(utf8(json.toString()), HTTP_BASE, null);
        assertEquals(10_000, c.updates().size());
        assertEquals(
                "00000000-0000-4000-8000-000000009999", c.updates().get(9999).id());
        assertEquals(
                10_000,
                Criteria.search(c, Criteria.parse("CategoryIDs contains 'updates'"))
                        .size());
    }
}
