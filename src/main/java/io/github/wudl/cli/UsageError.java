package io.github.wudl.cli;

/**
 * Bad usage or bad input (exit status 2): a message that says what was wrong, where, and what to do. The
 * command line prints the message alone, never a stack trace.
 */
public final class UsageError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    public UsageError(String message) {
        super(message);
    }

    public UsageError(String message, Throwable cause) {
        super(message, cause);
    }
}
