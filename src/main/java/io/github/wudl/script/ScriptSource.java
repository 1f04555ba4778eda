package io.github.wudl.script;

import java.io.IOException;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.graalvm.polyglot.Source;

/**
 * A script file as the host runs it. Read the way WSH reads scripts: UTF-16 with a byte-order mark, else
 * UTF-8 (with or without BOM), else the ANSI code page (Windows-1252 unless the user names another, see
 * {@link CodePages}). Named in messages by the path as the
 * user gave it.
 *
 * <p>A script that uses {@code await} outside any function is run as the body of an async function (the
 * wrapper starts on the script's first line, so line numbers stay and columns on line 1 are corrected), which
 * keeps sloppy-mode JScript semantics that a module would lose.
 */
final class ScriptSource {
    private static final String ASYNC_PREFIX = "(async function () {";
    private static final String ASYNC_SUFFIX = "\n})();";

    final String name;
    final Path path;
    private final String text;
    private boolean asyncWrapped;
    /** For a .wsf job: its compilation units, run in order in one global scope; else empty. */
    private final List<ScriptSource> parts;
    /** What WScript.Arguments.ShowUsage prints ("" for the default). */
    final String usage;

    private ScriptSource(String name, Path path, String text) {
        this(name, path, text, List.of(), "");
    }

    private ScriptSource(String name, Path path, String text, List<ScriptSource> parts, String usage) {
        this.name = name;
        this.path = path;
        this.parts = List.copyOf(parts);
        this.usage = usage;
        // a #! line is legal in a script but not inside the async wrapper: keep it as a comment; JScript's
        // conditional compilation is resolved here, lines and columns kept
        this.text = ConditionalCompilation.apply(text.startsWith("#!") ? "//" + text.substring(2) : text);
    }

    static ScriptSource read(Path file, java.nio.charset.Charset ansi) throws IOException {
        String text = decode(Files.readAllBytes(file), ansi);
        if (WsfJob.isWsf(file)) {
            return WsfJob.read(file, text, ansi);
        }
        return new ScriptSource(file.toString(), file.toAbsolutePath().normalize(), text);
    }

    /** One compilation unit of a .wsf job, named {@code name} (the .wsf or an included file). */
    static ScriptSource part(String name, Path file, String text) {
        return new ScriptSource(name, file.toAbsolutePath().normalize(), text);
    }

    /** A .wsf job: its parts run in order; WScript.ScriptName is the .wsf's. */
    static ScriptSource job(String name, Path file, List<ScriptSource> parts, String usage) {
        return new ScriptSource(name, file.toAbsolutePath().normalize(), "", parts, usage);
    }

    /** What runs, in order: this script, or a job's parts. */
    List<ScriptSource> units() {
        return parts.isEmpty() ? List.of(this) : parts;
    }

    /** For tests and embedders: a script given as text. */
    static ScriptSource of(String name, String text) {
        return new ScriptSource(name, Path.of(name).toAbsolutePath().normalize(), text);
    }

    Source asScript() {
        asyncWrapped = false;
        return Source.newBuilder("js", text, name).buildLiteral();
    }

    Source asAsyncBody() {
        asyncWrapped = true;
        return Source.newBuilder("js", ASYNC_PREFIX + text + ASYNC_SUFFIX, name).buildLiteral();
    }

    boolean isScript(Source source) {
        return source != null && unit(source.getName()) != null;
    }

    private ScriptSource unit(String sourceName) {
        for (ScriptSource u : units()) {
            if (u.name.equals(sourceName)) {
                return u;
            }
        }
        return null;
    }

    /** {@code name:line:column} in {@code source} (this script or a part of it), columns as its file counts them. */
    String position(Source source, int line, int column) {
        ScriptSource u = source == null ? null : unit(source.getName());
        return (u == null ? this : u).position(line, column);
    }

    /** {@code name:line:column}, columns as the user's file counts them. */
    String position(int line, int column) {
        int c = asyncWrapped && line == 1 ? Math.max(1, column - ASYNC_PREFIX.length()) : column;
        return name + ":" + line + ":" + c;
    }

    /** The first {@code name:line:column} of this script (or a part of it) in a JS {@code stack} text, or null. */
    String positionInStack(String stack) {
        if (stack == null) {
            return null;
        }
        for (ScriptSource u : units()) {
            Matcher m =
                    Pattern.compile(Pattern.quote(u.name) + ":(\\d+):(\\d+)").matcher(stack);
            if (m.find()) {
                return u.position(Integer.parseInt(m.group(1)), Integer.parseInt(m.group(2)));
            }
        }
        return null;
    }

    private static String decode(byte[] b, java.nio.charset.Charset ansi) {
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFF && (b[1] & 0xFF) == 0xFE) {
            return new String(b, 2, b.length - 2, StandardCharsets.UTF_16LE);
        }
        if (b.length >= 2 && (b[0] & 0xFF) == 0xFE && (b[1] & 0xFF) == 0xFF) {
            return new String(b, 2, b.length - 2, StandardCharsets.UTF_16BE);
        }
        int skip = b.length >= 3 && (b[0] & 0xFF) == 0xEF && (b[1] & 0xFF) == 0xBB && (b[2] & 0xFF) == 0xBF ? 3 : 0;
        try {
            return StandardCharsets.UTF_8
                    .newDecoder()
                    .onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(b, skip, b.length - skip))
                    .toString();
        } catch (CharacterCodingException e) {
            return new String(b, ansi); // an ANSI script from Windows
        }
    }
}
