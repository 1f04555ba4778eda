package io.github.wudl.scanfile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.github.wudl.catalog.Catalog;
import io.github.wudl.catalog.CatalogCategory;
import io.github.wudl.catalog.CatalogFile;
import io.github.wudl.catalog.CatalogUpdate;
import io.github.wudl.wua.Digests;
import io.github.wudl.wua.UpdateType;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The cached index of a scan file: what is written reads back exactly, and nothing damaged reads at all. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ScanFileIndexTest {
    private static final String SHA = "ab".repeat(32);
    private static final URI LOCATION = URI.create("file:///scan/wsusscn2.cab");

    @TempDir
    Path dir;

    private static CatalogUpdate update(int i, boolean withChild) {
        byte[] sha256 = new byte[32];
        byte[] sha1 = new byte[20];
        new Random(i).nextBytes(sha256);
        new Random(-i).nextBytes(sha1);
        CatalogFile file = CatalogFile.ofUrlText(
                        "windows10.0-kb" + i + "-x64.msu",
                        "http://download.windowsupdate.com/d/msdownload/update/software/" + i + ".msu",
                        1000L + i,
                        Digests.SHA256,
                        sha256)
                .withSha1Also(sha1);
        CatalogUpdate.Builder b = CatalogUpdate.builder(
                        String.format("%08x-0000-4000-8000-%012x", i, i), "Update " + i + " (KB" + (5000000 + i) + ")")
                .revision(100 + i % 7)
                .kb(List.of(String.valueOf(5000000 + i)))
                .description(i % 3 == 0 ? "Install this update." : "Descriptions repeat, " + i % 5)
                .type(i % 11 == 0 ? UpdateType.Driver : UpdateType.Software)
                .addCategory(new CatalogCategory(
                        "0fa1201d-4330-4fa8-8ae9-b877473b6441", "Security Updates", "UpdateClassification"))
                .addCategory(new CatalogCategory("p" + i % 4, "Product " + i % 4, "Product"))
                .msrcSeverity(i % 2 == 0 ? "Critical" : "")
                .supportUrl("https://support.microsoft.com/help/" + (5000000 + i % 3))
                .beta(i % 13 == 0)
                .lastDeploymentChangeTime(i % 9 == 0 ? null : Instant.ofEpochSecond(1_700_000_000L + i))
                .supersededUpdateIds(
                        i % 4 == 0 ? List.of(String.format("%08x-0000-4000-8000-%012x", i + 1, 1)) : List.of());
        if (withChild) {
            b.addBundled(update(i + 1_000_000, false));
        } else {
            b.addFile(file);
        }
        return b.build();
    }

    private static ScanFileIndex index(int count) {
        List<ScanFileIndex.Entry> entries = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            entries.add(new ScanFileIndex.Entry(update(i, i % 3 == 1), i % 5 == 0));
        }
        return new ScanFileIndex(SHA, "", "2026-11-10T00:00:00Z", entries, 3, 2);
    }

    @Test
    void whatIsWrittenReadsBackExactlyAcrossChunks() throws Exception {
        ScanFileIndex written = index(5000); // more than two chunks of 2048
        Path file = dir.resolve("x.index");
        written.write(file);
        ScanFileIndex read = ScanFileIndex.readIfValid(file, SHA, "");
        assertNotNull(read);
        assertEquals(written.entries, read.entries);
        assertEquals(written.creationDate, read.creationDate);

        List<String> warnings = new ArrayList<>();
        Catalog all = read.catalog(LOCATION, true, warnings::add);
        assertEquals(5000, all.updates().size());
        assertEquals(
                List.of("5 updates of the scan file are left out: a file of theirs has no location or no size in"
                        + " the file"),
                warnings);
        warnings.clear();
        Catalog current = read.catalog(LOCATION, false, warnings::add);
        assertEquals(4000, current.updates().size(), "every fifth is superseded");
        assertEquals(
                List.of("3 updates of the scan file are left out: a file of theirs has no location or no size in"
                        + " the file"),
                warnings);

        assertNull(ScanFileIndex.readIfValid(file, "cd".repeat(32), ""), "another scan file's index");
        assertNull(ScanFileIndex.readIfValid(file, SHA, "de"), "another language's index");
    }

    @Test
    void aCutOrAlteredIndexNeverReads() throws Exception {
        Path file = dir.resolve("small.index");
        index(40).write(file);
        byte[] bytes = Files.readAllBytes(file);
        Path damaged = dir.resolve("damaged.index");
        for (int cut = 0; cut < bytes.length; cut += Math.max(1, bytes.length / 300)) {
            Files.write(damaged, Arrays.copyOf(bytes, cut));
            assertNull(ScanFileIndex.readIfValid(damaged, SHA, ""), "cut at " + cut);
        }
        byte[] longer = Arrays.copyOf(bytes, bytes.length + 1);
        Files.write(damaged, longer);
        assertNull(ScanFileIndex.readIfValid(damaged, SHA, ""), "a byte after the end");

        // a flipped byte either reads as null or as an index of valid updates: never an exception, never a hang
        Random random = new Random(7);
        for (int i = 0; i < 400; i++) {
            byte[] copy = bytes.clone();
            copy[random.nextInt(copy.length)] ^= (byte) (1 << random.nextInt(8));
            Files.write(damaged, copy);
            ScanFileIndex read = ScanFileIndex.readIfValid(damaged, SHA, "");
            if (read != null) {
                read.catalog(LOCATION, true, w -> {});
            }
        }
    }
}
