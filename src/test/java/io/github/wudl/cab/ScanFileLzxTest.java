package io.github.wudl.cab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.catalog.Catalog;
import io.github.wudl.scanfile.SampleScanFile;
import io.github.wudl.scanfile.ScanFile;
import io.github.wudl.scanfile.ScanFileOptions;
import io.github.wudl.testing.TestSigner;
import io.github.wudl.testing.Tools;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Microsoft compresses the detail cabinets of its offline scan file with LZX (gcab writes only MSZIP): the same
 * scan file, its detail cabinets re-encoded as LZX by the test encoder (whose output cabextract reads, {@link
 * LzxDecoderTest}) and its outer cabinet written by the test writer, reads as the same catalog.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScanFileLzxTest {
    @TempDir
    Path dir;

    @Test
    void detailCabinetsInLzxReadAsTheSameCatalog() throws Exception {
        Tools.require("gcab");
        Tools.require("osslsigncode");
        SampleScanFile sample = new SampleScanFile("http://127.0.0.1:9");
        TestSigner signer = TestSigner.create(dir.resolve("pki"), "wudl lzx test");
        Path mszip = sample.writeSigned(Files.createDirectories(dir.resolve("mszip")), signer);

        // the outer cabinet's entries, each detail cabinet re-encoded with LZX (window 2^16, 21 for the last)
        Map<String, byte[]> outer = entries(mszip);
        int recoded = 0;
        for (Map.Entry<String, byte[]> e : outer.entrySet()) {
            String name = e.getKey();
            if (name.matches("package[0-9]+\\.cab")) {
                Path inner = dir.resolve(name);
                Files.write(inner, e.getValue());
                TestCabinetWriter lzx = new TestCabinetWriter();
                TestCabinetWriter.Folder folder = lzx.lzxFolder(new LzxTestEncoder(recoded == 0 ? 16 : 21));
                entries(inner).forEach(folder::file);
                e.setValue(lzx.toBytes());
                recoded++;
            }
        }
        assertTrue(recoded >= 2, "the sample has detail cabinets: " + outer.keySet());
        TestCabinetWriter top = new TestCabinetWriter();
        TestCabinetWriter.Folder stored = top.folder(TestCabinetWriter.STORED);
        outer.forEach(stored::file);
        Path unsigned = top.write(dir.resolve("lzx-unsigned.cab"));
        Path lzx = signer.sign(unsigned, dir.resolve("lzx-wsusscn2.cab"));

        Catalog fromMszip = read(mszip, signer, dir.resolve("cache-mszip"));
        Catalog fromLzx = read(lzx, signer, dir.resolve("cache-lzx"));
        assertEquals(3, fromMszip.updates().size());
        assertEquals(fromMszip.updates(), fromLzx.updates());
    }

    private static Map<String, byte[]> entries(Path cab) throws Exception {
        Map<String, byte[]> out = new LinkedHashMap<>();
        try (Cabinet c = Cabinet.open(cab, cab.getFileName().toString(), CabinetLimits.DEFAULT)) {
            c.extract(e -> true, (entry, in) -> out.put(entry.name(), in.readAllBytes()));
        }
        return out;
    }

    private static Catalog read(Path file, TestSigner signer, Path cache) throws Exception {
        List<String> warnings = new ArrayList<>();
        Catalog c = ScanFile.read(
                file,
                file.toUri(),
                new ScanFileOptions(
                        cache,
                        "",
                        false,
                        f -> new CabinetSignature(CabinetTrust.microsoft()
                                        .withTestRoot(CabinetTrust.readCertificate(signer.rootPem())))
                                .verify(f),
                        warnings::add));
        assertEquals(List.of(), warnings);
        return c;
    }
}
