package io.github.wudl.cab;

import java.util.Arrays;

/**
 * One canonical Huffman code of LZX (main, length, aligned-offset or pretree), decoded through a lookup table
 * of {@code 1 << tableBits} entries for codes up to that long and a canonical walk for longer ones (up to 16
 * bits). {@link #build} refuses an over-subscribed or incomplete code; an all-zero code is allowed but empty,
 * and decoding from it is refused, as libmspack does.
 */
final class LzxHuffman {
    private static final int LONG = -1;
    private static final int EMPTY = -2;

    private final String name;
    private final int tableBits;
    /** Per entry: symbol << 5 | length, or {@link #LONG} (look further) or {@link #EMPTY}. */
    private final int[] table;

    private final int[] first = new int[17];
    private final int[] count = new int[17];
    private final int[] offset = new int[17];
    private final int[] sorted;

    LzxHuffman(String name, int symbols, int tableBits) {
        this.name = name;
        this.tableBits = tableBits;
        this.table = new int[1 << tableBits];
        this.sorted = new int[symbols];
        Arrays.fill(table, EMPTY);
    }

    /** Builds the code from {@code lengths[0..symbols)} (each 0..16). */
    void build(byte[] lengths, int symbols) throws CabinetException {
        Arrays.fill(count, 0);
        for (int i = 0; i < symbols; i++) {
            count[lengths[i]]++;
        }
        count[0] = 0;
        int left = 1;
        int used = 0;
        for (int bits = 1; bits <= 16; bits++) {
            left = (left << 1) - count[bits];
            used += count[bits];
            if (left < 0) {
                throw new CabinetException("the " + name + " tree is over-subscribed");
            }
        }
        if (used == 0) {
            Arrays.fill(table, EMPTY);
            return;
        }
        if (left != 0) {
            throw new CabinetException("the " + name + " tree is incomplete");
        }
        int code = 0;
        int at = 0;
        for (int bits = 1; bits <= 16; bits++) {
            code = (code + count[bits - 1]) << 1;
            first[bits] = code;
            offset[bits] = at;
            at += count[bits];
        }
        int[] next = first.clone();
        int[] slot = offset.clone();
        Arrays.fill(table, LONG);
        for (int sym = 0; sym < symbols; sym++) {
            int len = lengths[sym];
            if (len == 0) {
                continue;
            }
            sorted[slot[len]++] = sym;
            int c = next[len]++;
            if (len <= tableBits) {
                int from = c << (tableBits - len);
                Arrays.fill(table, from, from + (1 << (tableBits - len)), sym << 5 | len);
            }
        }
    }

    /** Decodes one symbol. */
    int decode(LzxBits bits) throws CabinetException {
        bits.ensure(16);
        int peek = bits.peek16();
        int entry = table[peek >>> (16 - tableBits)];
        if (entry >= 0) {
            bits.skip(entry & 31);
            return entry >>> 5;
        }
        if (entry == EMPTY) {
            throw new CabinetException("a symbol of the " + name + " tree is needed but the tree is empty");
        }
        for (int len = tableBits + 1; len <= 16; len++) {
            int index = (peek >>> (16 - len)) - first[len];
            if (index >= 0 && index < count[len]) {
                bits.skip(len);
                return sorted[offset[len] + index];
            }
        }
        throw new CabinetException("invalid " + name + " code"); // cannot happen for a complete code
    }
}
