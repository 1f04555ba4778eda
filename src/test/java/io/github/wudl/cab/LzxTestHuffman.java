package io.github.wudl.cab;

import java.io.ByteArrayOutputStream;
import java.util.PriorityQueue;

/**
 * Test-side helpers of {@link LzxTestEncoder}: length-limited Huffman code lengths, canonical codes, and the LZX
 * bit writer (16-bit little-endian words, each filled from its most significant bit).
 */
final class LzxTestHuffman {
    private LzxTestHuffman() {}

    /**
     * Code lengths for the given frequencies, none longer than {@code limit}; all zero when no frequency is
     * positive, and a complete code otherwise (a lone used symbol gets a partner so the code is complete, which
     * LZX decoders require).
     */
    static int[] lengths(int[] frequencies, int limit) {
        int[] freq = frequencies.clone();
        int used = 0;
        for (int f : freq) {
            used += f > 0 ? 1 : 0;
        }
        if (used == 0) {
            return new int[freq.length];
        }
        if (used == 1) {
            freq[freq[0] > 0 ? 1 : 0] = 1;
        }
        while (true) {
            int[] lengths = huffman(freq);
            int max = 0;
            for (int l : lengths) {
                max = Math.max(max, l);
            }
            if (max <= limit) {
                return lengths;
            }
            // too deep: flatten the distribution and try again (keeps every used symbol used)
            for (int i = 0; i < freq.length; i++) {
                if (freq[i] > 0) {
                    freq[i] = (freq[i] >> 1) | 1;
                }
            }
        }
    }

    private static int[] huffman(int[] freq) {
        int n = freq.length;
        int[] parent = new int[2 * n];
        long[] weight = new long[2 * n];
        PriorityQueue<Integer> queue = new PriorityQueue<>(
                (a, b) -> weight[a] != weight[b] ? Long.compare(weight[a], weight[b]) : Integer.compare(a, b));
        for (int i = 0; i < n; i++) {
            if (freq[i] > 0) {
                weight[i] = freq[i];
                queue.add(i);
            }
        }
        int next = n;
        while (queue.size() > 1) {
            int a = queue.poll();
            int b = queue.poll();
            weight[next] = weight[a] + weight[b];
            parent[a] = next;
            parent[b] = next;
            queue.add(next++);
        }
        int root = next - 1;
        int[] lengths = new int[n];
        for (int i = 0; i < n; i++) {
            if (freq[i] > 0) {
                int depth = 0;
                for (int node = i; node != root; node = parent[node]) {
                    depth++;
                }
                lengths[i] = depth;
            }
        }
        return lengths;
    }

    /** Canonical codes: shorter codes first, equal lengths in symbol order, as LZX (and deflate) assign them. */
    static int[] codes(int[] lengths) {
        int[] count = new int[18];
        for (int l : lengths) {
            count[l]++;
        }
        count[0] = 0;
        int[] next = new int[18];
        int code = 0;
        for (int bits = 1; bits <= 17; bits++) {
            code = (code + count[bits - 1]) << 1;
            next[bits] = code;
        }
        int[] codes = new int[lengths.length];
        for (int i = 0; i < lengths.length; i++) {
            if (lengths[i] > 0) {
                codes[i] = next[lengths[i]]++;
            }
        }
        return codes;
    }

    /** Writes LZX's bitstream: 16-bit little-endian words, most significant bit first; raw bytes when aligned. */
    static final class BitWriter {
        private final ByteArrayOutputStream out = new ByteArrayOutputStream();
        private long acc;
        private int pending;

        void bits(int value, int count) {
            if (count == 0) {
                return;
            }
            acc = acc << count | (value & ((1L << count) - 1));
            pending += count;
            while (pending >= 16) {
                int word = (int) (acc >>> (pending - 16)) & 0xFFFF;
                out.write(word & 0xFF);
                out.write(word >>> 8);
                pending -= 16;
            }
        }

        /** Pads the current word with zero bits, if one is started. */
        void align() {
            if (pending > 0) {
                bits(0, 16 - pending);
            }
        }

        boolean aligned() {
            return pending == 0;
        }

        void rawByte(int b) {
            if (pending != 0) {
                throw new IllegalStateException("raw byte in the middle of a word");
            }
            out.write(b & 0xFF);
        }

        /** Takes what was written (the caller aligned first) and starts empty. */
        byte[] take() {
            if (pending != 0) {
                throw new IllegalStateException("frame cut in the middle of a word");
            }
            byte[] bytes = out.toByteArray();
            out.reset();
            return bytes;
        }
    }
}
