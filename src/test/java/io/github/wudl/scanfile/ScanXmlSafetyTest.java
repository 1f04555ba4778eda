package io.github.wudl.scanfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** The XML of a scan file is hostile until read: no DTD, no entity, bounded depth and values; names in refusals. */
@Timeout(30)
class ScanXmlSafetyTest {
    private static final String NS = "http://schemas.microsoft.com/msus/2004/02/OfflineSync";

    private static PackageXml packageXml(String xml) throws ScanFileException {
        return PackageXml.read(
                new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)), "wsusscn2.cab!package.cab!package.xml");
    }

    private static String refusal(String xml) {
        return assertThrows(ScanFileException.class, () -> packageXml(xml)).getMessage();
    }

    @Test
    void readsUpdatesAndFileLocationsWithOrWithoutTheNamespace() throws Exception {
        String body = "<Updates><Update CreationDate=\"2026-11-11T18:00:00Z\" DefaultLanguage=\"en\""
                + " UpdateId=\"0A1B2C3D-0000-4000-8000-000000000001\" RevisionNumber=\"201\" RevisionId=\"300001\""
                + " IsLeaf=\"true\" IsBundle=\"true\"><Prerequisites><Or><UpdateId Id=\"x\"/></Or></Prerequisites>"
                + "<Categories><Category Type=\"Product\" Id=\"71718f13-7324-4b0f-8f9e-2ca9dc978e53\"/></Categories>"
                + "<SupersededBy><Revision Id=\"300009\"/></SupersededBy><Unknown><Deep/></Unknown></Update>"
                + "<Update UpdateId=\"0a1b2c3d-0000-4000-8000-000000000002\" RevisionNumber=\"1\" RevisionId=\"299990\""
                + " DeploymentAction=\"Bundle\"><BundledBy><Revision Id=\"300001\"/></BundledBy>"
                + "<PayloadFiles><File Id=\"AAAAAAAAAAAAAAAAAAAAAAAAAAA=\"/></PayloadFiles></Update></Updates>"
                + "<FileLocations><FileLocation Id=\"AAAAAAAAAAAAAAAAAAAAAAAAAAA=\" Url=\"http://example.test/a.cab\"/>"
                + "</FileLocations>";
        for (String root : List.of(
                "<OfflineSyncPackage xmlns=\"" + NS + "\" CreationDate=\"2026-11-12\">",
                "<OfflineSyncPackage CreationDate=\"2026-11-12\">")) {
            PackageXml p =
                    packageXml("<?xml version=\"1.0\" encoding=\"utf-8\"?>" + root + body + "</OfflineSyncPackage>");
            assertEquals(2, p.updates.size());
            ScanUpdate bundle = p.updates.get(0);
            assertEquals("0a1b2c3d-0000-4000-8000-000000000001", bundle.updateId());
            assertEquals(300001, bundle.revisionId());
            assertTrue(bundle.bundle() && bundle.leaf());
            assertEquals(
                    List.of(new ScanUpdate.CategoryRef("Product", "71718f13-7324-4b0f-8f9e-2ca9dc978e53")),
                    bundle.categories());
            assertEquals(300009, bundle.supersededBy()[0]);
            ScanUpdate child = p.updates.get(1);
            assertEquals("Bundle", child.deploymentAction());
            assertEquals(300001, child.bundledBy()[0]);
            assertEquals(List.of("AAAAAAAAAAAAAAAAAAAAAAAAAAA="), child.payloadFiles());
            assertEquals("http://example.test/a.cab", p.fileLocations.get("AAAAAAAAAAAAAAAAAAAAAAAAAAA="));
            assertEquals("2026-11-12", p.creationDate);
        }
    }

    @Test
    void refusesADtdAndEntities() {
        String message = refusal("<!DOCTYPE OfflineSyncPackage [<!ENTITY x SYSTEM \"file:///etc/passwd\">]>"
                + "<OfflineSyncPackage>&x;</OfflineSyncPackage>");
        assertTrue(message.startsWith("wsusscn2.cab!package.cab!package.xml "), message);
        assertTrue(message.contains("DTD") || message.contains("entity"), message);
    }

    @Test
    void refusesABillionLaughs() {
        StringBuilder dtd = new StringBuilder("<!DOCTYPE r [<!ENTITY a \"aaaaaaaaaa\">");
        for (int i = 1; i < 10; i++) {
            dtd.append("<!ENTITY a")
                    .append(i)
                    .append(" \"&a")
                    .append(i == 1 ? "" : String.valueOf(i - 1))
                    .append(";".repeat(1))
                    .append("\">");
        }
        dtd.append("]>");
        String message = refusal(dtd + "<OfflineSyncPackage>&a9;</OfflineSyncPackage>");
        assertTrue(message.contains("package.xml"), message);
    }

    @Test
    void refusesDeepNesting() {
        String deep = "<a>".repeat(100) + "</a>".repeat(100);
        String message = refusal("<OfflineSyncPackage><Updates>" + deep + "</Updates></OfflineSyncPackage>");
        assertTrue(message.contains("deeper than " + ScanXml.MAX_DEPTH), message);
    }

    @Test
    void refusesWhatIsNotAPackageAndValuesThatAreNotWhatTheySay() {
        assertTrue(refusal("<catalog/>").contains("not an offline scan package"));
        assertTrue(refusal("<OfflineSyncPackage><Updates><Update UpdateId=\"nope\" RevisionId=\"1\"/></Updates>"
                        + "</OfflineSyncPackage>")
                .contains("Update 1 whose UpdateId \"nope\" is not a GUID"));
        assertTrue(refusal("<OfflineSyncPackage><Updates><Update RevisionId=\"-4\"/></Updates></OfflineSyncPackage>")
                .contains("RevisionId \"-4\" is not a number"));
        assertTrue(refusal("<OfflineSyncPackage><FileLocations><FileLocation Id=\"AAAAAAAAAAAAAAAAAAAAAAAAAAA=\""
                        + " Url=\"file:///etc/shadow\"/></FileLocations></OfflineSyncPackage>")
                .contains("not an http(s) URL"));
        assertTrue(refusal("<OfflineSyncPackage><Updates>").contains("not well-formed"));
    }

    @Test
    void readsTheExtendedAndLocalizedFragmentsOfTheRealShape() throws Exception {
        String x =
                "<ExtendedProperties DefaultPropertiesLanguage=\"en\" Handler=\"http://schemas.microsoft.com/msus/2002/12/UpdateHandlers/Cbs\""
                        + " MaxDownloadSize=\"10\" MinDownloadSize=\"0\" MsrcSeverity=\"Critical\" IsBeta=\"true\">"
                        + "<InstallationBehavior RebootBehavior=\"CanRequestReboot\"/><SupportUrl>https://support.example/5050000</SupportUrl>"
                        + "<KBArticleID>5050000</KBArticleID></ExtendedProperties><Files><File Digest=\"AAAAAAAAAAAAAAAAAAAAAAAAAAA=\""
                        + " DigestAlgorithm=\"SHA1\" FileName=\"windows10.0-kb5050000-x64.msu\" Size=\"123\" Modified=\"2026-11-01T00:00:00Z\">"
                        + "<AdditionalDigest Algorithm=\"SHA256\">AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=</AdditionalDigest></File></Files>"
                        + "<HandlerSpecificData type=\"cbs:Cbs\"><cbs:Thing/></HandlerSpecificData>";
        UpdateDetails d = Fragments.extended(x.getBytes(StandardCharsets.UTF_8), "package2.cab!x/300001");
        assertEquals(List.of("5050000"), d.kb());
        assertEquals("Critical", d.msrcSeverity());
        assertTrue(d.beta());
        assertEquals("https://support.example/5050000", d.supportUrl());
        assertEquals(
                List.of(new UpdateDetails.FileDetails(
                        "windows10.0-kb5050000-x64.msu",
                        123,
                        "AAAAAAAAAAAAAAAAAAAAAAAAAAA=",
                        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAA=")),
                d.files());
        String l = "<LocalizedProperties><Language>en</Language><Title>2026-11 Cumulative Update (KB5050000)</Title>"
                + "<Description>Install this &amp; restart.</Description></LocalizedProperties>";
        String[] text = Fragments.localized(l.getBytes(StandardCharsets.UTF_8), "package2.cab!l/en/300001");
        assertEquals("2026-11 Cumulative Update (KB5050000)", text[0]);
        assertEquals("Install this & restart.", text[1]);
    }

    @Test
    void refusesHostileFragmentsNamingThem() {
        String what = "package7.cab!x/300001";
        String bad = assertThrows(
                        ScanFileException.class,
                        () -> Fragments.extended(
                                "<ExtendedProperties><KBArticleID>50; rm -rf /</KBArticleID></ExtendedProperties>"
                                        .getBytes(StandardCharsets.UTF_8),
                                what))
                .getMessage();
        assertTrue(bad.startsWith(what) && bad.contains("KBArticleID"), bad);
        String escape = assertThrows(
                        ScanFileException.class,
                        () -> Fragments.extended("</wudl-fragment><x>".getBytes(StandardCharsets.UTF_8), what))
                .getMessage();
        assertTrue(escape.startsWith(what), escape);
        String dtd = assertThrows(
                        ScanFileException.class,
                        () -> Fragments.localized(
                                "<!DOCTYPE l [<!ENTITY e SYSTEM \"http://127.0.0.1:1/\">]><LocalizedProperties><Title>&e;</Title></LocalizedProperties>"
                                        .getBytes(StandardCharsets.UTF_8),
                                "package2.cab!l/en/1"))
                .getMessage();
        assertTrue(dtd.startsWith("package2.cab!l/en/1"), dtd);
    }
}
