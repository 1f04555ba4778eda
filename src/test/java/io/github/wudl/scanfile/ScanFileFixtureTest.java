package io.github.wudl.scanfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.scanfile.ScanFileFixture.Written;
import io.github.wudl.scanfile.ScanModel.PayloadFile;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The synthetic scan file has the real shape: checked from outside with cabextract and a StAX pass. */
class ScanFileFixtureTest {
    private static final Pattern LISTED = Pattern.compile("^\\s*\\d+ \\| [0-9. :]+ \\| (.+)$");
    private static final String SHA1 = "0123456789abcdef0123456789abcdef01234567";
    private static final String SHA256 = "ab".repeat(32);

    @TempDir
    static Path dir;

    private static ScanModel model;
    private static Written written;
    private static Path extracted;

    @BeforeAll
    static void generate() throws IOException {
        io.github.wudl.testing.Tools.require("gcab");
        io.github.wudl.testing.Tools.require("cabextract");
        model = smallModel();
        written = ScanFileFixture.write(model, dir.resolve("out/wsusscn2.cab"), 3);
        extracted = Files.createDirectories(dir.resolve("x"));
        cabextract(
                extracted, "-q", "-d", extracted.toString(), written.scanFile().toString());
    }

    static ScanModel smallModel() {
        ScanModel m = new ScanModel();
        m.category(ScanModel.COMPANY, ScanModel.MICROSOFT, 1001, "Microsoft");
        m.category(ScanModel.PRODUCT_FAMILY, ScanModel.WINDOWS, 1002, "Windows").prerequisite(ScanModel.MICROSOFT);
        m.category(ScanModel.PRODUCT, ScanModel.WINDOWS_SERVER_2022, 1003, "Windows Server 2022")
                .prerequisite(ScanModel.WINDOWS);
        m.category(ScanModel.CLASSIFICATION, ScanModel.SECURITY_UPDATES, 1004, "Security Updates");
        String url = "http://download.windowsupdate.com/c/msdownload/update/software/secu/2026/11/";
        String msu = "windows10.0-kb5050000-x64_" + SHA1 + ".msu";
        m.update("aaaaaaaa-0000-4000-8000-0000000000a1", 300000)
                .deploymentAction("Bundle")
                .bundledBy(300001)
                .handler("Cbs")
                .kb("5050000")
                .payload(PayloadFile.of(msu, 123_456_789L, SHA1, SHA256, url + msu))
                .payload(PayloadFile.of("x.cab", 42L, SHA1.replace('0', 'f'), SHA256, url + "x.cab"))
                .title("en", "2026-11 Cumulative Update for Windows Server 2022 (KB5050000)", "d");
        m.update("aaaaaaaa-0000-4000-8000-0000000000b0", 300001)
                .bundle(true)
                .category(ScanModel.PRODUCT, ScanModel.WINDOWS_SERVER_2022)
                .category(ScanModel.CLASSIFICATION, ScanModel.SECURITY_UPDATES)
                .prerequisite(ScanModel.WINDOWS_SERVER_2022)
                .prerequisiteAnyOf("dddddddd-0000-4000-8000-000000000001", "dddddddd-0000-4000-8000-000000000002")
                .supersededBy(300011)
                .bundles("aaaaaaaa-0000-4000-8000-0000000000a1")
                .kb("5050000")
                .msrcSeverity("Critical")
                .supportUrl("https://support.microsoft.com/help/5050000")
                .title("en", "2026-11 Cumulative Update for Windows Server 2022 for x64-based Systems (KB5050000)", "d")
                .title("de", "2026-11 Kumulatives Update für Windows Server 2022 (KB5050000) & mehr", "Beschreibung");
        m.update("bbbbbbbb-0000-4000-8000-0000000000a1", 300010)
                .deploymentAction("Bundle")
                .bundledBy(300011)
                .title("en", "2026-12 Cumulative Update (KB5050100)", "d");
        m.update("bbbbbbbb-0000-4000-8000-0000000000b0", 300011)
                .bundle(true)
                .beta(true)
                .category(ScanModel.CLASSIFICATION, ScanModel.SECURITY_UPDATES)
                .eula("License terms")
                .title("en", "2026-12 Cumulative Update (KB5050100)", "d");
        return m;
    }

