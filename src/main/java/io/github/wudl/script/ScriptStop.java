package io.github.wudl.script;

/**
 * Unwinds host code when the run is being stopped (WScript.Quit, timeout, interrupt, a fatal unhandled
 * rejection). It is always paired with cancelling the context, so even a script that catches it cannot go on.
 */
final class ScriptStop extends RuntimeException {
    private static final long serialVersionUID = 1L;

    ScriptStop() {
        super("the script is being stopped", null, false, false);
    }
}
