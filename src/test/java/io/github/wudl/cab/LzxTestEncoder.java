package io.github.wudl.cab;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.function.Consumer;

/**
 * A small LZX encoder (cabinet flavour) for tests. It promises streams that cabextract decodes, and that
 * exercise the format rather than compress well: verbatim, aligned-offset and uncompressed blocks in a planned
 * cycle of types and sizes (blocks may span frames), repeated offsets R0/R1/R2, long matches through the length
 * tree, E8 translation, one payload per 32 KiB frame, code lengths coded as deltas of the previous block's, and
 * the pretree's run codes 17, 18 and 19. {@link #stats()} counts what the last {@link #encode} used, so a test
 * can show a feature was exercised. Greedy hash-chain matching; matches never cross a block or frame.
 */
final class LzxTestEncoder {
    static final int VERBATIM = 1;
    static final int ALIGNED = 2;
    static final int UNCOMPRESSED = 3;
    private static final int FRAME = 32768;
    private static final int[] EXTRA = new int[51];
    private static final int[] BASE = new int[51];

    static {
        for (int i = 0; i < 51; i++) {
            EXTRA[i] = i < 4 ? 0 : Math.min(17, i / 2 - 1);
            BASE[i] = i == 0 ? 0 : BASE[i - 1] + (1 << EXTRA[i - 1]);
        }
    }

    private final int windowBits;
    private final int slots;
    private int e8FileSize;
    private int[] planTypes = {VERBATIM};
    private int[] planSizes = {(1 << 24) - 1};
    private final Stats stats = new Stats();
    /** Hostile-test hooks: change the main tree's lengths before they are written; add to the first offset. */
    private Consumer<int[]> mainLengthsHook = lengths -> {};

    private int firstOffsetBias;
    private boolean padInEndingFrame;

    LzxTestEncoder(int windowBits) {
        this.windowBits = windowBits;
        this.slots = windowBits == 21 ? 50 : windowBits == 20 ? 42 : windowBits * 2;
    }

    int windowBits() {
        return windowBits;
    }

    /** Sets the E8 header (translation size); 0 writes the "no translation" header bit. */
    LzxTestEncoder e8(int fileSize) {
        e8FileSize = fileSize;
        return this;
    }

    /** The block plan: types[i] for sizes[i] bytes, cycled until the data ends (the last block is cut short). */
    LzxTestEncoder plan(int[] types, int[] sizes) {
        planTypes = types.clone();
        planSizes = sizes.clone();
        return this;
    }

    /** Hostile tests: lets a test break the main tree (the symbols are still written with the broken code). */
    LzxTestEncoder mainLengthsHook(Consumer<int[]> hook) {
        mainLengthsHook = hook;
        return this;
    }

    /** Hostile tests: the first explicit (non-repeated) match offset is written this much too large. */
    LzxTestEncoder firstOffsetBias(int bias) {
        firstOffsetBias = bias;
        return this;
    }

    /**
     * Where the pad byte of an odd-sized uncompressed block that ends a frame goes: false (the default) at the
     * start of the next frame's payload, true at the end of the ending one. The concatenated stream, which is
     * what cabextract reads, is the same either way.
     */
    LzxTestEncoder padInEndingFrame(boolean value) {
        padInEndingFrame = value;
        return this;
    }

    Stats stats() {
        return stats;
    }

    /** What the last {@link #encode} used. */
    static final class Stats {
        final int[] blocksOfType = new int[4];
        final int[] repeatSlot = new int[3];
        int longMatches;
        final int[] pretreeSymbols = new int[20];
        int framesTranslated;
    }

    /** One CFDATA's worth: the compressed payload of one frame and how many bytes it gives. */
    static final class Frame {
        private final byte[] payload;
        private final int uncompressedSize;

        Frame(byte[] payload, int uncompressedSize) {
            this.payload = payload;
            this.uncompressedSize = uncompressedSize;
        }

        byte[] payload() {
            return payload;
        }

        int uncompressedSize() {
            return uncompressedSize;
        }
    }

    private final LzxTestHuffman.BitWriter out = new LzxTestHuffman.BitWriter();
    private final List<Frame> frames = new ArrayList<>();
    private byte[] data;
    private int outPos;
    private int r0;
    private int r1;
    private int r2;
    private int[] head;
    private int[] chain;

