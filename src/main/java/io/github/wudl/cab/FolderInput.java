package io.github.wudl.cab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;

/**
 * The uncompressed stream of one folder: its CFDATA blocks read in order, each checked (size, checksum) and
 * decoded, one block of at most 32 KiB in memory. The caller moves forward only ({@link #seek}).
 */
final class FolderInput extends InputStream {
    private final String cabinet;
    private final FileChannel channel;
    private final CabinetHeader header;
    private final int folderIndex;
    private final Cabinet.Folder folder;
    private final FolderDecoder decoder;
    private final long[] budget;
    private final byte[] in = new byte[Cabinet.MAX_COMPRESSED_BLOCK_BYTES];
    private final byte[] out = new byte[Cabinet.MAX_BLOCK_BYTES];
    private long nextBlockAt;
    private int blocksRead;
    private int outLength;
    private int outPosition;
    /** Offset in the folder's stream of the next byte {@link #read} gives. */
    private long streamPosition;

    FolderInput(String cabinet, FileChannel channel, CabinetHeader header, int folderIndex, long[] budget)
            throws CabinetException {
        this.cabinet = cabinet;
        this.channel = channel;
        this.header = header;
        this.folderIndex = folderIndex;
        this.folder = header.folders().get(folderIndex);
        this.decoder = decoderFor(folder.typeCompress());
        this.budget = budget;
        this.nextBlockAt = folder.firstBlock();
    }

    private FolderDecoder decoderFor(int typeCompress) throws CabinetException {
        int method = typeCompress & 0x000f;
        switch (method) {
            case 0:
                return StoredDecoder.INSTANCE;
            case 1:
                return new MszipDecoder();
            case 3:
                return LzxDecoders.create((typeCompress >>> 8) & 0x1f);
            case 2:
                throw new CabinetException(
                        "cabinet " + cabinet + ": folder " + folderIndex + " is Quantum-compressed, which wudl does"
                                + " not read (Microsoft has not written Quantum cabinets since the 1990s)");
            default:
                throw new CabinetException("cabinet " + cabinet + ": folder " + folderIndex
                        + " has the unknown compression type " + typeCompress);
        }
    }

    /** Moves to where {@code entry}'s bytes start. */
    void seek(CabinetEntry entry) throws IOException {
        if (entry.offset() < streamPosition) {
            throw new CabinetException("cabinet " + cabinet + ": entry " + entry.name() + " starts at offset "
                    + entry.offset() + " of folder " + folderIndex + ", inside the entry before it");
        }
        long toSkip = entry.offset() - streamPosition;
        if (skip(toSkip) < toSkip) {
            throw shortFolder(entry);
        }
    }

    /**
     * Moves {@code n} bytes forward without copying them out; returns how many were passed, fewer only when the
     * folder ends first.
     */
    @Override
    public long skip(long n) throws IOException {
        long skipped = 0;
        while (skipped < n) {
            if (outPosition == outLength && !nextBlock()) {
                break;
            }
            int step = (int) Math.min(n - skipped, outLength - outPosition);
            outPosition += step;
            streamPosition += step;
            skipped += step;
        }
        return skipped;
    }

    CabinetException shortFolder(CabinetEntry entry) {
        return new CabinetException(
                "cabinet " + cabinet + ": entry " + entry.name() + " claims bytes " + entry.offset() + ".."
                        + (entry.offset() + entry.size()) + " of folder " + folderIndex
                        + ", but the folder ends after " + streamPosition);
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (outPosition == outLength && !nextBlock()) {
            return -1;
        }
        int n = Math.min(len, outLength - outPosition);
        System.arraycopy(out, outPosition, b, off, n);
        outPosition += n;
        streamPosition += n;
        return n;
    }

    private boolean nextBlock() throws IOException {
        if (blocksRead == folder.blocks()) {
            return false;
        }
        String what = "block " + blocksRead + " of folder " + folderIndex;
        int headerBytes = 8 + header.reserveData();
        ByteBuffer blockHeader = Cabinet.read(
                cabinet, channel, nextBlockAt, headerBytes, header.cabinetBytes(), "the header of " + what);
        int checksum = blockHeader.getInt(0);
        int compressed = blockHeader.getShort(4) & 0xffff;
        int uncompressed = blockHeader.getShort(6) & 0xffff;
        if (uncompressed == 0) {
            throw new CabinetException("cabinet " + cabinet + ": " + what + " continues in the next cabinet of a set;"
                    + " wudl reads only whole cabinets");
        }
        if (uncompressed > Cabinet.MAX_BLOCK_BYTES || compressed > Cabinet.MAX_COMPRESSED_BLOCK_BYTES) {
            throw new CabinetException(
                    "cabinet " + cabinet + ": " + what + " claims " + compressed + " bytes that give " + uncompressed
                            + "; a block holds at most " + Cabinet.MAX_BLOCK_BYTES + " uncompressed");
        }
        if (budget[0] < uncompressed) {
            throw new CabinetException("cabinet " + cabinet + ": decoding stopped at " + what
                    + ": it would pass the limit of decoded" + " bytes; the cabinet may be a decompression bomb");
        }
        ByteBuffer data = Cabinet.read(
                cabinet, channel, nextBlockAt + headerBytes, compressed, header.cabinetBytes(), "the data of " + what);
        data.get(0, in, 0, compressed);
        if (checksum != 0) {
            int actual = CabinetChecksum.of(in, 0, compressed, 0);
            byte[] sizes = new byte[4];
            blockHeader.get(4, sizes);
            actual = CabinetChecksum.of(sizes, 0, 4, actual);
            if (actual != checksum) {
                throw new CabinetException("cabinet " + cabinet + ": " + what + " fails its checksum (stored "
                        + Integer.toHexString(checksum) + ", computed " + Integer.toHexString(actual)
                        + "): the file is damaged");
            }
        }
        try {
            decoder.decode(in, compressed, out, uncompressed);
        } catch (CabinetException e) {
            throw new CabinetException("cabinet " + cabinet + ": " + what + ": " + e.getMessage(), e);
        }
        budget[0] -= uncompressed;
        nextBlockAt += headerBytes + compressed;
        blocksRead++;
        outLength = uncompressed;
        outPosition = 0;
        return true;
    }

    @Override
    public void close() {
        if (decoder instanceof MszipDecoder mszip) {
            mszip.close();
        }
    }
}
