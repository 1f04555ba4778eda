package io.github.wudl.script;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * JScript's conditional compilation, done before GraalJS sees the source: {@code @cc_on}, conditional comments
 * (a block comment that starts with an at sign and ends with one before its close, and {@code //@ …}),
 * {@code @if (…) … @elif (…) … @else … @end}, {@code @set @name = …}
 * and {@code @name} in code. JScript 5.8's predefined variables are true of a console script on 32-bit Windows
 * ({@code @_jscript}, {@code @_jscript_version} 5.8, {@code @_jscript_build} 18702, {@code @_win32}, {@code
 * @_x86}, {@code @_microsoft}); any other unset variable is NaN, as in JScript. Directives and the branches not
 * taken become spaces, newlines kept, so every line and column the engine reports is the file's own. As in
 * JScript, conditional comments are ordinary comments until conditional compilation is on ({@code @cc_on},
 * or the first {@code @if} or {@code @set}). A directive that does not parse is left as it is, so the engine
 * reports a syntax error at its place. Text without {@code @} outside strings and comments comes back
 * unchanged.
 */
final class ConditionalCompilation {
    private final String src;
    private final StringBuilder out;
    private final Map<String, Object> vars = new HashMap<>();
    private boolean on;
    private int pos;

    private ConditionalCompilation(String src) {
        this.src = src;
        this.out = new StringBuilder(src.length());
        vars.put("_jscript", true);
        vars.put("_jscript_version", 5.8);
        vars.put("_jscript_build", 18702.0);
        vars.put("_win32", true);
        vars.put("_x86", true);
        vars.put("_microsoft", true);
    }

    /** {@code source} with its conditional compilation resolved. */
    static String apply(String source) {
        if (source.indexOf('@') < 0) {
            return source;
        }
        ConditionalCompilation cc = new ConditionalCompilation(source);
        cc.code(false);
        return cc.out.toString();
    }

    // ---- the scanner: code, strings, comments -----------------------------------------------------------

    /** Copies code until the end, or (inside a conditional comment) until the at sign that ends it. */
    private void code(boolean inConditionalComment) {
        while (pos < src.length()) {
            char c = src.charAt(pos);
            if (inConditionalComment && src.startsWith("@*/", pos)) {
                blank(3);
                return;
            }
            if (c == '\'' || c == '"' || c == '`') {
                string(c);
            } else if (src.startsWith("/*@", pos)) {
                conditionalComment();
            } else if (src.startsWith("//@", pos)) {
                conditionalLine();
            } else if (src.startsWith("/*", pos)) {
                int end = src.indexOf("*/", pos + 2);
                copy((end < 0 ? src.length() : end + 2) - pos);
            } else if (src.startsWith("//", pos)) {
                copy(lineEnd() - pos);
            } else if (c == '@'
                    && (on || startsDirective("cc_on") || startsDirective("if") || startsDirective("set"))) {
                if (!directive()) {
                    copy(1); // not ours: the engine says what is wrong there
                }
            } else {
                copy(1);
            }
        }
    }

    private void conditionalComment() {
        if (!on
                && !src.startsWith("/*@cc_on", pos)
                && !src.startsWith("/*@if", pos)
                && !src.startsWith("/*@set", pos)) {
            int end = src.indexOf("*/", pos + 2); // conditional compilation is off: an ordinary comment
            copy((end < 0 ? src.length() : end + 2) - pos);
            return;
        }
        // "/*@": the at sign is part of the opener, unless a directive or a variable starts with it
        blank(identifierAt(pos + 3) ? 2 : 3);
        code(true);
    }

    private void conditionalLine() {
        if (!on
                && !src.startsWith("//@cc_on", pos)
                && !src.startsWith("//@if", pos)
                && !src.startsWith("//@set", pos)) {
            copy(lineEnd() - pos);
            return;
        }
        blank(identifierAt(pos + 3) ? 2 : 3);
        int end = lineEnd();
        String rest = src.substring(0, end);
        ConditionalCompilation line = new ConditionalCompilation(rest);
        line.pos = pos;
        line.on = on;
        line.vars.putAll(vars);
        line.code(false);
        out.append(line.out);
        on = line.on;
        vars.putAll(line.vars);
        pos = end;
    }

    private void string(char quote) {
        int i = pos + 1;
        while (i < src.length() && src.charAt(i) != quote) {
            if (src.charAt(i) == '\\') {
                i++;
            } else if (quote != '`' && (src.charAt(i) == '\n' || src.charAt(i) == '\r')) {
                break; // an unterminated string: the engine reports it
            }
            i++;
        }
        copy(Math.min(src.length(), i + 1) - pos);
    }

    private int lineEnd() {
        int i = pos;
        while (i < src.length() && src.charAt(i) != '\n' && src.charAt(i) != '\r') {
            i++;
        }
        return i;
    }

    private void copy(int n) {
        out.append(src, pos, pos + n);
        pos += n;
    }

    /** Replaces {@code n} characters with spaces, keeping line breaks. */
    private void blank(int n) {
        for (int i = 0; i < n; i++) {
            char c = src.charAt(pos + i);
            out.append(c == '\n' || c == '\r' ? c : ' ');
        }
        pos += n;
    }

    private boolean startsDirective(String word) {
        int end = pos + 1 + word.length();
        return src.regionMatches(true, pos + 1, word, 0, word.length())
                && (end >= src.length() || !Character.isJavaIdentifierPart(src.charAt(end)));
    }

    // ---- directives ---------------------------------------------------------------------------------------

    /** At an '@': handles one directive or variable; false (nothing consumed) when it is neither. */
    private boolean directive() {
        int start = pos;
        if (startsDirective("cc_on")) {
            on = true;
            blank(6);
            return true;
        }
        if (startsDirective("set")) {
            on = true;
            int save = pos;
            pos += 4;
            skipSpaces();
            if (pos >= src.length() || src.charAt(pos) != '@') {
                pos = save;
                return false;
            }
            pos++;
            String name = variableName();
            skipSpaces();
            if (name == null || pos >= src.length() || src.charAt(pos) != '=') {
                pos = save;
                return false;
            }
            pos++;
            Object value;
            try {
                value = expression();
            } catch (IllegalArgumentException e) {
                pos = save;
                return false;
            }
            vars.put(name, value);
            int end = pos;
            pos = start;
            blank(end - start);
            return true;
        }
        if (startsDirective("if")) {
            on = true;
            return conditional(start);
        }
        String name = peekVariable();
        if (name != null) {
            Object v = vars.getOrDefault(name.toLowerCase(Locale.ROOT), Double.NaN);
            int end = pos + 1 + name.length();
            String literal = literal(v);
            // the value in place of the name, padded so the columns after it stay where they were
            out.append(literal);
            for (int i = literal.length(); i < end - pos; i++) {
                out.append(' ');
            }
            pos = end;
            return true;
        }
        return false;
    }

    /** {@code @if (c) … [@elif (c) …]* [@else …] @end}, at the '@' of {@code @if}. */
    private boolean conditional(int start) {
        String saved = out.toString();
        int save = pos;
        try {
            pos += 3;
            boolean taken = truthy(parenthesised());
            blankFrom(start);
            boolean done = taken;
            while (true) {
                int branch = pos;
                int stop = branchEnd();
                if (taken) {
                    // the branch taken is code: scanned as code, directives and all
                    ConditionalCompilation inner = new ConditionalCompilation(src.substring(0, stop));
                    inner.pos = branch;
                    inner.on = true;
                    inner.vars.putAll(vars);
                    inner.code(false);
                    out.append(inner.out);
                    vars.putAll(inner.vars);
                    pos = stop;
                } else {
                    pos = branch;
                    blank(stop - branch);
                }
                int keyword = pos;
                if (startsDirective("end")) {
                    pos += 4;
                    blankFrom(keyword);
                    return true;
                }
                if (startsDirective("elif")) {
                    pos += 5;
                    boolean c = truthy(parenthesised());
                    blankFrom(keyword);
                    taken = !done && c;
                    done |= taken;
                } else if (startsDirective("else")) {
                    pos += 5;
                    blankFrom(keyword);
                    taken = !done;
                    done = true;
                } else {
                    throw new IllegalArgumentException("@if without @end");
                }
            }
        } catch (IllegalArgumentException | StringIndexOutOfBoundsException e) {
            out.setLength(0);
            out.append(saved);
            pos = save;
            return false;
        }
    }

    /** Blanks what was read since {@code start} (already consumed: written again as spaces). */
    private void blankFrom(int start) {
        int end = pos;
        pos = start;
        blank(end - start);
    }

    /** Where the branch starting here ends: the next @elif, @else or @end of the same level. */
    private int branchEnd() {
        int depth = 0;
        int i = pos;
        while (i < src.length()) {
            char c = src.charAt(i);
            if (c == '\'' || c == '"' || c == '`') {
                int save = pos;
                pos = i;
                int outLength = out.length();
                string(c);
                out.setLength(outLength);
                i = pos;
                pos = save;
                continue;
            }
            if (c == '@') {
                int save = pos;
                pos = i;
                boolean isIf = startsDirective("if");
                boolean isEnd = startsDirective("end");
                boolean isBranch = startsDirective("elif") || startsDirective("else");
                pos = save;
                if (isIf) {
                    depth++;
                } else if (isEnd) {
                    if (depth == 0) {
                        return i;
                    }
                    depth--;
                } else if (isBranch && depth == 0) {
                    return i;
                }
            }
            i++;
        }
        throw new IllegalArgumentException("@if without @end");
    }

    private Object parenthesised() {
        skipSpaces();
        if (pos >= src.length() || src.charAt(pos) != '(') {
            throw new IllegalArgumentException("( expected");
        }
        pos++;
        Object v = expression();
        skipSpaces();
        if (pos >= src.length() || src.charAt(pos) != ')') {
            throw new IllegalArgumentException(") expected");
        }
        pos++;
        return v;
    }

    // ---- expressions: JScript's operators over numbers and booleans ----------------------------------------

    private Object expression() {
        return or();
    }

    private Object or() {
        Object a = and();
        while (match("||")) {
            Object b = and();
            a = truthy(a) ? a : b;
        }
        return a;
    }

    private Object and() {
        Object a = bitOr();
        while (match("&&")) {
            Object b = bitOr();
            a = truthy(a) ? b : a;
        }
        return a;
    }

    private Object bitOr() {
        Object a = equality();
        while (true) {
            if (peek("||") || peek("&&")) {
                return a;
            }
            if (match("|")) {
                a = (double) (toInt(a) | toInt(equality()));
            } else if (match("^")) {
                a = (double) (toInt(a) ^ toInt(equality()));
            } else if (match("&")) {
                a = (double) (toInt(a) & toInt(equality()));
            } else {
                return a;
            }
        }
    }

    private Object equality() {
        Object a = relation();
        while (true) {
            if (match("===") || match("==")) {
                a = number(a) == number(relation());
            } else if (match("!==") || match("!=")) {
                a = number(a) != number(relation());
            } else {
                return a;
            }
        }
    }

    private Object relation() {
        Object a = additive();
        while (true) {
            if (match("<=")) {
                a = number(a) <= number(additive());
            } else if (match(">=")) {
                a = number(a) >= number(additive());
            } else if (!peek("<<") && match("<")) {
                a = number(a) < number(additive());
            } else if (!peek(">>") && match(">")) {
                a = number(a) > number(additive());
            } else {
                return a;
            }
        }
    }

    private Object additive() {
        Object a = multiplicative();
        while (true) {
            if (match("+")) {
                a = number(a) + number(multiplicative());
            } else if (match("-")) {
                a = number(a) - number(multiplicative());
            } else {
                return a;
            }
        }
    }

    private Object multiplicative() {
        Object a = unary();
        while (true) {
            if (match("*")) {
                a = number(a) * number(unary());
            } else if (!peek("/*") && !peek("//") && match("/")) { // a comment after the value is not a division
                a = number(a) / number(unary());
            } else if (match("%")) {
                a = number(a) % number(unary());
            } else {
                return a;
            }
        }
    }

    private Object unary() {
        if (match("!")) {
            return !truthy(unary());
        }
        if (match("-")) {
            return -number(unary());
        }
        if (match("+")) {
            return number(unary());
        }
        if (match("~")) {
            return (double) ~toInt(unary());
        }
        return primary();
    }

    private Object primary() {
        skipSpaces();
        if (match("(")) {
            Object v = expression();
            if (!match(")")) {
                throw new IllegalArgumentException(") expected");
            }
            return v;
        }
        if (pos < src.length() && src.charAt(pos) == '@') {
            pos++;
            String name = variableName();
            if (name == null) {
                throw new IllegalArgumentException("a variable expected");
            }
            return vars.getOrDefault(name, Double.NaN);
        }
        if (src.startsWith("true", pos) && !identifierAt(pos + 4)) {
            pos += 4;
            return true;
        }
        if (src.startsWith("false", pos) && !identifierAt(pos + 5)) {
            pos += 5;
            return false;
        }
        int start = pos;
        while (pos < src.length() && (Character.isDigit(src.charAt(pos)) || src.charAt(pos) == '.')) {
            pos++;
        }
        if (start == pos) {
            throw new IllegalArgumentException("a value expected");
        }
        try {
            return Double.parseDouble(src.substring(start, pos));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("not a number", e);
        }
    }

    private boolean identifierAt(int i) {
        return i < src.length() && Character.isJavaIdentifierPart(src.charAt(i));
    }

    private boolean peek(String op) {
        skipSpaces();
        return src.startsWith(op, pos);
    }

    private boolean match(String op) {
        if (peek(op)) {
            pos += op.length();
            return true;
        }
        return false;
    }

    private void skipSpaces() {
        while (pos < src.length() && (src.charAt(pos) == ' ' || src.charAt(pos) == '\t')) {
            pos++;
        }
    }

    /** A variable's name at pos (after its '@'), lower-cased, consumed; null when there is none. */
    private String variableName() {
        int start = pos;
        while (pos < src.length() && Character.isJavaIdentifierPart(src.charAt(pos))) {
            pos++;
        }
        return pos == start ? null : src.substring(start, pos).toLowerCase(Locale.ROOT);
    }

    /** The variable named after the '@' at pos, not consumed; null when none follows. */
    private String peekVariable() {
        int i = pos + 1;
        while (i < src.length() && Character.isJavaIdentifierPart(src.charAt(i))) {
            i++;
        }
        return i == pos + 1 ? null : src.substring(pos + 1, i);
    }

    private static boolean truthy(Object v) {
        if (v instanceof Boolean b) {
            return b;
        }
        double d = (Double) v;
        return d != 0 && !Double.isNaN(d);
    }

    private static double number(Object v) {
        return v instanceof Boolean b ? (b ? 1 : 0) : (Double) v;
    }

    private static int toInt(Object v) {
        double d = number(v);
        return Double.isNaN(d) || Double.isInfinite(d) ? 0 : (int) (long) d;
    }

    private static String literal(Object v) {
        if (v instanceof Boolean b) {
            return b.toString();
        }
        double d = (Double) v;
        if (Double.isNaN(d)) {
            return "NaN";
        }
        if (d == Math.rint(d) && Math.abs(d) < 1e15) {
            return Long.toString((long) d);
        }
        return Double.toString(d);
    }
}