    List<Frame> encode(byte[] original) {
        Arrays.fill(stats.blocksOfType, 0);
        Arrays.fill(stats.repeatSlot, 0);
        Arrays.fill(stats.pretreeSymbols, 0);
        stats.longMatches = 0;
        stats.framesTranslated = 0;
        frames.clear();
        if (original.length == 0) {
            return List.of();
        }
        data = original;
        if (e8FileSize != 0) {
            data = original.clone();
            stats.framesTranslated = LzxTestE8.untranslate(data, e8FileSize);
        }
        head = new int[1 << 16];
        Arrays.fill(head, -1);
        chain = new int[data.length];
        r0 = r1 = r2 = 1;
        outPos = 0;
        int[] mainLengths = new int[256 + slots * 8];
        int[] lengthLengths = new int[249];
        if (e8FileSize != 0) {
            out.bits(1, 1);
            out.bits(e8FileSize >>> 16, 16);
            out.bits(e8FileSize, 16);
        } else {
            out.bits(0, 1);
        }
        for (int block = 0, at = 0; at < data.length; block++) {
            int type = planTypes[block % planTypes.length];
            int size = Math.min(planSizes[block % planSizes.length], data.length - at);
            stats.blocksOfType[type]++;
            if (type == UNCOMPRESSED) {
                uncompressed(at, size);
            } else {
                compressed(type, at, size, mainLengths, lengthLengths);
            }
            at += size;
        }
        out.align();
        frames.add(new Frame(out.take(), outPos - frames.size() * FRAME));
        return new ArrayList<>(frames);
    }

    /** Cuts the payload when a frame is complete: the decoder realigns to 16 bits there. */
    private void advance(int bytes) {
        outPos += bytes;
        if (outPos % FRAME == 0 && outPos < data.length) {
            out.align();
            frames.add(new Frame(out.take(), FRAME));
        }
    }

    private void header(int type, int size) {
        out.bits(type, 3);
        out.bits(size >>> 8, 16);
        out.bits(size, 8);
    }

    private void uncompressed(int at, int size) {
        header(UNCOMPRESSED, size);
        // 1 to 16 bits of padding: a whole zero word when already aligned
        if (out.aligned()) {
            out.bits(0, 16);
        } else {
            out.align();
        }
        for (int r : new int[] {r0, r1, r2}) {
            for (int i = 0; i < 4; i++) {
                out.rawByte(r >>> (8 * i));
            }
        }
        boolean pad = (size & 1) != 0;
        for (int i = 0; i < size; i++) {
            insert(at + i);
            out.rawByte(data[at + i]);
            if (i == size - 1 && pad && padInEndingFrame) {
                out.rawByte(0);
                pad = false;
            }
            advance(1);
        }
        if (pad) {
            out.rawByte(0);
        }
    }

    private void compressed(int type, int at, int size, int[] mainLengths, int[] lengthLengths) {
        // tokens: main symbol, length footer (-1: none), extra value, extra bit count
        int[] tokens = new int[size * 4];
        int count = 0;
        int end = at + size;
        for (int pos = at; pos < end; ) {
            int frameEnd = (pos / FRAME + 1) * FRAME;
            int max = Math.min(257, Math.min(end, frameEnd) - pos);
            int length = 0;
            int offset = 0;
            int slot = -1;
            int[] repeats = {r0, r1, r2};
            for (int r = 0; r < 3 && max >= 2; r++) {
                int l = matchLength(pos, repeats[r], max);
                if (l >= 2 && l > length) {
                    length = l;
                    offset = repeats[r];
                    slot = r;
                }
            }
            if (max >= 3) {
                int limit = (1 << windowBits) - 3;
                int tries = 32;
                for (int c = head[hash(pos)]; c >= 0 && tries-- > 0 && pos - c <= limit; c = chain[c]) {
                    int l = matchLength(pos, pos - c, max);
                    if (l >= 3 && l > length + 1) {
                        length = l;
                        offset = pos - c;
                        slot = -1;
                    }
                }
            }
            if (length < 2) {
                tokens[count++] = data[pos] & 0xFF;
                tokens[count++] = -1;
                tokens[count++] = 0;
                tokens[count++] = 0;
                insert(pos++);
                continue;
            }
            int extraValue = 0;
            if (slot == 0) {
                stats.repeatSlot[0]++;
            } else if (slot == 1) {
                r1 = r0;
                r0 = offset;
                stats.repeatSlot[1]++;
            } else if (slot == 2) {
                r2 = r0;
                r0 = offset;
                stats.repeatSlot[2]++;
            } else {
                offset += firstOffsetBias;
                firstOffsetBias = 0;
                int formatted = offset + 2;
                slot = 3;
                while (slot + 1 < slots && BASE[slot + 1] <= formatted) {
                    slot++;
                }
                extraValue = formatted - BASE[slot];
                r2 = r1;
                r1 = r0;
                r0 = offset;
            }
            int header = Math.min(7, length - 2);
            tokens[count++] = 256 + slot * 8 + header;
            tokens[count++] = header == 7 ? length - 9 : -1;
            tokens[count++] = extraValue;
            tokens[count++] = slot < 3 ? 0 : EXTRA[slot];
            stats.longMatches += header == 7 ? 1 : 0;
            for (int i = 0; i < length; i++) {
                insert(pos + i);
            }
            pos += length;
        }
        int[] mainFreq = new int[mainLengths.length];
        int[] lengthFreq = new int[249];
        int[] alignedFreq = {1, 1, 1, 1, 1, 1, 1, 1};
        if (e8FileSize != 0) {
            mainFreq[0xE8]++; // a main tree with 0xE8 in it is what starts the decoder's E8 translation
        }
        for (int t = 0; t < count; t += 4) {
            mainFreq[tokens[t]]++;
            if (tokens[t + 1] >= 0) {
                lengthFreq[tokens[t + 1]]++;
            }
            if (type == ALIGNED && tokens[t + 3] >= 3) {
                alignedFreq[tokens[t + 2] & 7] += 4;
            }
        }
        int[] newMain = LzxTestHuffman.lengths(mainFreq, 16);
        mainLengthsHook.accept(newMain);
        int[] newLength = LzxTestHuffman.lengths(lengthFreq, 16);
        int[] aligned = LzxTestHuffman.lengths(alignedFreq, 7);
        header(type, size);
        if (type == ALIGNED) {
            for (int l : aligned) {
                out.bits(l, 3);
            }
        }
        writeLengths(mainLengths, newMain, 0, 256);
        writeLengths(mainLengths, newMain, 256, newMain.length);
        writeLengths(lengthLengths, newLength, 0, 249);
        int[] mainCodes = LzxTestHuffman.codes(newMain);
        int[] lengthCodes = LzxTestHuffman.codes(newLength);
        int[] alignedCodes = LzxTestHuffman.codes(aligned);
        for (int t = 0; t < count; t += 4) {
            int sym = tokens[t];
            out.bits(mainCodes[sym], newMain[sym]);
            if (tokens[t + 1] >= 0) {
                out.bits(lengthCodes[tokens[t + 1]], newLength[tokens[t + 1]]);
            }
            int extra = tokens[t + 3];
            if (type == ALIGNED && extra >= 3) {
                out.bits(tokens[t + 2] >>> 3, extra - 3);
                int a = tokens[t + 2] & 7;
                out.bits(alignedCodes[a], aligned[a]);
            } else {
                out.bits(tokens[t + 2], extra);
            }
            advance(sym < 256 ? 1 : (sym & 7) == 7 ? tokens[t + 1] + 9 : (sym & 7) + 2);
        }
    }

