package io.github.wudl.scanfile;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Everything a search of one scan file needs, read once from the file (its {@code package.xml} and the
 * fragments of its detail cabinets) and kept in the cache so that later opens read only this. It is keyed by
 * the scan file's SHA-256 and the title language; a file that does not read back exactly (another version,
 * truncated, damaged) is ignored and rebuilt, never half used.
 */
final class ScanFileIndex {
    private static final long MAGIC = 0x5755_444c_5343_4e31L; // "WUDLSCN1"
    private static final int VERSION = 1;

    final String sha256;
    final String language;
    final String creationDate;
    final List<ScanUpdate> updates;
    final Map<String, String> fileLocations;
    final Map<Integer, UpdateDetails> details;

    ScanFileIndex(
            String sha256,
            String language,
            String creationDate,
            List<ScanUpdate> updates,
            Map<String, String> fileLocations,
            Map<Integer, UpdateDetails> details) {
        this.sha256 = sha256;
        this.language = language;
        this.creationDate = creationDate;
        this.updates = updates;
        this.fileLocations = fileLocations;
        this.details = details;
    }

    /** Writes the index to {@code target} atomically: a reader sees the old file, the whole new one, or none. */
    void write(Path target) throws IOException {
        Files.createDirectories(target.getParent());
        Path temp =
                Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
        try {
            try (OutputStream file = Files.newOutputStream(temp);
                    DataOutputStream out = new DataOutputStream(new BufferedOutputStream(file, 1 << 16))) {
                writeTo(out);
            }
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }

    private void writeTo(DataOutputStream out) throws IOException {
        out.writeLong(MAGIC);
        out.writeInt(VERSION);
        out.writeUTF(sha256);
        out.writeUTF(language);
        out.writeUTF(creationDate);
        out.writeInt(updates.size());
        for (ScanUpdate u : updates) {
            out.writeInt(u.revisionId());
            out.writeUTF(u.updateId());
            out.writeInt(u.revisionNumber());
            out.writeByte((u.leaf() ? 1 : 0) | (u.bundle() ? 2 : 0));
            out.writeUTF(u.deploymentAction());
            out.writeUTF(u.creationDate());
            out.writeUTF(u.defaultLanguage());
            out.writeInt(u.categories().size());
            for (ScanUpdate.CategoryRef c : u.categories()) {
                out.writeUTF(c.type());
                out.writeUTF(c.id());
            }
            writeInts(out, u.bundledBy());
            writeInts(out, u.supersededBy());
            writeStrings(out, u.payloadFiles());
        }
        out.writeInt(fileLocations.size());
        for (Map.Entry<String, String> e : fileLocations.entrySet()) {
            out.writeUTF(e.getKey());
            writeLong(out, e.getValue());
        }
        out.writeInt(details.size());
        for (Map.Entry<Integer, UpdateDetails> e : details.entrySet()) {
            UpdateDetails d = e.getValue();
            out.writeInt(e.getKey());
            writeLong(out, d.title());
            writeLong(out, d.description());
            out.writeUTF(d.language());
            writeStrings(out, d.kb());
            out.writeUTF(d.msrcSeverity());
            writeLong(out, d.supportUrl());
            out.writeBoolean(d.beta());
            out.writeInt(d.files().size());
            for (UpdateDetails.FileDetails f : d.files()) {
                writeLong(out, f.name());
                out.writeLong(f.size());
                out.writeUTF(f.sha1());
                out.writeUTF(f.sha256());
            }
        }
        out.writeLong(MAGIC); // the end: a file cut short never reads as whole
    }

    /** The index in {@code file} if it is whole and for {@code sha256} and {@code language}; else null. */
    static ScanFileIndex readIfValid(Path file, String sha256, String language) {
        if (!Files.isRegularFile(file)) {
            return null;
        }
        try (InputStream raw = Files.newInputStream(file);
                DataInputStream in = new DataInputStream(new BufferedInputStream(raw, 1 << 16))) {
            if (in.readLong() != MAGIC
                    || in.readInt() != VERSION
                    || !in.readUTF().equals(sha256)
                    || !in.readUTF().equals(language)) {
                return null;
            }
            String creationDate = in.readUTF();
            int count = in.readInt();
            List<ScanUpdate> updates = new ArrayList<>(count);
            for (int i = 0; i < count; i++) {
                int revisionId = in.readInt();
                String updateId = in.readUTF();
                int revisionNumber = in.readInt();
                int flags = in.readByte();
                String action = in.readUTF();
                String created = in.readUTF();
                String defaultLanguage = in.readUTF();
                int categoryCount = in.readInt();
                List<ScanUpdate.CategoryRef> categories = new ArrayList<>(categoryCount);
                for (int c = 0; c < categoryCount; c++) {
                    categories.add(new ScanUpdate.CategoryRef(in.readUTF(), in.readUTF()));
                }
                updates.add(new ScanUpdate(
                        revisionId,
                        updateId,
                        revisionNumber,
                        (flags & 1) != 0,
                        (flags & 2) != 0,
                        action,
                        created,
                        defaultLanguage,
                        List.copyOf(categories),
                        readInts(in),
                        readInts(in),
                        readStrings(in)));
            }
            int locations = in.readInt();
            Map<String, String> fileLocations = new HashMap<>(locations * 2);
            for (int i = 0; i < locations; i++) {
                fileLocations.put(in.readUTF(), readLong(in));
            }
            int detailCount = in.readInt();
            Map<Integer, UpdateDetails> details = new HashMap<>(detailCount * 2);
            for (int i = 0; i < detailCount; i++) {
                int revisionId = in.readInt();
                String title = readLong(in);
                String description = readLong(in);
                String detailLanguage = in.readUTF();
                List<String> kb = readStrings(in);
                String severity = in.readUTF();
                String supportUrl = readLong(in);
                boolean beta = in.readBoolean();
                int fileCount = in.readInt();
                List<UpdateDetails.FileDetails> files = new ArrayList<>(fileCount);
                for (int f = 0; f < fileCount; f++) {
                    files.add(new UpdateDetails.FileDetails(readLong(in), in.readLong(), in.readUTF(), in.readUTF()));
                }
                details.put(
                        revisionId,
                        new UpdateDetails(
                                title,
                                description,
                                detailLanguage,
                                kb,
                                severity,
                                supportUrl,
                                beta,
                                List.copyOf(files)));
            }
            if (in.readLong() != MAGIC) {
                return null;
            }
            return new ScanFileIndex(sha256, language, creationDate, updates, fileLocations, details);
        } catch (IOException | RuntimeException e) {
            return null; // not ours, or damaged: rebuilt from the scan file
        }
    }

    private static void writeInts(DataOutputStream out, int[] values) throws IOException {
        out.writeInt(values.length);
        for (int v : values) {
            out.writeInt(v);
        }
    }

    private static int[] readInts(DataInputStream in) throws IOException {
        int[] values = new int[checkedCount(in.readInt())];
        for (int i = 0; i < values.length; i++) {
            values[i] = in.readInt();
        }
        return values;
    }

    private static void writeStrings(DataOutputStream out, List<String> values) throws IOException {
        out.writeInt(values.size());
        for (String v : values) {
            out.writeUTF(v);
        }
    }

    private static List<String> readStrings(DataInputStream in) throws IOException {
        int n = checkedCount(in.readInt());
        List<String> values = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            values.add(in.readUTF());
        }
        return List.copyOf(values);
    }

    /** A string that may pass writeUTF's 64 KiB limit (a long description). */
    private static void writeLong(DataOutputStream out, String value) throws IOException {
        byte[] bytes = value.getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(bytes.length);
        out.write(bytes);
    }

    private static String readLong(DataInputStream in) throws IOException {
        int n = in.readInt();
        if (n < 0 || n > ScanXml.MAX_VALUE_CHARS * 4) {
            throw new IOException("bad string length");
        }
        return new String(in.readNBytes(n), java.nio.charset.StandardCharsets.UTF_8);
    }

    private static int checkedCount(int n) throws IOException {
        if (n < 0 || n > PackageXml.MAX_REFERENCES) {
            throw new IOException("bad count");
        }
        return n;
    }
}
