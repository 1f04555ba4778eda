package io.github.wudl.cab;

import java.io.Closeable;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Predicate;

/**
 * A Microsoft cabinet (MS-CAB) opened for reading: its entries are listed from the header at once, and
 * {@link #extract} streams the ones a caller wants through an {@link EntryHandler}, decoding each folder once
 * and in order, with nothing written to disk. Stored, MSZIP and LZX folders are read; Quantum folders and
 * cabinets that are part of a multi-cabinet set are refused.
 *
 * <p>Every claim the file makes is checked before it is believed: offsets and sizes stay inside the cabinet,
 * entries inside their folders, names inside the cabinet (no absolute path, no {@code ..}), CFDATA checksums
 * match, each block decodes to exactly the size it claims, and the bytes decoded stay within the
 * {@link CabinetLimits}. A failure is a {@link CabinetException} whose message names the cabinet and the entry,
 * folder or block.
 *
 * <p>Bytes past the header's {@code cbCabinet} (an Authenticode signature) are ignored here; {@code
 * CabinetSignature} checks them. An instance is not thread-safe; close it to release the file.
 */
public final class Cabinet implements Closeable {
    static final int MAX_BLOCK_BYTES = 32_768;
    /** MS-CAB: a compressed block may be up to 6144 bytes larger than its uncompressed size. */
    static final int MAX_COMPRESSED_BLOCK_BYTES = MAX_BLOCK_BYTES + 6_144;

    private final String name;
    private final FileChannel channel;
    private final CabinetLimits limits;
    private final CabinetHeader header;

    private Cabinet(String name, FileChannel channel, CabinetLimits limits, CabinetHeader header) {
        this.name = name;
        this.channel = channel;
        this.limits = limits;
        this.header = header;
    }

    /**
     * Opens {@code file} and reads its header.
     *
     * @param displayName how messages name the cabinet (e.g. {@code "wsusscn2.cab"} or {@code
     *     "wsusscn2.cab!package.cab"})
     */
    public static Cabinet open(Path file, String displayName, CabinetLimits limits) throws IOException {
        FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
        try {
            CabinetHeader header = CabinetHeader.read(displayName, channel, limits);
            return new Cabinet(displayName, channel, limits, header);
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** How messages name this cabinet. */
    public String name() {
        return name;
    }

    /** Its entries, in the order of its CFFILE records. */
    public List<CabinetEntry> entries() {
        return header.entries();
    }

    /**
     * Decodes the entries {@code wanted} selects and gives each to {@code handler}, folder by folder in the
     * cabinet's order and, within a folder, by offset. Folders with no wanted entry are not decoded.
     */
    public void extract(Predicate<CabinetEntry> wanted, EntryHandler handler) throws IOException {
        List<List<CabinetEntry>> byFolder = new ArrayList<>();
        for (int i = 0; i < header.folders().size(); i++) {
            byFolder.add(new ArrayList<>());
        }
        for (CabinetEntry entry : header.entries()) {
            if (wanted.test(entry)) {
                byFolder.get(entry.folder()).add(entry);
            }
        }
        long[] budget = {limits.maxDecodedBytes()};
        for (int f = 0; f < byFolder.size(); f++) {
            List<CabinetEntry> entries = byFolder.get(f);
            if (entries.isEmpty()) {
                continue;
            }
            entries.sort(Comparator.comparingLong(CabinetEntry::offset));
            try (FolderInput folder = new FolderInput(name, channel, header, f, budget)) {
                for (CabinetEntry entry : entries) {
                    folder.seek(entry);
                    EntryInput content = new EntryInput(folder, entry);
                    handler.accept(entry, content);
                    content.finish();
                }
            }
        }
    }

    @Override
    public void close() throws IOException {
        channel.close();
    }

    static ByteBuffer read(String name, FileChannel channel, long position, int length, long end, String what)
            throws IOException {
        if (position < 0 || length < 0 || position + length > end) {
            throw new CabinetException("cabinet " + name + ": " + what + " at offset " + position + " (" + length
                    + " bytes) lies past the end of the cabinet (" + end + " bytes)");
        }
        ByteBuffer buffer = ByteBuffer.allocate(length).order(ByteOrder.LITTLE_ENDIAN);
        while (buffer.hasRemaining()) {
            if (channel.read(buffer, position + buffer.position()) < 0) {
                throw new CabinetException("cabinet " + name + ": the file ends inside " + what);
            }
        }
        return buffer.flip();
    }

    /** One CFFOLDER record, as read and checked by {@link CabinetHeader}. */
    record Folder(long firstBlock, int blocks, int typeCompress) {}
}
