package io.github.wudl.cab;

/**
 * Decodes an LZX folder of a cabinet (typeCompress 3, window 2^15..2^21), one CFDATA block (one 32 KiB frame)
 * per call, as cabextract's libmspack does: E8 header, verbatim, aligned-offset and uncompressed blocks that may
 * span frames, code lengths kept as deltas across blocks, repeated offsets R0..R2, realignment to 16 bits at
 * each frame's end, E8 translation of frames 0..32768 longer than 10 bytes once started.
 *
 * <p>Promises: for any input it returns exactly {@code outLength} bytes or throws {@link CabinetException}
 * naming the block ({@code "LZX block 3: ..."}, blocks counted from 0) — never another exception, never reads
 * outside {@code in[0..inLength)}, and works in time linear in its input and output. Refused: a malformed tree
 * (over-subscribed, incomplete, run lengths that overflow their range), a match reaching before the first byte
 * of the folder or across the end of its block or frame, data ending early, a block that decodes to a size
 * other than {@code outLength}, a block after a short one (only a folder's last block may hold fewer than 32768
 * bytes), input left over after the frame (each CFDATA holds exactly one frame), and any block after a
 * refusal. Stricter than libmspack only for streams no Microsoft encoder writes:
 * a pretree run past the end of its range, offset 0 from an uncompressed block's R0..R2.
 *
 * <p>Fast: table-driven Huffman decoding, the window ({@code 1 << windowBits} bytes) allocated once, no
 * allocation per block.
 */
final class LzxDecoder implements FolderDecoder {
    private static final int FRAME = 32768;
    private static final int VERBATIM = 1;
    private static final int ALIGNED = 2;
    private static final int UNCOMPRESSED = 3;
    private static final int[] EXTRA = new int[51];
    private static final int[] BASE = new int[51];

    static {
        for (int i = 0; i < 51; i++) {
            EXTRA[i] = i < 4 ? 0 : Math.min(17, i / 2 - 1);
            BASE[i] = i == 0 ? 0 : BASE[i - 1] + (1 << EXTRA[i - 1]);
        }
    }

    private final byte[] window;
    private final int windowSize;
    private final int mainSymbols;
    private final byte[] mainLengths;
    private final byte[] lengthLengths = new byte[249];
    private final byte[] alignedLengths = new byte[8];
    private final byte[] preLengths = new byte[20];
    private final LzxHuffman main;
    private final LzxHuffman length = new LzxHuffman("length", 249, 10);
    private final LzxHuffman aligned = new LzxHuffman("aligned-offset", 8, 7);
    private final LzxHuffman pretree = new LzxHuffman("pretree", 20, 8);
    private final LzxBits bits = new LzxBits();

    private int frame;
    private long decoded;
    private boolean shortSeen;
    private boolean failed;
    private boolean headerRead;
    private int intelSize;
    private int intelCurPos;
    private boolean intelStarted;
    private int windowPos;
    private int blockType;
    private int blockRemaining;
    private boolean padPending;
    private int r0 = 1;
    private int r1 = 1;
    private int r2 = 1;
    // the current input while decoding one block: raw (uncompressed) bytes are read here, bits through bits
    private byte[] in;
    private int inLength;
    private int rawPos;
    private boolean rawMode;

    /** A decoder for an LZX folder whose window is {@code 1 << windowBits} bytes; refuses bits outside 15..21. */
    LzxDecoder(int windowBits) throws CabinetException {
        if (windowBits < 15 || windowBits > 21) {
            throw new CabinetException("LZX window bits " + windowBits + " are outside 15..21");
        }
        int slots = windowBits == 21 ? 50 : windowBits == 20 ? 42 : windowBits * 2;
        windowSize = 1 << windowBits;
        window = new byte[windowSize];
        mainSymbols = 256 + slots * 8;
        mainLengths = new byte[mainSymbols];
        main = new LzxHuffman("main", mainSymbols, 12);
    }

    @Override
    public void decode(byte[] input, int length, byte[] out, int outLength) throws CabinetException {
        int index = frame;
        if (failed) {
            throw new CabinetException("LZX block " + index + ": an earlier block of the folder failed to decode");
        }
        try {
            if (length < 0 || length > input.length || outLength < 0 || outLength > FRAME || outLength > out.length) {
                throw new CabinetException(
                        "sizes out of range (" + length + " bytes in, " + outLength + " bytes out, at most 32768)");
            }
            if (shortSeen) {
                throw new CabinetException(
                        "follows a block of fewer than 32768 bytes: only a folder's last block" + " may be short");
            }
            decodeFrame(input, length, out, outLength);
        } catch (CabinetException e) {
            failed = true;
            throw new CabinetException("LZX block " + index + ": " + e.getMessage(), e);
        } finally {
            in = null;
        }
    }

