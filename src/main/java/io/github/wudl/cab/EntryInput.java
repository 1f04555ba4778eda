package io.github.wudl.cab;

import java.io.IOException;
import java.io.InputStream;

/** Exactly one entry's bytes out of its folder's stream; a folder that ends first is the entry's fault. */
final class EntryInput extends InputStream {
    private final FolderInput folder;
    private final CabinetEntry entry;
    private long remaining;

    EntryInput(FolderInput folder, CabinetEntry entry) {
        this.folder = folder;
        this.entry = entry;
        this.remaining = entry.size();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        if (len == 0) {
            return 0;
        }
        int n = folder.read(b, off, (int) Math.min(len, remaining));
        if (n < 0) {
            throw folder.shortFolder(entry);
        }
        remaining -= n;
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        if (n <= 0 || remaining == 0) {
            return 0;
        }
        long want = Math.min(n, remaining);
        long skipped = folder.skip(want);
        if (skipped < want) {
            throw folder.shortFolder(entry);
        }
        remaining -= skipped;
        return skipped;
    }

    @Override
    public int available() {
        return 0;
    }

    /** Reads what the handler left, so that the next entry starts where it should and a short folder shows. */
    void finish() throws IOException {
        skip(remaining);
    }

    @Override
    public void close() {
        // The folder stays open for the entries after this one; Cabinet closes it.
    }
}
