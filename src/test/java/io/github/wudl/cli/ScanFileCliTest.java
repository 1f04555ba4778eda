package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wudl.portable.PortableBackend;
import io.github.wudl.scanfile.SampleScanFile;
import io.github.wudl.testing.ContentServer;
import io.github.wudl.testing.TestSigner;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Microsoft's offline scan file as the command line's catalog: search with the filters users ask for, download
 * verified content from a local server, the JavaScript offline-scan flow, the file fetched over http, and the
 * refusals of an unsigned or untrusted file.
 */
@Timeout(180)
class ScanFileCliTest {
    @TempDir
    static Path dir;

    private static ContentServer server;
    private static SampleScanFile sample;
    private static TestSigner signer;
    private static Path signed;

    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {}

    @BeforeAll
    static void setUp() throws Exception {
        server = ContentServer.start();
        String base = "http://127.0.0.1:" + server.port();
        sample = new SampleScanFile(base);
        signer = TestSigner.create(dir.resolve("pki"), "wudl cli test");
        signed = sample.writeSigned(dir, signer);
        for (var f : sample.model.updates()) {
            for (var p : f.payload()) {
                server.put(p.url().substring(base.length()), sample.content.get(p.fileName()));
            }
        }
        server.put("/wsusscn2.cab", Files.readAllBytes(signed));
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private Run wudl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(
                new CliEnvironment(
                        PortableBackend.INSTANCE,
                        false,
                        Map.of("WUDL_CACHE", tmp.resolve("cache").toString())),
                new PrintWriter(out, true),
                new PrintWriter(err, true),
                args);
        return new Run(status, out.toString(), err.toString());
    }

    private List<String> searchIds(String catalog, String... more) throws Exception {
        List<String> args = new ArrayList<>(List.of(
                "search",
                "--catalog",
                catalog,
                "--test-only-trust-root",
                signer.rootPem().toString(),
                "--json"));
        args.addAll(List.of(more));
        Run r = wudl(args.toArray(String[]::new));
        assertEquals(0, r.status(), r.err());
        List<String> ids = new ArrayList<>();
        for (Object u :
                (List<?>) new ObjectMapper().readValue(r.out(), Map.class).get("updates")) {
            ids.add((String) ((Map<?, ?>) u).get("id"));
        }
        return ids;
    }

    @Test
    void searchesWithCriteriaAndTheFiltersUsersAskFor() throws Exception {
        String cab = signed.toString();
        assertEquals(
                List.of(SampleScanFile.NOVEMBER_CU, SampleScanFile.SERVICING_STACK, SampleScanFile.DRIVER),
                searchIds(cab));
        assertEquals(
                List.of(SampleScanFile.NOVEMBER_CU),
                searchIds(cab, "CategoryIDs contains '0fa1201d-4330-4fa8-8ae9-b877473b6441'"));
        assertEquals(List.of(SampleScanFile.SERVICING_STACK), searchIds(cab, "--kb", "KB5050001"));
        assertEquals(
                List.of(SampleScanFile.NOVEMBER_CU, SampleScanFile.SERVICING_STACK),
                searchIds(cab, "--product", "server operating system-21h2"));
        assertEquals(List.of(SampleScanFile.NOVEMBER_CU), searchIds(cab, "--classification", "Security Updates"));
        assertEquals(
                List.of(SampleScanFile.NOVEMBER_CU, SampleScanFile.SERVICING_STACK, SampleScanFile.DRIVER),
                searchIds(cab, "--arch", "x64"));
        assertEquals(List.of(), searchIds(cab, "--arch", "arm64"));
        assertEquals(
                List.of(SampleScanFile.NOVEMBER_CU, SampleScanFile.SERVICING_STACK),
                searchIds(cab, "--released-since", "2026-11-01"),
                "the driver's revision was made on 2026-10-20");
        assertEquals(
                List.of(SampleScanFile.DRIVER),
                searchIds(cab, "--released-since", "2026-10-20", "--arch", "x64", "--classification", "Drivers"));
        Run badDay = wudl(
                "search",
                "--catalog",
                cab,
                "--test-only-trust-root",
                signer.rootPem().toString(),
                "--released-since",
                "11/01/2026");
        assertEquals(2, badDay.status(), badDay.err());
        assertTrue(
                badDay.err().contains("--released-since 11/01/2026: not a day; write it as 2026-11-01"), badDay.err());
        assertEquals(4, searchIds(cab, "--include-superseded").size());
        assertTrue(searchIds(cab, "--kb", "5040000").isEmpty(), "the superseded October update is left out");
        Run table = wudl(
                "search",
                "--catalog",
                cab,
                "--test-only-trust-root",
                signer.rootPem().toString(),
                "--language",
                "de",
                "--kb",
                "5050000");
        assertTrue(table.out().contains("Kumulatives Update"), table.out());
    }

    @Test
    void downloadsTheContentOfABundleVerified() throws Exception {
        Path out = tmp.resolve("out");
        Run r = wudl(
                "download",
                "--catalog",
                signed.toString(),
                "--test-only-trust-root",
                signer.rootPem().toString(),
                "--kb",
                "5050000",
                "--out",
                out.toString(),
                "--quiet",
                "--report",
                tmp.resolve("r.json").toString());
        assertEquals(0, r.status(), r.err());
        try (Stream<Path> files = Files.walk(out)) {
            List<Path> placed = files.filter(Files::isRegularFile).toList();
            assertEquals(1, placed.size(), placed.toString());
            assertEquals(
                    "windows10.0-kb5050000-x64.msu", placed.get(0).getFileName().toString());
            assertArrayEquals(sample.content.get("windows10.0-kb5050000-x64.msu"), Files.readAllBytes(placed.get(0)));
        }
    }

