package io.github.wudl.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.github.wudl.wua.HResult;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.function.Consumer;

/** Shared fixtures: a minimal valid catalog as a mutable tree, and assertions on refusals. */
final class TestCatalogs {
    static final ObjectMapper JSON = new ObjectMapper();
    static final URI HTTP_BASE = URI.create("http://updates.example/wsus/catalog.json");
    static final String ID = "2f5a1c3e-8d41-4b7a-9c1e-1d2f3a4b5c6d";
    static final String SHA256_HEX = sha256Hex("content");

    private TestCatalogs() {}

    /** One update with one file and a bootstrapper; every rule satisfied. */
    static ObjectNode minimal() {
        try {
            return (ObjectNode) JSON.readTree("""
                {"format": "wudl-catalog/1", "updates": [
                  {"id": "%s", "title": "Update", "files": [
                    {"name": "a.msu", "url": "content/a.msu", "size": 7, "sha256": "%s"}],
                   "bootstrapper": {"name": "boot.exe", "url": "content/boot.exe", "size": 1, "sha256": "%s"}}]}
                """.formatted(ID, SHA256_HEX, SHA256_HEX));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static ObjectNode update(ObjectNode root, int i) {
        return (ObjectNode) root.withArray("updates").get(i);
    }

    static ObjectNode file(ObjectNode root) {
        return (ObjectNode) update(root, 0).withArray("files").get(0);
    }

    static byte[] bytes(Object tree) {
        try {
            return JSON.writeValueAsBytes(tree);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Catalog parse(ObjectNode root) {
        return CatalogReader.parse(bytes(root), HTTP_BASE, CatalogOptions.defaults());
    }

    static Catalog parse(String json) {
        return CatalogReader.parse(json.getBytes(StandardCharsets.UTF_8), HTTP_BASE, CatalogOptions.defaults());
    }

    static Catalog sample(URI base) {
        try (InputStream in = TestCatalogs.class.getResourceAsStream("/catalog/sample.json")) {
            return CatalogReader.parse(in, base, null);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Applies {@code change} to the minimal catalog and asserts the refusal names {@code path} and says {@code what}. */
    static CatalogException refused(Consumer<ObjectNode> change, String path, String what) {
        ObjectNode root = minimal();
        change.accept(root);
        return refusedBytes(bytes(root), path, what);
    }

    static CatalogException refusedBytes(byte[] json, String path, String what) {
        CatalogException e = assertThrows(
                CatalogException.class, () -> CatalogReader.parse(json, HTTP_BASE, CatalogOptions.defaults()));
        assertEquals(HResult.E_INVALIDARG.code(), e.hresult(), e.getMessage());
        assertEquals(path, e.jsonPath(), e.getMessage());
        assertTrue(
                e.getMessage().contains(" at " + path + ": ") || e.getMessage().contains("(" + path + ")"),
                "path in message: " + e.getMessage());
        assertTrue(e.getMessage().contains(what), "expected '" + what + "' in: " + e.getMessage());
        return e;
    }

    static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha(text, "SHA-256"));
    }

    static byte[] sha(String text, String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm).digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new AssertionError(e);
        }
    }
}
