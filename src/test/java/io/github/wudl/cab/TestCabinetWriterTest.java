package io.github.wudl.cab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Checks {@link TestCabinetWriter} against cabextract: stored and MSZIP cabinets (one and several blocks,
 * several folders, a reserve area, a UTF-8 name) test clean with {@code cabextract -t} (which checks the
 * CFDATA checksums) and extract to exactly the bytes written; a wrong checksum is noticed.
 */
class TestCabinetWriterTest {
    @TempDir
    Path dir;

    private static byte[] random(int size, long seed) {
        byte[] data = new byte[size];
        new Random(seed).nextBytes(data);
        return data;
    }

    private static byte[] text(int size) {
        StringBuilder sb = new StringBuilder();
        for (int i = 0; sb.length() < size; i++) {
            sb.append("line ").append(i % 977).append(": the quick brown fox jumps over the lazy dog\n");
        }
        return sb.substring(0, size).getBytes(StandardCharsets.US_ASCII);
    }

    private void assertExtracts(TestCabinetWriter writer, String... namesAndNothingElse) throws IOException {
        Path cab = writer.write(dir.resolve("t.cab"));
        Cabextract.Result test = Cabextract.test(cab);
        assertEquals(0, test.exitCode(), test.output());
        assertTrue(!test.output().contains("checksum"), test.output());
        Path out = Files.createDirectories(dir.resolve("out"));
        Cabextract.Result extract = Cabextract.extract(cab, out);
        assertEquals(0, extract.exitCode(), extract.output());
        int count = 0;
        for (TestCabinetWriter.Folder folder : writer.folders()) {
            for (TestCabinetWriter.CabFile file : folder.files) {
                assertArrayEquals(file.data, Files.readAllBytes(out.resolve(file.name)), file.name);
                count++;
            }
        }
        assertEquals(namesAndNothingElse.length, count);
    }

    @Test
    void storedCabinetsExtractExactly() throws IOException {
        TestCabinetWriter writer = new TestCabinetWriter();
        TestCabinetWriter.Folder folder = writer.folder(TestCabinetWriter.STORED);
        folder.file("empty.bin", new byte[0]);
        folder.file("one.bin", new byte[] {42});
        folder.file("odd.bin", random(32768 * 2 + 3, 1));
        writer.folder(TestCabinetWriter.STORED).file("second.txt", text(5001));
        assertExtracts(writer, "empty.bin", "one.bin", "odd.bin", "second.txt");
    }

    @Test
    void mszipCabinetsExtractExactly() throws IOException {
        TestCabinetWriter writer = new TestCabinetWriter();
        TestCabinetWriter.Folder folder = writer.folder(TestCabinetWriter.MSZIP);
        folder.file("text.txt", text(200_000));
        folder.file("random.bin", random(70_001, 2));
        folder.file("zeros.bin", new byte[40_000]);
        writer.folder(TestCabinetWriter.MSZIP).file("small.txt", text(10));
        assertExtracts(writer, "text.txt", "random.bin", "zeros.bin", "small.txt");
    }

    @Test
    void reserveAreaUtf8NameAndDateAreWritten() throws IOException {
        TestCabinetWriter writer = new TestCabinetWriter().reserve(20, 3, 5);
        writer.folder(TestCabinetWriter.MSZIP)
                .file("gr\u00fc\u00dfe-\u65e5\u672c.txt", text(40_000))
                .attribs(0x20 | TestCabinetWriter.ATTRIB_NAME_IS_UTF)
                .dateTime((2001 - 1980) << 9 | 2 << 5 | 3, 4 << 11 | 5 << 5 | 3);
        writer.folder(TestCabinetWriter.STORED).file("plain.bin", random(33_000, 3));
        assertExtracts(writer, "utf", "plain");
    }

    @Test
    void aWrongChecksumIsReported() throws IOException {
        TestCabinetWriter writer = new TestCabinetWriter();
        writer.folder(TestCabinetWriter.STORED).file("a.bin", random(1000, 4));
        writer.folders().get(0).blocks().get(0).checksum = 0x12345678;
        Cabextract.Result test = Cabextract.test(writer.write(dir.resolve("bad.cab")));
        assertNotEquals(0, test.exitCode(), test.output());
        assertTrue(test.output().toLowerCase(java.util.Locale.ROOT).contains("checksum"), test.output());
    }

    @Test
    void checksumPacksTheTailFirstByteHighest() {
        // one word 0x04030201, tail 05 06 07 -> 0x050607, sizes 7 and 9 -> 0x00090007
        byte[] payload = {1, 2, 3, 4, 5, 6, 7};
        assertEquals(0x04030201 ^ 0x050607 ^ 0x00090007, TestCabinetWriter.checksum(payload, 7, 9));
    }
}
