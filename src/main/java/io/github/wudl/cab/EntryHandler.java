package io.github.wudl.cab;

import java.io.IOException;
import java.io.InputStream;

/** Receives the entries {@link Cabinet#extract} decodes, one at a time, in the cabinet's order. */
@FunctionalInterface
public interface EntryHandler {
    /**
     * Handles one entry. {@code content} gives exactly the entry's bytes and is valid only during this call;
     * what the handler leaves unread is skipped. A {@link CabinetException} thrown while reading it names the
     * entry.
     */
    void accept(CabinetEntry entry, InputStream content) throws IOException;
}
