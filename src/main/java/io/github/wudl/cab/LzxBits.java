package io.github.wudl.cab;

/**
 * LZX's input bitstream over one CFDATA block: 16-bit little-endian words, each read from its most significant
 * bit. It never reads outside {@code in[start..end)}: past the end it supplies zero words (a Huffman look-ahead
 * may peek beyond the last real bit), and consuming any of those is a {@link CabinetException}, never an
 * {@link ArrayIndexOutOfBoundsException}.
 */
final class LzxBits {
    private byte[] in;
    private int pos;
    private int end;
    /** Unread bits, the next one at bit {@code count - 1}. */
    private long buffer;

    private int count;
    /** How many of the lowest {@code count} bits are zeros made up past the end of the input. */
    private int phantom;

    /** Starts reading words at {@code in[start]}. */
    void reset(byte[] input, int start, int limit) {
        in = input;
        pos = start;
        end = limit;
        buffer = 0;
        count = 0;
        phantom = 0;
    }

    /** Makes at least {@code n} (at most 48) bits available. */
    void ensure(int n) throws CabinetException {
        if (count < n) {
            fill();
        }
    }

    private void fill() throws CabinetException {
        if (phantom > count) {
            throw overrun();
        }
        while (count <= 47) {
            int word;
            if (pos + 2 <= end) {
                word = (in[pos] & 0xFF) | (in[pos + 1] & 0xFF) << 8;
                pos += 2;
            } else {
                word = 0;
                phantom += 16;
            }
            buffer = buffer << 16 | word;
            count += 16;
        }
    }

    /** The next 16 bits, without consuming them; call {@link #ensure}(16) first. */
    int peek16() {
        return (int) (buffer >>> (count - 16)) & 0xFFFF;
    }

    /** Consumes {@code n} bits already made available. */
    void skip(int n) {
        count -= n;
    }

    /** Reads {@code n} (0..17) bits as an unsigned number. */
    int read(int n) throws CabinetException {
        if (n == 0) {
            return 0;
        }
        ensure(n);
        count -= n;
        return (int) (buffer >>> count) & ((1 << n) - 1);
    }

    /** Drops the rest of the current word (the realignment at the end of a frame) and checks for overrun. */
    void alignAndCheck() throws CabinetException {
        count -= count & 15;
        if (phantom > count) {
            throw overrun();
        }
    }

    /**
     * Skips the 1 to 16 bits of padding that follow an uncompressed block's header (a whole word when the
     * stream is already on a word boundary) and returns the index of the first byte after them.
     */
    int startOfRawBytes() throws CabinetException {
        if ((count & 15) == 0) {
            ensure(16);
            count -= 16;
        } else {
            count -= count & 15;
        }
        if (phantom > count) {
            throw overrun();
        }
        return pos - (count - phantom) / 8;
    }

    /** After {@link #alignAndCheck}: how many input bytes are still unread. */
    int unreadBytes() {
        return (count - phantom) / 8 + (end - pos);
    }

    private CabinetException overrun() {
        return new CabinetException("the compressed data ends before the " + end + "-byte block is decoded");
    }
}
