package io.github.wudl.scanfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.cab.CabinetSignature;
import io.github.wudl.cab.CabinetTrust;
import io.github.wudl.catalog.Catalog;
import io.github.wudl.catalog.CatalogCategory;
import io.github.wudl.catalog.CatalogFile;
import io.github.wudl.catalog.CatalogUpdate;
import io.github.wudl.catalog.Criteria;
import io.github.wudl.testing.TestSigner;
import io.github.wudl.wua.Digests;
import io.github.wudl.wua.UpdateType;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A signed scan file of the real shape read as a catalog: every field WUA shows, the index, the refusals. */
@Timeout(120)
class ScanFileCatalogTest {
    @TempDir
    static Path dir;

    private static SampleScanFile sample;
    private static TestSigner signer;
    private static Path signed;

    @TempDir
    Path cache;

    private final AtomicInteger signatureChecks = new AtomicInteger();
    private final List<String> warnings = new ArrayList<>();

    @BeforeAll
    static void write() throws Exception {
        sample = new SampleScanFile("http://127.0.0.1:9");
        signer = TestSigner.create(dir.resolve("pki"), "wudl scan test");
        signed = sample.writeSigned(dir, signer);
    }

    private ScanFileOptions options(String language, boolean superseded) {
        return new ScanFileOptions(
                cache,
                language,
                superseded,
                file -> {
                    signatureChecks.incrementAndGet();
                    new CabinetSignature(CabinetTrust.microsoft()
                                    .withTestRoot(CabinetTrust.readCertificate(signer.rootPem())))
                            .verify(file);
                },
                warnings::add);
    }

    private Catalog read(String language, boolean superseded) throws Exception {
        return ScanFile.read(signed, signed.toUri(), options(language, superseded));
    }

    @Test
    void showsTheUpdatesAsWuaDoes() throws Exception {
        Catalog catalog = read("", false);
        List<String> ids = catalog.updates().stream().map(CatalogUpdate::id).toList();
        assertEquals(
                List.of(SampleScanFile.NOVEMBER_CU, SampleScanFile.SERVICING_STACK, SampleScanFile.DRIVER),
                ids,
                "categories, bundled children, the detectoid and the superseded October update are not listed");
        CatalogUpdate cu = catalog.find(SampleScanFile.NOVEMBER_CU);
        assertTrue(
                cu.title().startsWith("2026-11 Cumulative Update for Microsoft server operating system"), cu.title());
        assertEquals("Install this update to resolve issues in Windows.", cu.description());
        assertEquals(200, cu.revision());
        assertEquals(List.of("5050000"), cu.kb());
        assertEquals("Critical", cu.msrcSeverity());
        assertEquals("https://support.microsoft.com/help/5050000", cu.supportUrl());
        assertEquals(List.of(SampleScanFile.OCTOBER_CU), cu.supersededUpdateIds());
        assertEquals("Installation", cu.deploymentAction());
        assertFalse(cu.installed(), "no applicability is evaluated: IsInstalled is 0");
        assertEquals(UpdateType.Software, cu.type());
        assertEquals(
                List.of(
                        new CatalogCategory("56309036-4c77-4dd9-951a-99ee9c246a94", "Microsoft", "Company"),
                        new CatalogCategory(
                                "71718f13-7324-4b0f-8f9e-2ca9dc978e53",
                                "Microsoft Server operating system-21H2",
                                "Product"),
                        new CatalogCategory(
                                "0fa1201d-4330-4fa8-8ae9-b877473b6441", "Security Updates", "UpdateClassification")),
                cu.categories());
        assertTrue(cu.files().isEmpty(), "a bundle's content is its child's");
        assertEquals(1, cu.bundled().size());
        CatalogUpdate child = cu.bundled().get(0);
        assertEquals(SampleScanFile.NOVEMBER_CU_CHILD, child.id());
        CatalogFile msu = child.files().get(0);
        byte[] bytes = sample.content.get("windows10.0-kb5050000-x64.msu");
        assertEquals("windows10.0-kb5050000-x64.msu", msu.name());
        assertEquals(bytes.length, msu.size());
        assertEquals(Digests.SHA256, msu.digestAlgorithm());
        assertEquals(Digests.hex(MessageDigest.getInstance("SHA-256").digest(bytes)), msu.digestHex());
        assertNotNull(msu.sha1Also(), "the SHA-1 the file gives is checked too");
        assertTrue(
                msu.url()
                        .toString()
                        .startsWith("http://127.0.0.1:9/d/msdownload/update/software/secu/2026/11/"
                                + "windows10.0-kb5050000-x64_"),
                msu.url().toString());
        assertEquals(70_000, cu.maxDownloadSize());

        CatalogUpdate ssu = catalog.find(SampleScanFile.SERVICING_STACK);
        assertTrue(ssu.beta());
        assertEquals(Digests.SHA1, ssu.files().get(0).digestAlgorithm(), "SHA-1 where the file gives no SHA-256");
        assertNull(ssu.files().get(0).sha1Also());
        assertEquals(UpdateType.Driver, catalog.find(SampleScanFile.DRIVER).type());
    }

