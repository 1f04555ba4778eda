package io.github.wudl.cab;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link LzxDecoder} against cabextract. For each window size (15, 16, 21) and block plan (verbatim only,
 * aligned only, uncompressed only, a mix whose blocks span frames), a cabinet holds one folder per input
 * (random, text, zeros, x86-like code with E8 translation; 0, 1, 32767, 32768, 32769 bytes, 5 frames, 1 MB):
 * cabextract must extract exactly the input, which shows the test encoder is right independently of our
 * decoder; then our decoder must give the same bytes block by block. Hostile streams must give
 * {@link CabinetException} and nothing else (a mutated stream may also decode to other bytes: LZX has no
 * checksum of its own).
 */
class LzxDecoderTest {
    private static final int[] SIZES = {0, 1, 32767, 32768, 32769, 5 * 32768, 1 << 20};
    private static final String[] KINDS = {"random", "text", "zeros", "x86"};

    @TempDir
    Path dir;

    static byte[] input(String kind, int size) {
        byte[] data = new byte[size];
        Random random = new Random(size * 31L + kind.hashCode());
        switch (kind) {
            case "random":
                random.nextBytes(data);
                break;
            case "text":
                byte[] words = ("the quick brown fox jumps over the lazy dog; lorem ipsum dolor sit amet, "
                                + "consectetur adipiscing elit 0123456789\n")
                        .getBytes(StandardCharsets.US_ASCII);
                for (int i = 0; i < size; ) {
                    int from = random.nextInt(words.length);
                    int n = Math.min(size - i, 1 + random.nextInt(words.length - from));
                    System.arraycopy(words, from, data, i, n);
                    i += n;
                }
                break;
            case "zeros":
                break;
            default: // x86-like: calls with relative targets between recurring instruction patterns
                for (int i = 0; i < size; i++) {
                    int r = random.nextInt(16);
                    if (r < 3 && i + 5 <= size) {
                        data[i] = (byte) 0xE8;
                        int rel = random.nextInt(4) == 0 ? -i - 1000 : random.nextInt(1 << 16) - (1 << 15);
                        for (int b = 0; b < 4; b++) {
                            data[i + 1 + b] = (byte) (rel >>> (8 * b));
                        }
                        i += 4;
                    } else if (r < 9 && i >= 64) {
                        data[i] = data[i - 16 - random.nextInt(48)];
                    } else {
                        data[i] = (byte) (0x40 + random.nextInt(32));
                    }
                }
        }
        return data;
    }

    static LzxTestEncoder encoder(int windowBits, String plan, String kind) {
        LzxTestEncoder encoder = new LzxTestEncoder(windowBits);
        int v = LzxTestEncoder.VERBATIM;
        int a = LzxTestEncoder.ALIGNED;
        int u = LzxTestEncoder.UNCOMPRESSED;
        switch (plan) {
            case "verbatim":
                encoder.plan(new int[] {v}, new int[] {100_000});
                break;
            case "aligned":
                encoder.plan(new int[] {a}, new int[] {65_536});
                break;
            case "uncompressed":
                encoder.plan(new int[] {u}, new int[] {40_001});
                break;
            default:
                encoder.plan(new int[] {v, a, u, v, u, a, u}, new int[] {30_000, 50_001, 7_001, 12_345, 32_768, 99, 3});
        }
        if (kind.equals("x86")) {
            encoder.e8(12_000_000);
        }
        return encoder;
    }

