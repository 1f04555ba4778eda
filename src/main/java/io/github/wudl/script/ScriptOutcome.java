package io.github.wudl.script;

/**
 * How a script run ended, and the exit status {@code wudl run} gives for it.
 *
 * @param kind     what ended the run
 * @param exitCode the WScript.Quit code for {@link Kind#QUIT}; 0 when the script ran to its end; 1 for a
 *                 script error; 3 when it was stopped by the timeout or interrupted
 * @param message  for errors and stops, what was reported on the error stream (without a trailing newline);
 *                 null otherwise
 */
public record ScriptOutcome(Kind kind, int exitCode, String message) {
    /** What ended a run. */
    public enum Kind {
        /** The script body returned and every download job it started finished. */
        COMPLETED,
        /** The script called WScript.Quit. */
        QUIT,
        /** A syntax error, an uncaught exception, or an unhandled promise rejection. */
        ERROR,
        /** The run went past its timeout and was stopped. */
        TIMED_OUT,
        /** The thread running the script was interrupted. */
        INTERRUPTED
    }

    /** Exit status of a script error. */
    public static final int ERROR_EXIT = 1;
    /** Exit status of a stopped script (timeout, interrupt), as SPEC §4's "Aborted". */
    public static final int STOPPED_EXIT = 3;
}
