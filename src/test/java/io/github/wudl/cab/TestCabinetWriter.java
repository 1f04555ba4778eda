package io.github.wudl.cab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.zip.Deflater;

/**
 * Writes single-cabinet MS-CAB files for tests: files grouped into folders, each folder stored (0), MSZIP (1,
 * {@link Deflater} raw deflate with a "CK" signature per block, each block's dictionary the previous block as
 * Microsoft's compressor does) or LZX ({@code 3 | windowBits << 8}, with {@link LzxTestEncoder}); 32768-byte
 * uncompressed blocks; CFDATA checksums as cabextract checks them; an optional reserve area (flag 4).
 *
 * <p>Hostile tests may override any header, folder, file or block field after the fact: the {@code Integer}
 * fields left {@code null} are computed, a set one is written as it is. {@link Folder#blocks()} returns the
 * folder's encoded blocks, which a test may change (payload, sizes, checksum) or replace before writing.
 */
final class TestCabinetWriter {
    static final int STORED = 0;
    static final int MSZIP = 1;
    /** The file attribute that says the name is UTF-8. */
    static final int ATTRIB_NAME_IS_UTF = 0x80;

    /** Header overrides; {@code null} means "write the right value". */
    Integer cbCabinet;

    Integer coffFiles;
    Integer cFiles;
    Integer cFolders;
    Integer flags;

    private int reserveHeader = -1;
    private int reserveFolder;
    private int reserveData;
    private final List<Folder> folders = new ArrayList<>();

    /** The typeCompress value of an LZX folder with the given window bits. */
    static int lzx(int windowBits) {
        return 3 | windowBits << 8;
    }

    /** Adds a folder; stored and MSZIP folders are encoded here, LZX needs {@link #lzxFolder}. */
    Folder folder(int typeCompress) {
        Folder folder = new Folder(typeCompress, null);
        folders.add(folder);
        return folder;
    }

    /** Adds an LZX folder encoded by the given encoder. */
    Folder lzxFolder(LzxTestEncoder encoder) {
        Folder folder = new Folder(lzx(encoder.windowBits()), encoder);
        folders.add(folder);
        return folder;
    }

    /** Sets flag 4 (reserve present) with these sizes; header reserve bytes are zeros. */
    TestCabinetWriter reserve(int cbCFHeader, int cbCFFolder, int cbCFData) {
        reserveHeader = cbCFHeader;
        reserveFolder = cbCFFolder;
        reserveData = cbCFData;
        return this;
    }

    List<Folder> folders() {
        return folders;
    }

    /** One folder: its files (in order, their bytes concatenated) and, once encoded, its blocks. */
    static final class Folder {
        final int typeCompress;
        private final LzxTestEncoder encoder;
        final List<CabFile> files = new ArrayList<>();
        private List<Block> blocks;
        Integer coffCabStart;
        Integer cCFData;

        private Folder(int typeCompress, LzxTestEncoder encoder) {
            this.typeCompress = typeCompress;
            this.encoder = encoder;
        }

        CabFile file(String name, byte[] data) {
            CabFile file = new CabFile(name, data);
            files.add(file);
            return file;
        }

        byte[] data() {
            ByteArrayOutputStream all = new ByteArrayOutputStream();
            for (CabFile file : files) {
                all.writeBytes(file.data);
            }
            return all.toByteArray();
        }

        /** The folder's blocks, encoded on the first call; a test may change them or the list. */
        List<Block> blocks() {
            if (blocks == null) {
                blocks = encode(data());
            }
            return blocks;
        }

        /** Replaces the blocks with raw ones (hostile payloads). */
        Folder rawBlocks(List<Block> raw) {
            blocks = new ArrayList<>(raw);
            return this;
        }

        private List<Block> encode(byte[] data) {
            List<Block> out = new ArrayList<>();
            if (encoder != null) {
                for (LzxTestEncoder.Frame frame : encoder.encode(data)) {
                    out.add(new Block(frame.payload(), frame.uncompressedSize()));
                }
                return out;
            }
            for (int at = 0; at < data.length; at += 32768) {
                byte[] chunk = Arrays.copyOfRange(data, at, Math.min(data.length, at + 32768));
                switch (typeCompress & 0xF) {
                    case STORED:
                        out.add(new Block(chunk, chunk.length));
                        break;
                    case MSZIP:
                        byte[] dictionary = Arrays.copyOfRange(data, Math.max(0, at - 32768), at);
                        out.add(new Block(mszip(chunk, dictionary), chunk.length));
                        break;
                    default:
                        throw new IllegalArgumentException("no encoder for typeCompress " + typeCompress);
                }
            }
            return out;
        }

        /** "CK" and a complete raw deflate stream whose history is the previous block, as MSZIP wants. */
        private static byte[] mszip(byte[] chunk, byte[] dictionary) {
            Deflater deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
            try {
                if (dictionary.length > 0) {
                    deflater.setDictionary(dictionary);
                }
                deflater.setInput(chunk);
                deflater.finish();
                ByteArrayOutputStream out = new ByteArrayOutputStream();
                out.write('C');
                out.write('K');
                byte[] buffer = new byte[8192];
                while (!deflater.finished()) {
                    int n = deflater.deflate(buffer);
                    out.write(buffer, 0, n);
                }
                return out.toByteArray();
            } finally {
                deflater.end();
            }
        }
    }

    /** One file entry; the {@code Integer} fields override what would be written. */
    static final class CabFile {
        final String name;
        final byte[] data;
        int attribs = 0x20;
        int date = (2024 - 1980) << 9 | 1 << 5 | 1;
        int time = 12 << 11 | 30 << 5;
        Integer cbFile;
        Integer uoffFolderStart;
        Integer iFolder;

