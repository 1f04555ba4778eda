package io.github.wudl.cab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.testing.Tools;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The cabinet reader against cabinets gcab writes (stored and MSZIP), and against those cabinets damaged. */
@Timeout(60)
class CabinetTest {
    @TempDir
    Path dir;

    private final Map<String, byte[]> files = new LinkedHashMap<>();

    @BeforeEach
    void content() {
        Random random = new Random(13);
        byte[] noise = new byte[100_000];
        random.nextBytes(noise);
        StringBuilder text = new StringBuilder();
        while (text.length() < 300_000) {
            text.append("<Update UpdateId=\"").append(random.nextInt(1000)).append("\" RevisionNumber=\"1\"/>\n");
        }
        files.put("x/123", noise);
        files.put("l/en/123", text.toString().getBytes(StandardCharsets.UTF_8));
        files.put("empty", new byte[0]);
        files.put("package.xml", "<OfflineSyncPackage/>".getBytes(StandardCharsets.UTF_8));
    }

    private Path gcab(String cabName, boolean compress) throws Exception {
        Tools.require("gcab");
        Path src = Files.createDirectories(dir.resolve("src-" + cabName));
        List<String> command = new ArrayList<>(List.of("gcab", "-c"));
        if (compress) {
            command.add("-z");
        }
        command.add(dir.resolve(cabName).toString());
        for (Map.Entry<String, byte[]> file : files.entrySet()) {
            Path path = src.resolve(file.getKey());
            Files.createDirectories(path.getParent());
            Files.write(path, file.getValue());
            command.add(file.getKey());
        }
        Tools.run(src, command.toArray(String[]::new));
        return dir.resolve(cabName);
    }

    private static Map<String, byte[]> readAll(Path cab, CabinetLimits limits) throws IOException {
        Map<String, byte[]> read = new LinkedHashMap<>();
        try (Cabinet cabinet = Cabinet.open(cab, cab.getFileName().toString(), limits)) {
            cabinet.extract(e -> true, (entry, in) -> read.put(entry.name(), in.readAllBytes()));
        }
        return read;
    }

    @Test
    void readsEveryEntryOfAnMszipCabinet() throws Exception {
        Map<String, byte[]> read = readAll(gcab("z.cab", true), CabinetLimits.DEFAULT);
        assertEquals(files.keySet(), read.keySet());
        for (String name : files.keySet()) {
            assertArrayEquals(files.get(name), read.get(name), name);
        }
    }

    @Test
    void readsEveryEntryOfAStoredCabinet() throws Exception {
        Map<String, byte[]> read = readAll(gcab("s.cab", false), CabinetLimits.DEFAULT);
        for (String name : files.keySet()) {
            assertArrayEquals(files.get(name), read.get(name), name);
        }
    }

    @Test
    void givesOnlyTheWantedEntriesAndSkipsWhatTheHandlerLeaves() throws Exception {
        Path cab = gcab("z.cab", true);
        List<String> seen = new ArrayList<>();
        try (Cabinet cabinet = Cabinet.open(cab, "z.cab", CabinetLimits.DEFAULT)) {
            assertEquals(4, cabinet.entries().size());
            cabinet.extract(e -> !e.name().equals("x/123"), (entry, in) -> {
                seen.add(entry.name());
                if (entry.name().equals("package.xml")) {
                    assertArrayEquals(files.get("package.xml"), in.readAllBytes());
                } else {
                    in.read(new byte[10]); // leaves the rest unread
                }
            });
        }
        assertEquals(List.of("l/en/123", "empty", "package.xml"), seen);
    }

    private Path damaged(Path cab, java.util.function.Consumer<ByteBuffer> damage) throws IOException {
        ByteBuffer bytes = ByteBuffer.wrap(Files.readAllBytes(cab)).order(ByteOrder.LITTLE_ENDIAN);
        damage.accept(bytes);
        Path out = dir.resolve("damaged.cab");
        Files.write(out, bytes.array());
        return out;
    }

    private static String refusal(Path cab, CabinetLimits limits) {
        return assertThrows(CabinetException.class, () -> readAll(cab, limits)).getMessage();
    }

    private static String refusal(Path cab) {
        return refusal(cab, CabinetLimits.DEFAULT);
    }

    private static int indexOf(ByteBuffer bytes, String text) {
        byte[] needle = text.getBytes(StandardCharsets.ISO_8859_1);
        outer:
        for (int i = 0; i + needle.length <= bytes.limit(); i++) {
            for (int j = 0; j < needle.length; j++) {
                if (bytes.get(i + j) != needle[j]) {
                    continue outer;
                }
            }
            return i;
        }
        throw new AssertionError(text + " not found");
    }