    @Test
    void criteriaSelectByTheRealCategoryGuidsAndNames() throws Exception {
        Catalog catalog = read("", false);
        assertEquals(
                List.of(SampleScanFile.NOVEMBER_CU),
                select(catalog, "IsInstalled=0 and CategoryIDs contains '0fa1201d-4330-4fa8-8ae9-b877473b6441'"));
        assertEquals(
                List.of(SampleScanFile.NOVEMBER_CU, SampleScanFile.SERVICING_STACK),
                select(catalog, "CategoryIDs contains '71718F13-7324-4B0F-8F9E-2CA9DC978E53'"));
        assertEquals(List.of(SampleScanFile.DRIVER), select(catalog, "Type='Driver'"));
        assertEquals(List.of(SampleScanFile.SERVICING_STACK), select(catalog, "CategoryIDs contains 'Updates'"));
    }

    private static List<String> select(Catalog catalog, String criteria) {
        Criteria c = Criteria.parse(criteria);
        return catalog.updates().stream()
                .filter(c::matches)
                .map(CatalogUpdate::id)
                .toList();
    }

    @Test
    void supersededUpdatesOnlyWhenAskedFor() throws Exception {
        Catalog all = read("", true);
        CatalogUpdate october = all.find(SampleScanFile.OCTOBER_CU);
        assertNotNull(october);
        assertEquals(
                "windows10.0-kb5040000-x64.msu",
                october.bundled().get(0).files().get(0).name());
    }

    @Test
    void titlesInTheLanguageAskedForWhereTheFileHasThem() throws Exception {
        Catalog german = read("de", false);
        assertTrue(german.find(SampleScanFile.NOVEMBER_CU).title().startsWith("2026-11 Kumulatives Update"));
        assertEquals(
                "Installieren Sie dieses Update.",
                german.find(SampleScanFile.NOVEMBER_CU).description());
    }

    @Test
    void laterOpensReadTheIndexOnlyAndADamagedIndexIsRebuilt() throws Exception {
        Catalog first = read("", false);
        assertEquals(1, signatureChecks.get());
        try (Stream<Path> files = Files.list(cache.resolve("scanfile"))) {
            List<Path> index =
                    files.filter(p -> p.toString().endsWith(".index")).toList();
            assertEquals(1, index.size());
            String sha = ScanFile.sha256Hex(signed);
            assertTrue(index.get(0).getFileName().toString().startsWith(sha), index.toString());
            Catalog second = read("", false);
            assertEquals(1, signatureChecks.get(), "the unchanged file is not hashed or checked again");
            assertEquals(first, second);
            byte[] bytes = Files.readAllBytes(index.get(0));
            Files.write(index.get(0), java.util.Arrays.copyOf(bytes, bytes.length / 2));
            assertEquals(first, read("", false), "a cut index is rebuilt from the file");
        }
    }

    @Test
    void anUnsignedOrAlteredFileIsRefusedBeforeAnythingIsBelieved() throws Exception {
        Path unsigned = dir.resolve("unsigned-wsusscn2.cab");
        Exception e =
                assertThrows(Exception.class, () -> ScanFile.read(unsigned, unsigned.toUri(), options("", false)));
        assertTrue(e.getMessage().contains("not Authenticode-signed"), e.getMessage());
        Path altered = Files.copy(signed, dir.resolve("altered.cab"));
        byte[] bytes = Files.readAllBytes(altered);
        bytes[bytes.length / 3] ^= 0x01;
        Files.write(altered, bytes);
        e = assertThrows(Exception.class, () -> ScanFile.read(altered, altered.toUri(), options("", false)));
        assertTrue(e.getMessage().contains("altered after signing"), e.getMessage());
        try (Stream<Path> files = Files.list(cache.resolve("scanfile"))) {
            assertEquals(List.of(), files.toList(), "no index and no memo for a refused file");
        }
        Exception untrusted =
                assertThrows(Exception.class, () -> new CabinetSignature(CabinetTrust.microsoft()).verify(signed));
        assertFalse(untrusted.getMessage().isEmpty());
    }
}
