package io.github.wudl.transfer;

import io.github.wudl.wua.HResult;
import java.time.Duration;

/**
 * Why one attempt at one source ended without a complete file, and what to do next. Internal: the transfer
 * loop turns the last one into a {@link io.github.wudl.wua.WuaException}. Messages are already redacted.
 */
final class AttemptFailure extends Exception {
    private static final long serialVersionUID = 1L;

    enum Kind {
        /** Worth retrying at the same source (network error, stall, 408/429/5xx). */
        TRANSIENT,
        /** This source cannot deliver the file (404, bad scheme, wrong bytes): try the next mirror. */
        SOURCE,
        /** Retrying cannot help anywhere (cancelled, disk full, content changed twice). */
        FATAL,
        /** The partial file had to be dropped; try again at once, from zero, without spending the budget. */
        RESTART
    }

    final Kind kind;
    final int hresult;
    final Duration retryAfter;

    AttemptFailure(Kind kind, HResult hresult, String detail) {
        this(kind, hresult, detail, null, null);
    }

    AttemptFailure(Kind kind, HResult hresult, String detail, Duration retryAfter, Throwable cause) {
        super(detail, cause);
        this.kind = kind;
        this.hresult = hresult.code();
        this.retryAfter = retryAfter;
    }

    static AttemptFailure transientIo(HResult h, String detail, Throwable cause) {
        return new AttemptFailure(Kind.TRANSIENT, h, detail, null, cause);
    }
}