    @Test
    void theOuterCabinetHoldsIndexPackageAndTheDetailCabinets() throws IOException {
        assertEquals(
                List.of("index.xml", "package.cab", "package2.cab", "package3.cab", "package4.cab"),
                list(written.scanFile()));
        assertEquals(List.of("package.xml"), list(extracted.resolve("package.cab")));
    }

    @Test
    void indexRangesMatchWhatEachDetailCabinetHolds() throws IOException, XMLStreamException {
        List<Map<String, String>> cabs = new ArrayList<>();
        try (Reader r = Files.newBufferedReader(extracted.resolve("index.xml"), StandardCharsets.UTF_8)) {
            XMLStreamReader x = XMLInputFactory.newInstance().createXMLStreamReader(r);
            while (x.hasNext()) {
                if (x.next() == XMLStreamConstants.START_ELEMENT
                        && x.getLocalName().equals("CAB")) {
                    Map<String, String> a = new HashMap<>();
                    for (int i = 0; i < x.getAttributeCount(); i++)
                        a.put(x.getAttributeLocalName(i), x.getAttributeValue(i));
                    cabs.add(a);
                }
            }
        }
        assertEquals("package.cab", cabs.get(0).get("NAME"));
        assertNull(cabs.get(0).get("RANGESTART"), "package.cab has no RANGESTART");
        assertEquals("0", cabs.get(1).get("RANGESTART"));
        assertEquals("1", cabs.get(1).get("FILESDIR"));
        Set<Integer> seen = new TreeSet<>();
        for (int k = 1; k < cabs.size(); k++) {
            int start = Integer.parseInt(cabs.get(k).get("RANGESTART"));
            int end = k + 1 < cabs.size() ? Integer.parseInt(cabs.get(k + 1).get("RANGESTART")) : Integer.MAX_VALUE;
            List<String> entries = list(extracted.resolve(cabs.get(k).get("NAME")));
            Set<String> names = new HashSet<>(entries);
            for (String e : entries) {
                if (!e.startsWith("c/")) continue;
                int rev = Integer.parseInt(e.substring(2));
                assertTrue(rev >= start && rev < end, e + " outside [" + start + ", " + end + ")");
                assertTrue(seen.add(rev), "one c/ per update: " + e);
                assertTrue(names.contains("x/" + rev), "x/ beside c/ for " + rev);
                assertTrue(names.contains("l/en/" + rev), "l/en/ beside c/ for " + rev);
            }
        }
        Set<Integer> revisions = new TreeSet<>();
        model.updates().forEach(u -> revisions.add(u.revisionId()));
        assertEquals(revisions, seen);
    }

    @Test
    void packageXmlIsWellFormedAndHoldsEveryUpdateAndFileLocation() throws IOException, XMLStreamException {
        Path pkg = Files.createDirectories(dir.resolve("pkg"));
        cabextract(
                pkg,
                "-q",
                "-d",
                pkg.toString(),
                extracted.resolve("package.cab").toString());
        int updates = 0;
        int locations = 0;
        int payloadRefs = 0;
        String root = null;
        try (Reader r = Files.newBufferedReader(pkg.resolve("package.xml"), StandardCharsets.UTF_8)) {
            XMLStreamReader x = XMLInputFactory.newInstance().createXMLStreamReader(r);
            while (x.hasNext()) {
                if (x.next() != XMLStreamConstants.START_ELEMENT) continue;
                if (root == null) {
                    root = x.getLocalName();
                    assertEquals(FixtureXml.OFFLINE_SYNC, x.getNamespaceURI());
                    assertEquals("1.1", x.getAttributeValue(null, "PackageVersion"));
                }
                switch (x.getLocalName()) {
                    case "Update" -> updates++;
                    case "FileLocation" -> locations++;
                    case "File" -> payloadRefs++;
                    default -> {}
                }
            }
        }
        assertEquals("OfflineSyncPackage", root);
        assertEquals(model.updates().size(), updates);
        assertEquals(2, locations);
        assertEquals(3, payloadRefs, "2 PayloadFiles/File + 1 EulaFiles/File");
        assertEquals(2, written.fileLocations());
    }

