package io.github.wudl.agent;

/**
 * How a child run ended, from its exit status (SPEC §4): 0 {@link #SUCCEEDED}; 1 {@link #FAILED}
 * (SucceededWithErrors or Failed, or a script error); 2 {@link #BAD_INPUT}; 3, or any end after
 * {@link AgentRunner#abort()}, {@link #ABORTED}. A script's own {@code WScript.Quit} codes other than these
 * count as {@link #FAILED}.
 */
public enum Outcome {
    SUCCEEDED,
    FAILED,
    BAD_INPUT,
    ABORTED;

    /** The outcome of exit status {@code exitCode}; {@code aborted} when the runner stopped the child. */
    public static Outcome of(int exitCode, boolean aborted) {
        if (aborted || exitCode == 3) {
            return ABORTED;
        }
        switch (exitCode) {
            case 0:
                return SUCCEEDED;
            case 2:
                return BAD_INPUT;
            default:
                return FAILED;
        }
    }
}