    @Test
    void refusesWhatIsNotACabinet() throws Exception {
        Path cab = damaged(gcab("z.cab", true), b -> b.put(0, (byte) 'X'));
        assertTrue(refusal(cab).contains("does not start with MSCF"), refusal(cab));
    }

    @Test
    void refusesACabinetThatClaimsMoreBytesThanTheFileHas() throws Exception {
        Path cab = damaged(gcab("z.cab", true), b -> b.putInt(8, b.limit() + 1));
        assertTrue(refusal(cab).contains("truncated or lies about its size"), refusal(cab));
    }

    @Test
    void refusesATruncatedCabinet() throws Exception {
        Path whole = gcab("z.cab", true);
        byte[] bytes = Files.readAllBytes(whole);
        Path cut = dir.resolve("cut.cab");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        assertTrue(refusal(cut).contains("truncated"), refusal(cut));
    }

    @Test
    void refusesAPartOfACabinetSet() throws Exception {
        Path cab = damaged(gcab("z.cab", true), b -> b.putShort(30, (short) 2));
        assertTrue(refusal(cab).contains("multi-cabinet set"), refusal(cab));
    }

    @Test
    void refusesNamesThatEscape() throws Exception {
        for (String bad : new String[] {"..\\123", "\\x\\12", "c:\\123", "x\\\\123"}) {
            Path cab = damaged(gcab("z.cab", true), b -> {
                int at = indexOf(b, "l\\en\\123");
                byte[] name = bad.getBytes(StandardCharsets.ISO_8859_1);
                for (int i = 0; i < 8; i++) {
                    b.put(at + i, i < name.length ? name[i] : 0);
                }
            });
            String message = refusal(cab);
            assertTrue(message.contains("entry name"), message);
        }
    }

    @Test
    void refusesAnEntryThatClaimsMoreThanItsFolderHolds() throws Exception {
        Path cab = damaged(gcab("z.cab", true), b -> {
            int record = indexOf(b, "x\\123") - 16;
            b.putInt(record, 0x7fff_0000);
        });
        assertTrue(refusal(cab).contains("claims"), refusal(cab));
        Path shortFolder = damaged(gcab("z2.cab", true), b -> {
            int record = indexOf(b, "package.xml") - 16;
            b.putInt(record, b.getInt(record) + 10_000);
        });
        String message = refusal(shortFolder);
        assertTrue(message.contains("package.xml") && message.contains("the folder ends after"), message);
    }

    @Test
    void refusesABlockWhoseChecksumFails() throws Exception {
        Path cab = damaged(gcab("z.cab", true), b -> {
            int firstBlock = b.getInt(36);
            int data = firstBlock + 8 + 100;
            b.put(data, (byte) (b.get(data) ^ 0x40));
        });
        assertTrue(refusal(cab).contains("fails its checksum"), refusal(cab));
    }

    @Test
    void refusesGarbageDeflateDataEvenWithoutAChecksum() throws Exception {
        Path cab = damaged(gcab("z.cab", true), b -> {
            int firstBlock = b.getInt(36);
            b.putInt(firstBlock, 0); // no checksum to catch it
            for (int i = firstBlock + 8 + 2; i < firstBlock + 8 + 200; i++) {
                b.put(i, (byte) 0xff);
            }
        });
        String message = refusal(cab);
        assertTrue(message.contains("block 0 of folder 0") && message.contains("MSZIP"), message);
    }

    @Test
    void refusesAQuantumFolder() throws Exception {
        Path cab = damaged(gcab("z.cab", true), b -> b.putShort(36 + 6, (short) 2));
        assertTrue(refusal(cab).contains("Quantum"), refusal(cab));
    }

    @Test
    void stopsDecodingAtTheLimit() throws Exception {
        Path cab = gcab("z.cab", true);
        String message = refusal(cab, new CabinetLimits(100, 100, 1 << 20, 200_000));
        assertTrue(message.contains("decompression bomb"), message);
    }

    @Test
    void refusesMoreEntriesOrLargerOnesThanTheLimits() throws Exception {
        Path cab = gcab("z.cab", true);
        assertTrue(refusal(cab, new CabinetLimits(3, 100, 1 << 20, 1 << 30)).contains("more than the limits"));
        assertTrue(refusal(cab, new CabinetLimits(100, 100, 1_000, 1 << 30)).contains("more than the limit of 1000"));
    }
}
