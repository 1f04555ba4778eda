package io.github.wudl.scanfile;

import java.io.IOException;

/**
 * An offline scan file that cannot be read or believed: its signature fails, one of its XML documents is
 * malformed or hostile, or it lacks what an update needs. The message names the file, the cabinet entry or
 * fragment, and what was wrong, and is meant for a user as it is.
 */
public final class ScanFileException extends IOException {
    private static final long serialVersionUID = 1L;

    public ScanFileException(String message) {
        super(message);
    }

    public ScanFileException(String message, Throwable cause) {
        super(message, cause);
    }
}