    @Test
    void aBundleOfTheScanFileKeepsItsMetadata() throws Exception {
        Path bundle = tmp.resolve("bundle");
        Run r = wudl(
                "bundle",
                "--catalog",
                signed.toString(),
                "--test-only-trust-root",
                signer.rootPem().toString(),
                "--kb",
                "5050000",
                "--out",
                bundle.toString(),
                "--quiet");
        assertEquals(0, r.status(), r.toString());
        Run fromScanFile = wudl(
                "search",
                "--catalog",
                signed.toString(),
                "--test-only-trust-root",
                signer.rootPem().toString(),
                "--kb",
                "5050000",
                "--json");
        Run fromBundle =
                wudl("search", "--catalog", bundle.resolve("catalog.json").toString(), "--json");
        assertEquals(0, fromBundle.status(), fromBundle.toString());
        ObjectMapper json = new ObjectMapper();
        Object scanUpdates = json.readValue(fromScanFile.out(), Map.class).get("updates");
        Object bundleUpdates = json.readValue(fromBundle.out(), Map.class).get("updates");
        assertEquals(1, ((List<?>) scanUpdates).size(), fromScanFile.out());
        // the same updates, categories (GUIDs, types), supersedence, severity, dates and sizes
        assertEquals(scanUpdates, bundleUpdates);
        assertEquals(0, wudl("bundle", "--verify", bundle.toString()).status());
    }

    @Test
    void aScriptUsesMicrosoftsOfflineScanFlowUnchanged() throws Exception {
        Path script = Files.writeString(
                tmp.resolve("offline.js"),
                String.join(
                        "\n",
                        "var session = new ActiveXObject('Microsoft.Update.Session');",
                        "var manager = new ActiveXObject('Microsoft.Update.ServiceManager');",
                        "var service = manager.AddScanPackageService('Offline Sync Service', WScript.Arguments(0), 1);",
                        "var searcher = session.CreateUpdateSearcher();",
                        "searcher.ServerSelection = 3;",
                        "searcher.ServiceID = service.ServiceID;",
                        "var result = searcher.Search(\"IsInstalled=0 and CategoryIDs contains '0fa1201d-4330-4fa8-8ae9-b877473b6441'\");",
                        "for (var i = 0; i < result.Updates.Count; i++) {",
                        "  var u = result.Updates.Item(i);",
                        "  WScript.Echo(u.Title + ' | KB' + u.KBArticleIDs.Item(0) + ' | ' + u.MsrcSeverity + ' | '"
                                + " + u.Categories.Item(2).Name + ' ' + u.Categories.Item(2).Type + ' | superseding '"
                                + " + u.SupersededUpdateIDs.Item(0));",
                        "}",
                        "var downloader = session.CreateUpdateDownloader();",
                        "downloader.Updates = result.Updates;",
                        "WScript.Echo('result ' + downloader.Download().ResultCode);",
                        ""));
        Run r = wudl(
                "run",
                "--catalog",
                signed.toString(),
                "--test-only-trust-root",
                signer.rootPem().toString(),
                script.toString(),
                signed.toString());
        assertEquals(0, r.status(), r.err() + r.out());
        assertTrue(
                r.out()
                        .contains("(KB5050000) | KB5050000 | Critical | Security Updates UpdateClassification |"
                                + " superseding " + SampleScanFile.OCTOBER_CU),
                r.out());
        assertTrue(r.out().contains("result 2"), r.out());
    }

    @Test
    void aRemoteScanFileIsFetchedIntoTheCacheOnceAndVerified() throws Exception {
        String url = server.uri("/wsusscn2.cab").toString();
        assertEquals(3, searchIds(url).size());
        int fetched = server.requestCount("/wsusscn2.cab");
        assertEquals(3, searchIds(url).size());
        assertTrue(
                server.requestCount("/wsusscn2.cab") <= fetched + 1,
                "the second search finds the file in the cache (at most the probe of its first bytes is fetched)");
    }

    @Test
    void refusesAnUnsignedOrUntrustedFileSayingWhichCheckFailed() throws Exception {
        Path unsigned = dir.resolve("unsigned-wsusscn2.cab");
        Run r = wudl(
                "search",
                "--catalog",
                unsigned.toString(),
                "--test-only-trust-root",
                signer.rootPem().toString());
        assertEquals(2, r.status(), r.err());
        assertTrue(r.err().contains("not Authenticode-signed"), r.err());
        Run untrusted = wudl("search", "--catalog", signed.toString());
        assertEquals(2, untrusted.status(), untrusted.err());
        assertTrue(untrusted.err().contains("wsusscn2.cab"), untrusted.err());
        Run missingRoot = wudl(
                "search",
                "--catalog",
                signed.toString(),
                "--test-only-trust-root",
                tmp.resolve("none.pem").toString());
        assertEquals(2, missingRoot.status());
        assertTrue(missingRoot.err().contains("--test-only-trust-root"), missingRoot.err());
    }
}
