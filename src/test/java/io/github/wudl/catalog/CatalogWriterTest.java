package io.github.wudl.catalog;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wudl.wua.Digests;
import java.io.ByteArrayOutputStream;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What {@link CatalogWriter} writes, {@link CatalogReader} reads back into equal updates. */
class CatalogWriterTest {
    private static final URI BASE = URI.create("https://h.example/c/catalog.json");
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String TITLE = "Mise à jour — 日本 😀 (KB5500001)";
    private static final String SHA256_HEX = "AB".repeat(32); // upper case: the writer writes lower case
    private static final String SHA256_B64 = Base64.getEncoder().encodeToString(new byte[32]);
    private static final String SHA1_HEX = "c".repeat(40);
    private static final String SHA1_B64 = Base64.getEncoder().encodeToString(new byte[20]);

    /**
     * Every key the reader understands, most in a spelling the reader normalises (braced upper-case GUIDs,
     * "KB" prefixes, lower-case enum names, offsets, base64 digests, relative URLs), so that writing what was
     * read is not just copying text.
     */
    private static final String EVERYTHING =
            """
            {"format": "wudl-catalog/1", "x-unknown": {"ignored": true}, "updates": [
              {"id": "{11111111-2222-4333-8444-AAAAAAAAAAAA}", "revision": 7, "title": "%s",
               "kb": ["KB5500001", "5500002"], "description": "two \\"lines\\"\\nhere", "type": "driver",
               "categories": [
                 "Security Updates",
                 {"id": "0FA1201D-4330-4FA8-8AE9-B877473B6441", "name": "Security Updates",
                  "type": "UpdateClassification"},
                 {"id": "a3c2375d-0c8a-42f9-bce0-28333e198407", "type": "Product"},
                 {"id": "56309036-4c77-4dd9-951a-99ee9c246a94", "name": " "},
                 "E6CF1350-C01B-414D-A61F-263D14D133B4"],
               "installed": true, "hidden": true, "browseOnly": true, "eulaAccepted": false,
               "priority": "extrahigh", "mandatory": true, "beta": true, "msrcSeverity": "important",
               "supportUrl": "https://support.example/kb", "lastDeploymentChangeTime": "2026-11-11T17:00:00+01:00",
               "deploymentAction": "OptionalInstallation",
               "supersededUpdateIds": ["99999999-2222-4333-8444-555555555555"],
               "files": [
                 {"name": "a.msu", "url": "content/a.msu", "size": 10, "sha256": "%s", "sha1": "%s",
                  "mirrors": ["https://mirror.example/a.msu", "../m/a.msu"]},
                 {"name": "b.cab", "url": "https://other.example/b.cab?x=1", "size": 0, "sha1": "%s"}],
               "bootstrapper": {"name": "boot.exe", "url": "boot.exe", "size": 3, "sha256": "%s"},
               "bundled": [{"id": "11111111-2222-4333-8444-666666666666", "revision": 3, "title": "Child",
                            "kb": ["5500003"], "lastDeploymentChangeTime": "2026-11-11",
                            "files": [{"name": "c.cab", "url": "c.cab", "size": 1, "sha256": "%s"}]}]},
              {"id": "11111111-2222-4333-8444-777777777777", "title": "Bundle only", "priority": 1,
               "bundled": [{"id": "11111111-2222-4333-8444-888888888888", "title": "Child 2",
                            "files": [{"name": "p.cab", "url": "p.cab", "size": 2, "sha256": "%s"}]}]}
            ]}
            """.formatted(TITLE, SHA256_HEX, SHA1_HEX, SHA1_B64, SHA256_B64, SHA256_HEX, SHA256_HEX);

    private static List<CatalogUpdate> everything() {
        return CatalogReader.parse(EVERYTHING.getBytes(StandardCharsets.UTF_8), BASE, null)
                .updates();
    }

