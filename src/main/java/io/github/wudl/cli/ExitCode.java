package io.github.wudl.cli;

import io.github.wudl.wua.OperationResultCode;

/** The exit statuses of SPEC §4. */
public final class ExitCode {
    /** Succeeded, or a selection that matched no update. */
    public static final int OK = 0;
    /** SucceededWithErrors or Failed. */
    public static final int FAILED = 1;
    /** Bad usage or bad input. */
    public static final int USAGE = 2;
    /** Aborted: Ctrl-C, SIGTERM or {@code --timeout}. */
    public static final int ABORTED = 3;

    private ExitCode() {}

    /** The status for a download's overall result code. */
    public static int of(OperationResultCode overall) {
        switch (overall) {
            case Succeeded:
                return OK;
            case Aborted:
                return ABORTED;
            default:
                return FAILED; // SucceededWithErrors, Failed, and the never-final NotStarted/InProgress
        }
    }
}
