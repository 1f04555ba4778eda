package io.github.wudl.cab;

import java.io.IOException;

/**
 * A cabinet that cannot be read or trusted: malformed, hostile (names that escape, sizes that lie, a
 * decompression bomb), of a kind wudl does not read (multi-cabinet sets, Quantum), or with a signature that
 * fails a check. The message is meant for a user as it is: it names the cabinet entry or structure and what
 * was wrong with it.
 */
public final class CabinetException extends IOException {
    private static final long serialVersionUID = 1L;

    /** A refusal with a message that names what was wrong and where. */
    public CabinetException(String message) {
        super(message);
    }

    /** A refusal caused by a lower-level failure (an I/O error, a library's parse error). */
    public CabinetException(String message, Throwable cause) {
        super(message, cause);
    }
}