    private void decodeFrame(byte[] input, int length, byte[] out, int outLength) throws CabinetException {
        in = input;
        inLength = length;
        shortSeen = outLength < FRAME;
        if (outLength == 0) {
            return; // nothing to decode, not even the E8 header
        }
        // an uncompressed block goes on with this block's first byte; anything else starts a new bitstream
        rawMode = blockType == UNCOMPRESSED;
        rawPos = 0;
        if (!rawMode) {
            bits.reset(in, 0, inLength);
        }
        if (!headerRead) {
            headerRead = true;
            if (bits.read(1) == 1) {
                intelSize = bits.read(16) << 16 | bits.read(16);
            }
        }
        int framePos = windowPos;
        int todo = outLength;
        while (todo > 0) {
            if (blockRemaining == 0) {
                readBlockHeader();
                continue;
            }
            int run = Math.min(blockRemaining, todo);
            if (blockType == UNCOMPRESSED) {
                if (rawPos + run > inLength) {
                    throw new CabinetException("the compressed data ends inside an uncompressed block");
                }
                System.arraycopy(in, rawPos, window, windowPos, run);
                rawPos += run;
                windowPos += run;
            } else {
                decodeRun(run, framePos);
            }
            todo -= run;
            blockRemaining -= run;
        }
        int left;
        if (!rawMode) {
            bits.alignAndCheck();
            left = bits.unreadBytes();
        } else {
            if (blockRemaining == 0 && padPending && rawPos < inLength) {
                rawPos++; // the pad byte after an odd-sized uncompressed block that ends with this frame
                padPending = false;
            }
            left = inLength - rawPos;
        }
        if (left != 0) {
            // each CFDATA holds exactly one frame: more input means the block holds more than its cbUncomp
            throw new CabinetException(left + " compressed bytes are left over after the block's " + outLength
                    + " bytes: it holds more than it says");
        }
        System.arraycopy(window, framePos, out, 0, outLength);
        if (intelSize != 0) {
            if (intelStarted && frame <= 32768 && outLength > 10) {
                translate(out, outLength, intelCurPos);
            }
            intelCurPos += outLength;
        }
        decoded += outLength;
        frame++;
        if (windowPos == windowSize) {
            windowPos = 0;
        }
    }

    private void readBlockHeader() throws CabinetException {
        if (rawMode) {
            if (padPending) {
                if (rawPos >= inLength) {
                    throw new CabinetException("the pad byte after an odd-sized uncompressed block is missing");
                }
                rawPos++;
                padPending = false;
            }
            bits.reset(in, rawPos, inLength);
            rawMode = false;
        }
        int type = bits.read(3);
        int size = bits.read(16) << 8 | bits.read(8);
        switch (type) {
            case ALIGNED:
                for (int i = 0; i < 8; i++) {
                    alignedLengths[i] = (byte) bits.read(3);
                }
                aligned.build(alignedLengths, 8);
                readTrees();
                break;
            case VERBATIM:
                readTrees();
                break;
            case UNCOMPRESSED:
                intelStarted = true; // as libmspack: raw bytes may hold E8 calls
                rawPos = bits.startOfRawBytes();
                rawMode = true;
                if (rawPos + 12 > inLength) {
                    throw new CabinetException("the compressed data ends inside an uncompressed block's header");
                }
                r0 = le32(rawPos);
                r1 = le32(rawPos + 4);
                r2 = le32(rawPos + 8);
                rawPos += 12;
                padPending = (size & 1) != 0;
                break;
            default:
                throw new CabinetException("block type " + type + " is not 1, 2 or 3");
        }
        blockType = type;
        blockRemaining = size;
    }

    private void readTrees() throws CabinetException {
        readLengths(mainLengths, 0, 256);
        readLengths(mainLengths, 256, mainSymbols);
        main.build(mainLengths, mainSymbols);
        if (mainLengths[0xE8] != 0) {
            intelStarted = true; // libmspack starts E8 translation once a main tree can code the byte E8
        }
        readLengths(lengthLengths, 0, 249);
        length.build(lengthLengths, 249);
    }