    @Test
    void fragmentsHaveTheRealPathsAndParse() throws IOException, XMLStreamException {
        Map<String, Path> where = new HashMap<>();
        for (var cab : written.detailCabs()) {
            Path d = Files.createDirectories(dir.resolve("d-" + cab.name()));
            cabextract(
                    d, "-q", "-d", d.toString(), extracted.resolve(cab.name()).toString());
            for (String e : list(extracted.resolve(cab.name()))) where.put(e, d.resolve(e));
        }
        String de = Files.readString(where.get("l/de/300001"), StandardCharsets.UTF_8);
        assertTrue(de.startsWith("<LocalizedProperties><Language>de</Language><Title>"), de);
        assertTrue(de.contains("für Windows Server 2022 (KB5050000) &amp; mehr"), de);
        assertFalse(where.containsKey("l/de/300000"), "German only where the model has it");
        String x = Files.readString(where.get("x/300000"), StandardCharsets.UTF_8);
        assertTrue(x.startsWith("<ExtendedProperties DefaultPropertiesLanguage=\"en\" Handler="), x);
        assertTrue(x.contains("<Files><File Digest=\"ASNFZ4mrze8BI0VniavN7wEjRWc=\" DigestAlgorithm=\"SHA1\""), x);
        assertTrue(x.contains("<AdditionalDigest Algorithm=\"SHA256\">"), x);
        assertEquals("License terms", Files.readString(where.get("e/300011"), StandardCharsets.UTF_8));
        for (Map.Entry<String, Path> e : where.entrySet()) {
            if (e.getKey().startsWith("e/")) continue;
            String text = Files.readString(e.getValue(), StandardCharsets.UTF_8);
            assertFalse(text.startsWith("<?xml"), "fragments carry no declaration: " + e.getKey());
            wellFormed("<fragment>" + text + "</fragment>");
        }
        String core = Files.readString(where.get("c/1003"), StandardCharsets.UTF_8);
        assertTrue(core.contains("<Properties UpdateType=\"Category\" />"), core);
    }

    @Test
    void theRealSizeGeneratorKeepsItsCountsAtSmallScale() throws IOException {
        Written w = ScanFileFixture.writeRealSize(dir.resolve("real/wsusscn2.cab"), 4001, 2900, 7L);
        assertEquals(4001, w.updates());
        assertEquals(2900, w.fileLocations());
        assertEquals(2, w.detailCabs().size());
        List<String> top = list(w.scanFile());
        assertEquals(List.of("index.xml", "package.cab", "package2.cab", "package3.cab"), top);
        int last = -1;
        for (var cab : w.detailCabs()) {
            assertTrue(cab.firstRevision() > last, "ranges ascend: " + cab);
            last = cab.lastRevision();
        }
    }

    private static void wellFormed(String xml) throws XMLStreamException {
        XMLStreamReader x = XMLInputFactory.newInstance().createXMLStreamReader(new StringReader(xml));
        while (x.hasNext()) x.next();
    }

    private static List<String> list(Path cab) throws IOException {
        List<String> names = new ArrayList<>();
        for (String line :
                cabextract(cab.getParent(), "-l", cab.toString()).lines().toList()) {
            Matcher m = LISTED.matcher(line);
            if (m.matches()) names.add(m.group(1).trim());
        }
        return names;
    }

    private static String cabextract(Path workDir, String... args) throws IOException {
        List<String> cmd = new ArrayList<>(List.of("cabextract"));
        cmd.addAll(List.of(args));
        return ScanFileFixture.run(workDir, cmd);
    }
}