    /** Decodes a folder block by block with our decoder; returns the bytes and the decode time. */
    static byte[] decode(int windowBits, List<TestCabinetWriter.Block> blocks) throws CabinetException {
        LzxDecoder decoder = new LzxDecoder(windowBits);
        byte[] all = new byte[blocks.stream().mapToInt(b -> b.uncompressedSize).sum()];
        byte[] out = new byte[32768];
        int at = 0;
        for (TestCabinetWriter.Block block : blocks) {
            decoder.decode(block.payload, block.payload.length, out, block.uncompressedSize);
            System.arraycopy(out, 0, all, at, block.uncompressedSize);
            at += block.uncompressedSize;
        }
        return all;
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "15 verbatim",
                "15 aligned",
                "15 uncompressed",
                "15 mixed",
                "16 verbatim",
                "16 aligned",
                "16 uncompressed",
                "16 mixed",
                "21 verbatim",
                "21 aligned",
                "21 uncompressed",
                "21 mixed"
            })
    void cabextractAndOurDecoderAgreeWithTheInput(String windowAndPlan) throws IOException {
        int space = windowAndPlan.indexOf(' ');
        int windowBits = Integer.parseInt(windowAndPlan.substring(0, space));
        String plan = windowAndPlan.substring(space + 1);
        TestCabinetWriter writer = new TestCabinetWriter();
        int cases = 0;
        for (String kind : KINDS) {
            for (int size : SIZES) {
                if (size == 1 << 20 && !(kind.equals("text") || plan.equals("mixed"))) {
                    continue; // the 1 MB inputs: text in every plan, every kind in the mixed plan
                }
                TestCabinetWriter.Folder folder = writer.lzxFolder(encoder(windowBits, plan, kind));
                folder.file(kind + "-" + size + ".bin", input(kind, size));
                cases++;
            }
        }
        Path cab = writer.write(dir.resolve("lzx.cab"));
        Path out = Files.createDirectories(dir.resolve("out"));
        Cabextract.Result result = Cabextract.extract(cab, out);
        assertEquals(0, result.exitCode(), result.output());
        for (TestCabinetWriter.Folder folder : writer.folders()) {
            TestCabinetWriter.CabFile file = folder.files.get(0);
            assertArrayEquals(file.data, Files.readAllBytes(out.resolve(file.name)), "cabextract: " + file.name);
            long start = System.nanoTime();
            byte[] ours = decode(windowBits, folder.blocks());
            long nanos = System.nanoTime() - start;
            assertArrayEquals(file.data, ours, "LzxDecoder: " + file.name);
            if (file.data.length == 1 << 20) {
                // informal, printed once per case, never asserted
                System.out.printf(
                        "LZX %s %s %s: %.1f MB/s%n", windowBits, plan, file.name, file.data.length * 1e3 / nanos);
            }
        }
        // and the whole reader, folder by folder, as the scan file's cabinets are read
        java.util.Map<String, byte[]> read = new java.util.HashMap<>();
        try (Cabinet cabinet = Cabinet.open(cab, "lzx.cab", CabinetLimits.DEFAULT)) {
            cabinet.extract(e -> true, (entry, in) -> read.put(entry.name(), in.readAllBytes()));
        }
        for (TestCabinetWriter.Folder folder : writer.folders()) {
            TestCabinetWriter.CabFile file = folder.files.get(0);
            assertArrayEquals(file.data, read.get(file.name), "Cabinet: " + file.name);
        }
        System.out.println("LZX " + windowAndPlan + ": " + cases + " folders agree");
    }

    @Test
    void anOddUncompressedBlockEndingAFrameHasItsPadByteInEitherPayload() throws IOException {
        TestCabinetWriter writer = new TestCabinetWriter();
        byte[] data = input("text", 3 * 32768 + 77);
        int v = LzxTestEncoder.VERBATIM;
        int u = LzxTestEncoder.UNCOMPRESSED;
        for (boolean inEndingFrame : new boolean[] {false, true}) {
            LzxTestEncoder encoder = new LzxTestEncoder(17)
                    .plan(new int[] {v, u, v, u}, new int[] {1, 32767, 32767, 1})
                    .padInEndingFrame(inEndingFrame);
            writer.lzxFolder(encoder).file("pad-" + inEndingFrame + ".txt", data);
        }
        Path out = Files.createDirectories(dir.resolve("out"));
        Cabextract.Result result = Cabextract.extract(writer.write(dir.resolve("pad.cab")), out);
        assertEquals(0, result.exitCode(), result.output());
        for (TestCabinetWriter.Folder folder : writer.folders()) {
            TestCabinetWriter.CabFile file = folder.files.get(0);
            assertArrayEquals(data, Files.readAllBytes(out.resolve(file.name)), "cabextract: " + file.name);
            assertArrayEquals(data, decode(17, folder.blocks()), "LzxDecoder: " + file.name);
        }
    }

    @Test
    void theMixedPlanExercisesEveryFeature() throws CabinetException {
        LzxTestEncoder.Stats total = new LzxTestEncoder.Stats();
        for (String kind : new String[] {"text", "x86", "zeros"}) {
            LzxTestEncoder encoder = encoder(16, "mixed", kind);
            byte[] data = input(kind, 5 * 32768 + 7);
            List<TestCabinetWriter.Block> blocks = new ArrayList<>();
            for (LzxTestEncoder.Frame f : encoder.encode(data)) {
                blocks.add(new TestCabinetWriter.Block(f.payload(), f.uncompressedSize()));
            }
            assertArrayEquals(data, decode(16, blocks), kind);
            LzxTestEncoder.Stats s = encoder.stats();
            for (int i = 0; i < 20; i++) {
                total.pretreeSymbols[i] += s.pretreeSymbols[i];
                if (i < 4) {
                    total.blocksOfType[i] += s.blocksOfType[i];
                }
                if (i < 3) {
                    total.repeatSlot[i] += s.repeatSlot[i];
                }
            }
            total.longMatches += s.longMatches;
            total.framesTranslated += s.framesTranslated;
        }
        String seen = Arrays.toString(total.blocksOfType) + Arrays.toString(total.repeatSlot)
                + Arrays.toString(total.pretreeSymbols) + " long " + total.longMatches + " e8 "
                + total.framesTranslated;
        for (int type = 1; type <= 3; type++) {
            assertTrue(total.blocksOfType[type] > 0, seen);
        }
        for (int r = 0; r < 3; r++) {
            assertTrue(total.repeatSlot[r] > 0, seen);
        }
        for (int code = 17; code <= 19; code++) {
            assertTrue(total.pretreeSymbols[code] > 0, seen);
        }
        assertTrue(total.longMatches > 0 && total.framesTranslated > 0, seen);
    }

    private static List<TestCabinetWriter.Block> blocks(LzxTestEncoder encoder, byte[] data) {
        List<TestCabinetWriter.Block> blocks = new ArrayList<>();
        for (LzxTestEncoder.Frame f : encoder.encode(data)) {
            blocks.add(new TestCabinetWriter.Block(f.payload(), f.uncompressedSize()));
        }
        return blocks;
    }

    private static String refusal(int windowBits, List<TestCabinetWriter.Block> blocks) {
        CabinetException e = assertThrows(CabinetException.class, () -> decode(windowBits, blocks));
        return e.getMessage();
    }

    @Test
    void truncatedPayloadsAreRefused() {
        for (String plan : new String[] {"verbatim", "aligned", "uncompressed", "mixed"}) {
            byte[] data = input("text", 2 * 32768 + 500);
            for (int cut = 1; cut <= 40; cut += 13) {
                List<TestCabinetWriter.Block> blocks = blocks(encoder(16, plan, "text"), data);
                for (TestCabinetWriter.Block b : blocks) {
                    b.payload = Arrays.copyOf(b.payload, Math.max(0, b.payload.length - cut));
                }
                String message = refusal(16, blocks);
                assertTrue(message.startsWith("LZX block 0: "), message);
            }
        }
    }

    @Test
    void anOffsetBeyondTheHistoryIsRefused() {
        byte[] data = "abcabcabcabcabcabcabcabcabcabc".getBytes(StandardCharsets.US_ASCII);
        String message = refusal(15, blocks(encoder(15, "verbatim", "text").firstOffsetBias(100), data));
        assertEquals("LZX block 0: match offset 103 beyond the 3 bytes decoded so far", message);
    }

    @Test
    void overSubscribedAndIncompleteTreesAreRefused() {
        byte[] data = input("text", 1000);
        String over = refusal(15, blocks(encoder(15, "verbatim", "text").mainLengthsHook(l -> l[300] = 1), data));
        assertEquals("LZX block 0: the main tree is over-subscribed", over);
        String incomplete = refusal(
                15,
                blocks(
                        encoder(15, "verbatim", "text").mainLengthsHook(l -> {
                            for (int i = 0; i < l.length; i++) {
                                if (l[i] > 0 && l[i] < 16) {
                                    l[i]++; // one symbol's code made longer: the code no longer fills the code space
                                    return;
                                }
                            }
                        }),
                        data));
        assertEquals("LZX block 0: the main tree is incomplete", incomplete);
    }

    @Test
    void aWrongOutLengthIsRefused() throws CabinetException {
        byte[] data = input("random", 32768 + 1000);
        List<TestCabinetWriter.Block> blocks = blocks(encoder(16, "mixed", "random"), data);
        LzxDecoder decoder = new LzxDecoder(16);
        byte[] out = new byte[32768];
        TestCabinetWriter.Block first = blocks.get(0);
        TestCabinetWriter.Block last = blocks.get(1);
        decoder.decode(first.payload, first.payload.length, out, 32768);
        CabinetException more = assertThrows(
                CabinetException.class, () -> decoder.decode(last.payload, last.payload.length, out, 1001));
        assertTrue(more.getMessage().startsWith("LZX block 1: "), more.getMessage());
        LzxDecoder again = new LzxDecoder(16);
        CabinetException fewer = assertThrows(
                CabinetException.class, () -> again.decode(first.payload, first.payload.length, out, 32668));
        assertTrue(fewer.getMessage().contains("left over"), fewer.getMessage());
        CabinetException tooBig =
                assertThrows(CabinetException.class, () -> new LzxDecoder(16).decode(new byte[4], 4, out, 40000));
        assertTrue(tooBig.getMessage().contains("out of range"), tooBig.getMessage());
    }

    @Test
    void windowBitsOutside15To21AreRefused() throws CabinetException {
        assertThrows(CabinetException.class, () -> new LzxDecoder(14));
        assertThrows(CabinetException.class, () -> new LzxDecoder(22));
        new LzxDecoder(15);
        new LzxDecoder(21);
    }

    @Test
    void mutatedStreamsGiveTheRightBytesOrACabinetException() {
        Random random = new Random(20240601L);
        int refused = 0;
        int intact = 0;
        int different = 0;
        int tries = 3000;
        String[] plans = {"verbatim", "aligned", "uncompressed", "mixed"};
        List<List<TestCabinetWriter.Block>> bases = new ArrayList<>();
        List<byte[]> datas = new ArrayList<>();
        for (String plan : plans) {
            byte[] data = input("x86", 32768 + 3000);
            datas.add(data);
            bases.add(blocks(encoder(16, plan, "x86"), data));
        }
        for (int t = 0; t < tries; t++) {
            int which = random.nextInt(plans.length);
            List<TestCabinetWriter.Block> blocks = new ArrayList<>();
            for (TestCabinetWriter.Block b : bases.get(which)) {
                blocks.add(new TestCabinetWriter.Block(b.payload.clone(), b.uncompressedSize));
            }
            TestCabinetWriter.Block victim = blocks.get(random.nextInt(blocks.size()));
            switch (random.nextInt(4)) {
                case 0: // flip a few bits
                    for (int k = 1 + random.nextInt(4); k > 0 && victim.payload.length > 0; k--) {
                        victim.payload[random.nextInt(victim.payload.length)] ^= (byte) (1 << random.nextInt(8));
                    }
                    break;
                case 1: // random bytes over a stretch
                    int from = random.nextInt(Math.max(1, victim.payload.length));
                    for (int i = from; i < Math.min(victim.payload.length, from + 1 + random.nextInt(64)); i++) {
                        victim.payload[i] = (byte) random.nextInt(256);
                    }
                    break;
                case 2: // wholly random payload
                    victim.payload = new byte[random.nextInt(40_000)];
                    random.nextBytes(victim.payload);
                    break;
                default: // truncated or extended
                    victim.payload = Arrays.copyOf(victim.payload, random.nextInt(victim.payload.length + 50));
            }
            try {
                // LZX has no checksum: a mutation may decode to other bytes (the CFDATA checksum is what
                // notices those); what matters is that it decodes or is refused, and nothing else
                byte[] out = decode(16, blocks);
                if (Arrays.equals(datas.get(which), out)) {
                    intact++;
                } else {
                    different++;
                }
            } catch (CabinetException e) {
                assertTrue(e.getMessage().startsWith("LZX block "), e.getMessage());
                refused++;
            } catch (RuntimeException e) {
                fail("try " + t + " threw " + e, e);
            }
        }
        System.out.println("LZX mutations: " + tries + " tries, " + refused + " refused, " + intact + " intact, "
                + different + " decoded to other bytes");
        assertEquals(tries, refused + intact + different);
        assertTrue(refused > tries / 2, "most mutations should be refused: " + refused);
    }
}