    /** Reads lengths[from..to) as deltas of their previous values, through a freshly read pretree. */
    private void readLengths(byte[] lengths, int from, int to) throws CabinetException {
        for (int i = 0; i < 20; i++) {
            preLengths[i] = (byte) bits.read(4);
        }
        pretree.build(preLengths, 20);
        for (int x = from; x < to; ) {
            int code = pretree.decode(bits);
            int run;
            int value;
            if (code == 17) {
                run = bits.read(4) + 4;
                value = 0;
            } else if (code == 18) {
                run = bits.read(5) + 20;
                value = 0;
            } else if (code == 19) {
                run = bits.read(1) + 4;
                int delta = pretree.decode(bits);
                if (delta > 16) {
                    throw new CabinetException("pretree code 19 is followed by code " + delta);
                }
                value = (lengths[x] - delta + 17) % 17;
            } else {
                lengths[x] = (byte) ((lengths[x] - code + 17) % 17);
                x++;
                continue;
            }
            if (run > to - x) {
                throw new CabinetException("a pretree run of " + run + " lengths overflows the tree at " + x);
            }
            for (int end = x + run; x < end; x++) {
                lengths[x] = (byte) value;
            }
        }
    }

    /** Decodes {@code run} bytes of a verbatim or aligned-offset block into the window. */
    private void decodeRun(int run, int framePos) throws CabinetException {
        boolean alignedBlock = blockType == ALIGNED;
        int end = windowPos + run;
        int pos = windowPos;
        byte[] w = window;
        while (pos < end) {
            int sym = main.decode(bits);
            if (sym < 256) {
                w[pos++] = (byte) sym;
                continue;
            }
            sym -= 256;
            int len = (sym & 7) + 2;
            if (len == 9) {
                len += length.decode(bits);
            }
            int slot = sym >>> 3;
            int offset;
            if (slot == 0) {
                offset = r0;
            } else if (slot == 1) {
                offset = r1;
                r1 = r0;
                r0 = offset;
            } else if (slot == 2) {
                offset = r2;
                r2 = r0;
                r0 = offset;
            } else {
                int extra = EXTRA[slot];
                offset = BASE[slot] - 2;
                if (alignedBlock && extra >= 3) {
                    offset += bits.read(extra - 3) << 3;
                    offset += aligned.decode(bits);
                } else {
                    offset += bits.read(extra);
                }
                r2 = r1;
                r1 = r0;
                r0 = offset;
            }
            if (len > end - pos) {
                throw new CabinetException("a match of " + len + " bytes crosses the end of its block or frame ("
                        + (end - pos) + " bytes left)");
            }
            long history = Math.min(decoded + (pos - framePos), windowSize);
            if (offset <= 0 || offset > history) {
                throw new CabinetException("match offset " + Integer.toUnsignedString(offset) + " beyond the "
                        + (decoded + (pos - framePos)) + " bytes decoded so far");
            }
            int src = pos - offset;
            if (src < 0) {
                src += windowSize;
            }
            if (src + len <= pos || (src >= pos + len && src + len <= windowSize)) {
                System.arraycopy(w, src, w, pos, len); // no overlap, no wrap
                pos += len;
            } else {
                for (int i = 0; i < len; i++) {
                    w[pos++] = w[src++];
                    if (src == windowSize) {
                        src = 0;
                    }
                }
            }
        }
        windowPos = pos;
    }

    /** Undoes the encoder's E8 translation: absolute call targets back to the relative ones of the file. */
    private void translate(byte[] out, int outLength, int start) {
        int size = intelSize;
        for (int i = 0; i < outLength - 10; ) {
            if (out[i] != (byte) 0xE8) {
                i++;
                continue;
            }
            int curpos = start + i;
            int abs = (out[i + 1] & 0xFF) | (out[i + 2] & 0xFF) << 8 | (out[i + 3] & 0xFF) << 16 | out[i + 4] << 24;
            if (abs >= -curpos && abs < size) {
                int rel = abs >= 0 ? abs - curpos : abs + size;
                out[i + 1] = (byte) rel;
                out[i + 2] = (byte) (rel >>> 8);
                out[i + 3] = (byte) (rel >>> 16);
                out[i + 4] = (byte) (rel >>> 24);
            }
            i += 5;
        }
    }

    private int le32(int at) {
        return (in[at] & 0xFF) | (in[at + 1] & 0xFF) << 8 | (in[at + 2] & 0xFF) << 16 | (in[at + 3] & 0xFF) << 24;
    }
}