    /** Codes lengths[from..to) as deltas of the previous ones, through a pretree, and keeps the new ones. */
    private void writeLengths(int[] previous, int[] lengths, int from, int to) {
        int[] ops = new int[(to - from) * 3];
        int n = 0;
        for (int i = from; i < to; ) {
            int run = 1;
            while (i + run < to && lengths[i + run] == lengths[i]) {
                run++;
            }
            if (lengths[i] == 0 && run >= 20) {
                run = Math.min(run, 51);
                n = op(ops, n, 18, run - 20, -1);
            } else if (lengths[i] == 0 && run >= 4) {
                run = Math.min(run, 19);
                n = op(ops, n, 17, run - 4, -1);
            } else if (run >= 4) {
                run = Math.min(run, 5);
                n = op(ops, n, 19, run - 4, (previous[i] - lengths[i] + 17) % 17);
            } else {
                run = 1;
                n = op(ops, n, (previous[i] - lengths[i] + 17) % 17, 0, -1);
            }
            i += run;
        }
        int[] freq = new int[20];
        for (int k = 0; k < n; k += 3) {
            freq[ops[k]]++;
            if (ops[k + 2] >= 0) {
                freq[ops[k + 2]]++;
            }
        }
        int[] pre = LzxTestHuffman.lengths(freq, 15);
        int[] codes = LzxTestHuffman.codes(pre);
        for (int l : pre) {
            out.bits(l, 4);
        }
        for (int k = 0; k < n; k += 3) {
            int sym = ops[k];
            stats.pretreeSymbols[sym]++;
            out.bits(codes[sym], pre[sym]);
            if (sym == 17 || sym == 18 || sym == 19) {
                out.bits(ops[k + 1], sym == 17 ? 4 : sym == 18 ? 5 : 1);
            }
            if (sym == 19) {
                out.bits(codes[ops[k + 2]], pre[ops[k + 2]]);
            }
        }
        System.arraycopy(lengths, from, previous, from, to - from);
    }

    private static int op(int[] ops, int n, int sym, int extra, int second) {
        ops[n] = sym;
        ops[n + 1] = extra;
        ops[n + 2] = second;
        return n + 3;
    }

    private int matchLength(int pos, int offset, int max) {
        if (offset <= 0 || offset > pos) {
            return 0;
        }
        int l = 0;
        while (l < max && data[pos + l] == data[pos + l - offset]) {
            l++;
        }
        return l;
    }

    private int hash(int pos) {
        if (pos + 2 >= data.length) {
            return 0;
        }
        int v = (data[pos] & 0xFF) << 16 | (data[pos + 1] & 0xFF) << 8 | (data[pos + 2] & 0xFF);
        return (v * 0x9E3779B1) >>> 16;
    }

    private void insert(int pos) {
        int h = hash(pos);
        chain[pos] = head[h];
        head[h] = pos;
    }
}