        private CabFile(String name, byte[] data) {
            this.name = name;
            this.data = data;
        }

        CabFile attribs(int value) {
            attribs = value;
            return this;
        }

        CabFile dateTime(int dosDate, int dosTime) {
            date = dosDate;
            time = dosTime;
            return this;
        }
    }

    /** One CFDATA block: its payload and size, and overrides of what is written in its header. */
    static final class Block {
        byte[] payload;
        int uncompressedSize;
        Integer cbData;
        Integer cbUncomp;
        Integer checksum;

        Block(byte[] payload, int uncompressedSize) {
            this.payload = payload;
            this.uncompressedSize = uncompressedSize;
        }
    }

    byte[] toBytes() {
        boolean reserve = reserveHeader >= 0;
        int headerSize = 36 + (reserve ? 4 + reserveHeader : 0);
        int folderSize = 8 + (reserve ? reserveFolder : 0);
        int dataHeaderSize = 8 + (reserve ? reserveData : 0);
        int fileCount = 0;
        int fileTableSize = 0;
        for (Folder folder : folders) {
            for (CabFile file : folder.files) {
                fileCount++;
                fileTableSize += 16 + nameBytes(file).length + 1;
            }
        }
        int filesAt = headerSize + folderSize * folders.size();
        int dataAt = filesAt + fileTableSize;
        int[] folderStart = new int[folders.size()];
        int at = dataAt;
        for (int i = 0; i < folders.size(); i++) {
            folderStart[i] = at;
            for (Block block : folders.get(i).blocks()) {
                at += dataHeaderSize + block.payload.length;
            }
        }
        int total = at;

        Le out = new Le();
        out.bytes("MSCF".getBytes(StandardCharsets.US_ASCII));
        out.u32(0);
        out.u32(or(cbCabinet, total));
        out.u32(0);
        out.u32(or(coffFiles, filesAt));
        out.u32(0);
        out.u8(3);
        out.u8(1);
        out.u16(or(cFolders, folders.size()));
        out.u16(or(cFiles, fileCount));
        out.u16(or(flags, reserve ? 4 : 0));
        out.u16(0x1234);
        out.u16(0);
        if (reserve) {
            out.u16(reserveHeader);
            out.u8(reserveFolder);
            out.u8(reserveData);
            out.bytes(new byte[reserveHeader]);
        }
        for (int i = 0; i < folders.size(); i++) {
            Folder folder = folders.get(i);
            out.u32(or(folder.coffCabStart, folderStart[i]));
            out.u16(or(folder.cCFData, folder.blocks().size()));
            out.u16(folder.typeCompress);
            out.bytes(new byte[reserve ? reserveFolder : 0]);
        }
        for (int i = 0; i < folders.size(); i++) {
            int offset = 0;
            for (CabFile file : folders.get(i).files) {
                out.u32(or(file.cbFile, file.data.length));
                out.u32(or(file.uoffFolderStart, offset));
                out.u16(or(file.iFolder, i));
                out.u16(file.date);
                out.u16(file.time);
                out.u16(file.attribs);
                out.bytes(nameBytes(file));
                out.u8(0);
                offset += file.data.length;
            }
        }
        for (Folder folder : folders) {
            for (Block block : folder.blocks()) {
                int cbData = or(block.cbData, block.payload.length);
                int cbUncomp = or(block.cbUncomp, block.uncompressedSize);
                out.u32(or(block.checksum, checksum(block.payload, cbData, cbUncomp)));
                out.u16(cbData);
                out.u16(cbUncomp);
                out.bytes(new byte[reserve ? reserveData : 0]);
                out.bytes(block.payload);
            }
        }
        return out.toByteArray();
    }

    Path write(Path path) throws IOException {
        Files.write(path, toBytes());
        return path;
    }

    /**
     * The CFDATA checksum: the XOR of the payload's little-endian 32-bit words, its last 1-3 bytes packed
     * first byte highest, then XORed with cbData and cbUncomp as one little-endian word.
     */
    static int checksum(byte[] payload, int cbData, int cbUncomp) {
        int sum = 0;
        int words = payload.length / 4;
        for (int i = 0; i < words * 4; i += 4) {
            sum ^= (payload[i] & 0xFF)
                    | (payload[i + 1] & 0xFF) << 8
                    | (payload[i + 2] & 0xFF) << 16
                    | (payload[i + 3] & 0xFF) << 24;
        }
        int tail = 0;
        for (int i = words * 4; i < payload.length; i++) {
            tail = tail << 8 | (payload[i] & 0xFF);
        }
        sum ^= tail;
        return sum ^ ((cbData & 0xFFFF) | (cbUncomp & 0xFFFF) << 16);
    }

    private static byte[] nameBytes(CabFile file) {
        return file.name.getBytes(
                (file.attribs & ATTRIB_NAME_IS_UTF) != 0 ? StandardCharsets.UTF_8 : StandardCharsets.ISO_8859_1);
    }

    private static int or(Integer override, int computed) {
        return override != null ? override : computed;
    }

    /** A little-endian byte sink. */
    private static final class Le extends ByteArrayOutputStream {
        void u8(int v) {
            write(v & 0xFF);
        }

        void u16(int v) {
            u8(v);
            u8(v >> 8);
        }

        void u32(int v) {
            u16(v);
            u16(v >>> 16);
        }

        void bytes(byte[] b) {
            writeBytes(b);
        }
    }
}