    private static byte[] write(
            Map<String, Object> provenance, List<CatalogUpdate> updates, Function<CatalogFile, String> urlOf)
            throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CatalogWriter.write(out, provenance, updates, urlOf);
        return out.toByteArray();
    }

    private static List<CatalogUpdate> read(byte[] doc, URI base) {
        return CatalogReader.parse(doc, base, null).updates();
    }

    @Test
    void everyComponentRoundTrips() throws IOException {
        List<CatalogUpdate> read = everything();
        // the fixture really sets what it claims, or equality below would prove little
        CatalogUpdate u = read.get(0);
        assertEquals(
                List.of(
                        CatalogCategory.named("Security Updates"),
                        new CatalogCategory(
                                "0fa1201d-4330-4fa8-8ae9-b877473b6441", "Security Updates", "UpdateClassification"),
                        new CatalogCategory(
                                "a3c2375d-0c8a-42f9-bce0-28333e198407",
                                "a3c2375d-0c8a-42f9-bce0-28333e198407",
                                "Product"),
                        CatalogCategory.named("56309036-4c77-4dd9-951a-99ee9c246a94"),
                        CatalogCategory.named("E6CF1350-C01B-414D-A61F-263D14D133B4")),
                u.categories());
        assertEquals(Instant.parse("2026-11-11T16:00:00Z"), u.lastDeploymentChangeTime());
        assertNotNull(u.files().get(0).sha1Also());
        assertEquals(Digests.SHA1, u.files().get(1).digestAlgorithm());
        assertEquals(
                List.of(URI.create("https://mirror.example/a.msu"), URI.create("https://h.example/m/a.msu")),
                u.files().get(0).mirrors());
        assertNotNull(u.bootstrapper());
        assertEquals(3, u.bundled().get(0).revision());
        assertTrue(read.get(1).files().isEmpty());

        byte[] doc = write(null, read, CatalogFile::urlText);
        assertEquals(read, read(doc, BASE));
        // every URL is absolute now: the document reads the same from anywhere
        assertEquals(read, read(doc, URI.create("http://elsewhere.example/x/y.json")));
        // and writing what was read back gives the very same bytes
        assertArrayEquals(doc, write(null, read(doc, BASE), CatalogFile::urlText));

        String text = new String(doc, StandardCharsets.UTF_8);
        assertTrue(text.startsWith("{\n  \"format\": \"wudl-catalog/1\",\n  \"updates\": [\n"), text);
        assertTrue(text.endsWith("}\n") && !text.contains("\r"), text);
        // reader defaults are left out
        assertFalse(text.contains("\"revision\": 1,") || text.contains("\"files\": []"), text);
    }

    @Test
    void relativeUrlsResolveAgainstTheReadersBaseWithoutMirrors(@TempDir Path dir) throws IOException {
        List<CatalogUpdate> read = everything();
        byte[] doc = write(null, read, f -> "content/" + f.name());
        assertFalse(new String(doc, StandardCharsets.UTF_8).contains("mirrors"));

        URI far = URI.create("http://far.example/b/catalog.json");
        List<CatalogUpdate> expected = read.stream()
                .map(u -> u.withFiles(f -> at(f, URI.create("http://far.example/b/content/" + f.name()))))
                .toList();
        assertEquals(expected, read(doc, far));

        // a bundle: the same document as a file, its content beside it
        Path catalog = dir.resolve("catalog.json");
        Files.write(catalog, doc);
        Path content = dir.toRealPath().resolve("content");
        List<CatalogUpdate> local = CatalogReader.read(catalog, null).updates();
        assertEquals(
                read.stream()
                        .map(u ->
                                u.withFiles(f -> at(f, content.resolve(f.name()).toUri())))
                        .toList(),
                local);
        // those file: URLs cannot be written as they are; a bundle of a bundle gives relative paths again
        assertThrows(IllegalArgumentException.class, () -> write(null, local, CatalogFile::urlText));
        assertEquals(expected, read(write(null, local, f -> "content/" + f.name()), far));
    }

    /** {@code f} at {@code url}, without mirrors. */
    private static CatalogFile at(CatalogFile f, URI url) {
        CatalogFile moved = new CatalogFile(f.name(), url, List.of(), f.size(), f.digestAlgorithm(), f.digest());
        return f.sha1Also() == null ? moved : moved.withSha1Also(f.sha1Also());
    }

    @Test
    void provenanceIsWrittenAndIgnoredByTheReaderInValidUtf8(@TempDir Path dir) throws IOException {
        Map<String, Object> created = new LinkedHashMap<>();
        created.put("createdBy", "wudl 1.0");
        created.put("note", "Mise à jour — 日本");
        created.put("n", 2);
        created.put("big", Long.MAX_VALUE);
        created.put("ratio", 0.5);
        created.put("ok", true);
        created.put("none", null);
        created.put("list", List.of("x", 1, List.of(), Map.of()));
        Map<String, Object> provenance = new LinkedHashMap<>();
        provenance.put("wudl-bundle", created);
        provenance.put("source", Map.of("catalog", "https://h.example/c/catalog.json"));

        Path file = dir.resolve("catalog.json");
        boolean[] closed = {false};
        try (OutputStream os = new FilterOutputStream(Files.newOutputStream(file)) {
            @Override
            public void close() throws IOException {
                closed[0] = true;
                super.close();
            }
        }) {
            CatalogWriter.write(os, provenance, everything(), CatalogFile::urlText);
            assertFalse(closed[0], "the writer closed the caller's stream");
        }
        byte[] doc = Files.readAllBytes(file);

        // strict decoding: malformed UTF-8 throws instead of becoming U+FFFD
        String text =
                StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(doc)).toString();
        assertTrue(text.contains("Mise à jour — 日本"), "non-ASCII is written as itself, not escaped");
        JsonNode tree = MAPPER.readTree(doc);
        assertEquals(List.of("format", "provenance", "updates"), fieldNames(tree));
        assertEquals(MAPPER.valueToTree(provenance), tree.get("provenance"));
        assertEquals(TITLE, tree.get("updates").get(0).get("title").asText());

        assertEquals(everything(), CatalogReader.read(file, null).updates());
        for (Map<String, Object> none : Arrays.asList(null, Map.<String, Object>of())) {
            assertEquals(List.of("format", "updates"), fieldNames(MAPPER.readTree(write(none, List.of(), f -> ""))));
        }
    }

    private static List<String> fieldNames(JsonNode node) {
        List<String> names = new ArrayList<>();
        node.fieldNames().forEachRemaining(names::add);
        return names;
    }

    @Test
    void valuesThatWouldNotReadBackEqualAreRefused() throws IOException {
        String id = "11111111-2222-4333-8444-999999999999";
        CatalogFile file = CatalogFile.ofUrlText("a.msu", "https://h.example/a.msu", 1, Digests.SHA256, new byte[32]);
        List<CatalogUpdate> refused = List.of(
                CatalogUpdate.builder(id, "t")
                        .addFile(file)
                        .addCategory(new CatalogCategory("p1", "Product 1", "Product"))
                        .build(),
                CatalogUpdate.builder(id, "t").addFile(file).kb(List.of("KB5")).build(),
                CatalogUpdate.builder(id, "t")
                        .addFile(file)
                        .msrcSeverity("critical")
                        .build());
        for (CatalogUpdate u : refused) {
            assertThrows(
                    IllegalArgumentException.class, () -> write(null, List.of(u), CatalogFile::urlText), u::toString);
        }
        CatalogUpdate fine = CatalogUpdate.builder(id, "t").addFile(file).build();
        for (String url : Arrays.asList(null, "", "FILE:///tmp/a.msu")) {
            assertThrows(IllegalArgumentException.class, () -> write(null, List.of(fine), f -> url));
        }

        // a failure half-way leaves a document the reader refuses, not a shorter valid one (the severity is
        // checked after the files: closed there, the update would be complete enough to read)
        CatalogUpdate late = CatalogUpdate.builder("11111111-2222-4333-8444-000000000000", "t")
                .addFile(file)
                .msrcSeverity("Severe")
                .build();
        ByteArrayOutputStream partial = new ByteArrayOutputStream();
        assertThrows(
                IllegalArgumentException.class,
                () -> CatalogWriter.write(partial, null, List.of(fine, late), CatalogFile::urlText));
        assertThrows(CatalogException.class, () -> read(partial.toByteArray(), BASE));

        List<Object> loop = new ArrayList<>();
        loop.add(loop);
        for (Object bad : Arrays.asList(loop, Map.of(1, "x"), Double.NaN, Path.of("x"), nest(63))) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> write(Map.of("p", bad), List.of(fine), CatalogFile::urlText),
                    String.valueOf(bad).length() < 80 ? String.valueOf(bad) : "deep");
        }
        // the deepest provenance the reader still reads
        assertEquals(List.of(fine), read(write(Map.of("p", nest(62)), List.of(fine), CatalogFile::urlText), BASE));

        // a file without a digest is written as such and reads back only when unverified files are allowed
        CatalogUpdate unverified = CatalogUpdate.builder(id, "t")
                .addFile(CatalogFile.ofUrlText("u.cab", "https://h.example/u.cab", 5, null, null))
                .build();
        byte[] doc = write(null, List.of(unverified), CatalogFile::urlText);
        assertThrows(CatalogException.class, () -> read(doc, BASE));
        assertEquals(
                List.of(unverified),
                CatalogReader.parse(doc, BASE, new CatalogOptions(true)).updates());
    }

    /** {@code levels} lists, nested: as a provenance value the outermost is at level 3, the innermost at 2 + levels. */
    private static Object nest(int levels) {
        Object v = List.of();
        for (int i = 1; i < levels; i++) {
            v = List.of(v);
        }
        return v;
    }
}
