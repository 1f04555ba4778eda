package io.github.wudl.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** What {@link CatalogWriter} writes, {@link CatalogReader} reads back into equal updates. */
class CatalogWriterTest {
    private static final URI BASE = URI.create("https://h.example/c/catalog.json");
    private static final String A = "a".repeat(64);
    private static final String B = "b".repeat(40);

    private static final String EVERYTHING = """
            {"format": "wudl-catalog/1", "updates": [
              {"id": "11111111-2222-4333-8444-555555555555", "revision": 7,
               "title": "Mise à jour — 日本 (KB5500001)", "kb": ["5500001"], "description": "d",
               "type": "Driver", "installed": true, "hidden": true, "browseOnly": true, "eulaAccepted": false,
               "priority": "extrahigh", "mandatory": true, "beta": true, "msrcSeverity": "Critical",
               "supportUrl": "https://support.example/kb", "lastDeploymentChangeTime": "2026-11-11T17:00:00Z",
               "deploymentAction": "OptionalInstallation",
               "supersededUpdateIds": ["99999999-2222-4333-8444-555555555555"],
               "categories": ["Security Updates",
                 {"id": "0fa1201d-4330-4fa8-8ae9-b877473b6441", "name": "Security Updates", "type": "UpdateClassification"}],
               "files": [{"name": "a.msu", "url": "content/a.msu", "size": 10, "sha256": "%s", "sha1": "%s",
                          "mirrors": ["https://mirror.example/a.msu"]},
                         {"name": "b.cab", "url": "https://other.example/b.cab", "size": 0, "sha1": "%s"}],
               "bootstrapper": {"name": "boot.exe", "url": "boot.exe", "size": 3, "sha256": "%s"},
               "bundled": [{"id": "11111111-2222-4333-8444-666666666666", "title": "Child",
                            "files": [{"name": "c.cab", "url": "c.cab", "size": 1, "sha256": "%s"}]}]},
              {"id": "11111111-2222-4333-8444-777777777777", "title": "Plain", "files": [
                {"name": "p.cab", "url": "p.cab", "size": 2, "sha256": "%s"}]}
            ]}
            """.formatted(A, B, B, A, A, A);

    private static byte[] write(
            Map<String, Object> provenance, Catalog c, java.util.function.Function<CatalogFile, String> urlOf)
            throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        CatalogWriter.write(out, provenance, c.updates(), urlOf);
        return out.toByteArray();
    }

    @Test
    void everyComponentRoundTrips() throws Exception {
        Catalog read = CatalogReader.parse(EVERYTHING.getBytes(StandardCharsets.UTF_8), BASE, null);
        Catalog again = CatalogReader.parse(write(null, read, CatalogFile::urlText), BASE, null);
        assertEquals(read.updates(), again.updates());
        CatalogUpdate u = again.updates().get(0);
        assertEquals("OptionalInstallation", u.deploymentAction());
        assertEquals(List.of("99999999-2222-4333-8444-555555555555"), u.supersededUpdateIds());
        assertEquals(
                List.of(URI.create("https://mirror.example/a.msu")),
                u.files().get(0).mirrors());
    }

    @Test
    void relativeUrlsHaveNoMirrorsAndProvenanceIsIgnoredByTheReader() throws Exception {
        Catalog read = CatalogReader.parse(EVERYTHING.getBytes(StandardCharsets.UTF_8), BASE, null);
        byte[] doc = write(
                Map.of("bundle", Map.of("created", "2026-12-03T00:00:00Z", "n", 2, "ok", true, "list", List.of("x"))),
                read,
                f -> "content/x/" + f.name());
        String text = new String(doc, StandardCharsets.UTF_8);
        assertTrue(text.contains("\"provenance\"") && text.contains("Mise à jour — 日本"), text);
        Catalog again = CatalogReader.parse(doc, URI.create("http://far.example/b/catalog.json"), null);
        CatalogFile f = again.updates().get(0).files().get(0);
        assertEquals(URI.create("http://far.example/b/content/x/a.msu"), f.url());
        assertEquals(List.of(), f.mirrors());
        assertEquals(
                URI.create("http://far.example/b/content/x/c.cab"),
                again.updates().get(0).bundled().get(0).files().get(0).url());
        assertEquals(read.updates().get(0).title(), again.updates().get(0).title());
    }
}
