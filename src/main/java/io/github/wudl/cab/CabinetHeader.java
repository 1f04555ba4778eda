package io.github.wudl.cab;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The checked CFHEADER, CFFOLDER and CFFILE records of one cabinet. Everything here is a claim of the file,
 * so each value is bounded before it is used to size or place anything.
 */
record CabinetHeader(
        long cabinetBytes,
        int reserveHeader,
        int reserveFolder,
        int reserveData,
        List<Cabinet.Folder> folders,
        List<CabinetEntry> entries) {
    private static final int SIGNATURE = 0x4643534d; // "MSCF"
    private static final int FIXED_BYTES = 36;
    private static final int FLAG_PREV_CABINET = 0x1;
    private static final int FLAG_NEXT_CABINET = 0x2;
    private static final int FLAG_RESERVE_PRESENT = 0x4;
    private static final int CFFILE_FIXED_BYTES = 16;
    private static final int MAX_NAME_BYTES = 256;
    private static final int ATTRIBUTE_UTF8_NAME = 0x80;

    static CabinetHeader read(String name, FileChannel channel, CabinetLimits limits) throws IOException {
        long fileBytes = channel.size();
        ByteBuffer fixed = Cabinet.read(name, channel, 0, FIXED_BYTES, fileBytes, "the cabinet header");
        if (fixed.getInt(0) != SIGNATURE) {
            throw new CabinetException("cabinet " + name + " does not start with MSCF: it is not a cabinet");
        }
        long cabinetBytes = Integer.toUnsignedLong(fixed.getInt(8));
        long filesOffset = Integer.toUnsignedLong(fixed.getInt(16));
        int minor = fixed.get(24) & 0xff;
        int major = fixed.get(25) & 0xff;
        int folderCount = fixed.getShort(26) & 0xffff;
        int fileCount = fixed.getShort(28) & 0xffff;
        int flags = fixed.getShort(30) & 0xffff;
        if (major != 1 || minor != 3) {
            throw new CabinetException(
                    "cabinet " + name + " has format version " + major + "." + minor + "; only 1.3 exists");
        }
        if (cabinetBytes > fileBytes) {
            throw new CabinetException("cabinet " + name + " claims " + cabinetBytes + " bytes but the file has "
                    + fileBytes + ": it is truncated or lies about its size");
        }
        if ((flags & (FLAG_PREV_CABINET | FLAG_NEXT_CABINET)) != 0) {
            throw new CabinetException(
                    "cabinet " + name + " is one part of a multi-cabinet set; wudl reads only whole cabinets");
        }
        if (folderCount == 0 && fileCount > 0) {
            throw new CabinetException("cabinet " + name + " lists " + fileCount + " entries but no folder");
        }
        if (folderCount > limits.maxFolders() || fileCount > limits.maxEntries()) {
            throw new CabinetException("cabinet " + name + " has " + folderCount + " folders and " + fileCount
                    + " entries, more than the limits of " + limits.maxFolders() + " and "
                    + limits.maxEntries());
        }
        long position = FIXED_BYTES;
        int reserveHeader = 0;
        int reserveFolder = 0;
        int reserveData = 0;
        if ((flags & FLAG_RESERVE_PRESENT) != 0) {
            ByteBuffer reserve = Cabinet.read(name, channel, position, 4, cabinetBytes, "the reserve sizes");
            reserveHeader = reserve.getShort(0) & 0xffff;
            reserveFolder = reserve.get(2) & 0xff;
            reserveData = reserve.get(3) & 0xff;
            position += 4 + reserveHeader;
        }
        int folderRecord = 8 + reserveFolder;
        ByteBuffer folderBytes =
                Cabinet.read(name, channel, position, folderCount * folderRecord, cabinetBytes, "the CFFOLDER records");
        List<Cabinet.Folder> folders = new ArrayList<>(folderCount);
        for (int i = 0; i < folderCount; i++) {
            int at = i * folderRecord;
            long first = Integer.toUnsignedLong(folderBytes.getInt(at));
            int blocks = folderBytes.getShort(at + 4) & 0xffff;
            int typeCompress = folderBytes.getShort(at + 6) & 0xffff;
            if (first < position + folderCount * (long) folderRecord || first > cabinetBytes) {
                throw new CabinetException("cabinet " + name + ": folder " + i + " claims its data starts at offset "
                        + first + ", outside the cabinet's data area");
            }
            folders.add(new Cabinet.Folder(first, blocks, typeCompress));
        }
        List<CabinetEntry> entries = readEntries(name, channel, filesOffset, fileCount, cabinetBytes, limits, folders);
        return new CabinetHeader(
                cabinetBytes, reserveHeader, reserveFolder, reserveData, List.copyOf(folders), List.copyOf(entries));
    }

    private static List<CabinetEntry> readEntries(
            String name,
            FileChannel channel,
            long offset,
            int count,
            long cabinetBytes,
            CabinetLimits limits,
            List<Cabinet.Folder> folders)
            throws IOException {
        if (count == 0) {
            return List.of();
        }
        if (offset < FIXED_BYTES || offset >= cabinetBytes) {
            throw new CabinetException("cabinet " + name + ": its CFFILE records are said to start at offset " + offset
                    + ", outside the cabinet");
        }
        long longest = (long) count * (CFFILE_FIXED_BYTES + MAX_NAME_BYTES + 1);
        int length = (int) Math.min(longest, cabinetBytes - offset);
        ByteBuffer bytes = Cabinet.read(name, channel, offset, length, cabinetBytes, "the CFFILE records");
        List<CabinetEntry> entries = new ArrayList<>(count);
        int at = 0;
        for (int i = 0; i < count; i++) {
            if (at + CFFILE_FIXED_BYTES > length) {
                throw new CabinetException("cabinet " + name + ": the file ends inside CFFILE record " + i);
            }
            long size = Integer.toUnsignedLong(bytes.getInt(at));
            long folderOffset = Integer.toUnsignedLong(bytes.getInt(at + 4));
            int folder = bytes.getShort(at + 8) & 0xffff;
            int attributes = bytes.getShort(at + 14) & 0xffff;
            int nameStart = at + CFFILE_FIXED_BYTES;
            int nameEnd = nameStart;
            while (nameEnd < length && nameEnd - nameStart <= MAX_NAME_BYTES && bytes.get(nameEnd) != 0) {
                nameEnd++;
            }
            if (nameEnd >= length || nameEnd - nameStart > MAX_NAME_BYTES) {
                throw new CabinetException("cabinet " + name + ": the name of CFFILE record " + i
                        + " has no terminating NUL within " + MAX_NAME_BYTES + " bytes");
            }
            String entryName = checkedName(name, i, bytes, nameStart, nameEnd, attributes);
            if (folder >= 0xfffd) {
                throw new CabinetException("cabinet " + name + ": entry " + entryName
                        + " continues from or into another cabinet; wudl reads only whole cabinets");
            }
            if (folder >= folders.size()) {
                throw new CabinetException("cabinet " + name + ": entry " + entryName + " names folder " + folder
                        + " of " + folders.size());
            }
            if (size > limits.maxEntryBytes()) {
                throw new CabinetException("cabinet " + name + ": entry " + entryName + " claims " + size
                        + " bytes, more than the limit of " + limits.maxEntryBytes());
            }
            long maxFolderBytes = (long) folders.get(folder).blocks() * Cabinet.MAX_BLOCK_BYTES;
            if (folderOffset + size > maxFolderBytes) {
                throw new CabinetException(
                        "cabinet " + name + ": entry " + entryName + " claims bytes " + folderOffset + ".."
                                + (folderOffset + size) + " of folder " + folder + ", whose "
                                + folders.get(folder).blocks() + " blocks hold at most " + maxFolderBytes);
            }
            entries.add(new CabinetEntry(entryName, size, folder, folderOffset, attributes));
            at = nameEnd + 1;
        }
        return entries;
    }

    private static String checkedName(String cabinet, int index, ByteBuffer bytes, int start, int end, int attributes)
            throws CabinetException {
        byte[] raw = new byte[end - start];
        bytes.get(start, raw);
        String decoded;
        if ((attributes & ATTRIBUTE_UTF8_NAME) != 0) {
            try {
                decoded = StandardCharsets.UTF_8
                        .newDecoder()
                        .onMalformedInput(CodingErrorAction.REPORT)
                        .onUnmappableCharacter(CodingErrorAction.REPORT)
                        .decode(ByteBuffer.wrap(raw))
                        .toString();
            } catch (CharacterCodingException e) {
                throw new CabinetException(
                        "cabinet " + cabinet + ": the name of CFFILE record " + index + " is not valid UTF-8", e);
            }
        } else {
            // Not UTF-8: the writer's code page, unknown here; ISO-8859-1 keeps every byte distinct.
            decoded = new String(raw, StandardCharsets.ISO_8859_1);
        }
        String path = decoded.replace('\\', '/');
        boolean escapes = path.isEmpty() || path.startsWith("/") || path.endsWith("/") || path.indexOf(':') >= 0;
        for (String segment : path.split("/", -1)) {
            escapes |= segment.isEmpty() || segment.equals(".") || segment.equals("..");
        }
        for (int i = 0; i < path.length(); i++) {
            escapes |= path.charAt(i) < 0x20;
        }
        if (escapes) {
            throw new CabinetException("cabinet " + cabinet + ": entry name \"" + printable(path)
                    + "\" is empty, absolute, has a drive, a control character or a . or .. segment");
        }
        return path;
    }

    private static String printable(String s) {
        StringBuilder out = new StringBuilder();
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            out.append(c < 0x20 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
        }
        return out.toString();
    }
}
