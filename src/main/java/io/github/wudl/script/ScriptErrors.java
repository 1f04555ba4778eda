package io.github.wudl.script;

import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.SourceSection;
import org.graalvm.polyglot.Value;

/**
 * Words for script errors: {@code file:line:column: Message}, where the position is the first frame in the
 * script itself (not in wudl's prelude), so an error thrown by a WUA call points at the script line that
 * made the call.
 */
final class ScriptErrors {
    /** For a failure in wudl's own code: the Java exception's words would only name wudl's classes. */
    static final String INTERNAL = "internal error in wudl; please report it with the script line that caused it";

    private ScriptErrors() {}

    static String describe(PolyglotException e, ScriptSource script) {
        String where = location(e, script);
        String message = message(e);
        return where == null ? message : where + ": " + message;
    }

    /** For an unhandled rejection: {@code text} is the reason's {@code stack} (or its string form). */
    static String describeRejection(String text, ScriptSource script) {
        String t = text == null ? "undefined" : text.strip();
        int nl = t.indexOf('\n');
        String first = nl < 0 ? t : t.substring(0, nl);
        String where = script.positionInStack(t);
        return (where == null ? "" : where + ": ") + "unhandled promise rejection: " + first;
    }

    static String location(PolyglotException e, ScriptSource script) {
        SourceSection at = e.getSourceLocation();
        if (at != null && script.isScript(at.getSource())) {
            return script.position(at.getSource(), at.getStartLine(), at.getStartColumn());
        }
        for (PolyglotException.StackFrame f : e.getPolyglotStackTrace()) {
            SourceSection s = f.isGuestFrame() ? f.getSourceLocation() : null;
            if (s != null && script.isScript(s.getSource())) {
                return script.position(s.getSource(), s.getStartLine(), s.getStartColumn());
            }
        }
        return script.positionInStack(stackOf(e));
    }

    static String message(PolyglotException e) {
        String m = e.getMessage();
        if (e.isHostException()) {
            return INTERNAL;
        }
        if (m == null || m.isBlank()) {
            return "error";
        }
        if (e.isSyntaxError()) {
            // "SyntaxError: file.js:1:8 Expected …" → the position is printed in front already
            m = m.replaceFirst("^SyntaxError: \\S+:\\d+:\\d+ ", "SyntaxError: ");
        }
        return m.stripTrailing();
    }

    private static String stackOf(PolyglotException e) {
        try {
            Value g = e.isGuestException() ? e.getGuestObject() : null;
            Value stack = g != null && g.hasMembers() ? g.getMember("stack") : null;
            return stack != null && stack.isString() ? stack.asString() : null;
        } catch (RuntimeException closed) {
            return null; // the context is gone (cancelled): no stack to read
        }
    }
}
