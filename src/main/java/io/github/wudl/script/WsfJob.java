package io.github.wudl.script;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Windows Script File ({@code .wsf}) as WSH runs it: the first {@code <job>} (of a {@code <package>} too),
 * its {@code <script language="JScript">} blocks in order, inline or {@code src=} (a file in the .wsf's folder
 * or below it, links resolved, nothing outside), each a compilation unit of its own in one global scope, its
 * {@code <object id progid>} elements as globals, and its {@code <runtime>} (named and unnamed arguments,
 * description, example) as the text of {@code WScript.Arguments.ShowUsage()}. As WSH's own reader without an
 * XML declaration, it is forgiving: script text need not be in CDATA. An inline block's text is the .wsf
 * file's own with everything else blanked, so messages give the .wsf's lines and columns. VBScript blocks are
 * refused: wudl runs JScript only.
 */
final class WsfJob {
    private static final Pattern TAG = Pattern.compile("<(/?)([A-Za-z]+)((?:\\s+[^<>]*?)?)(/?)>", Pattern.DOTALL);
    private static final Pattern ATTRIBUTE =
            Pattern.compile("([A-Za-z_][\\w:-]*)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')", Pattern.DOTALL);
    private static final int MAX_INCLUDES = 64;

    private WsfJob() {}

    static boolean isWsf(Path file) {
        return file.getFileName() != null
                && file.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".wsf");
    }

    /** The job's parts, in the order WSH runs them, and its usage text. */
    static ScriptSource read(Path file, String text, java.nio.charset.Charset ansi) throws ScriptHost.BadScriptFile {
        String name = file.toString();
        Matcher m = TAG.matcher(text);
        int jobStart = -1;
        int jobEnd = text.length();
        while (m.find()) {
            String tag = m.group(2).toLowerCase(Locale.ROOT);
            if (tag.equals("job") && m.group(1).isEmpty() && jobStart < 0) {
                jobStart = m.end();
            } else if (tag.equals("job") && !m.group(1).isEmpty() && jobStart >= 0) {
                jobEnd = m.start();
                break;
            }
        }
        if (jobStart < 0) {
            throw new ScriptHost.BadScriptFile(name + " has no <job>: a .wsf holds its scripts in <job> … </job>");
        }
        List<ScriptSource> parts = new ArrayList<>();
        Map<String, String> named = new LinkedHashMap<>();
        List<String> unnamed = new ArrayList<>();
        String description = "";
        String example = "";
        m.region(jobStart, jobEnd);
        while (m.find()) {
            String tag = m.group(2).toLowerCase(Locale.ROOT);
            if (!m.group(1).isEmpty()) {
                continue;
            }
            Map<String, String> a = attributes(m.group(3));
            boolean selfClosing = !m.group(4).isEmpty();
            int line = lineOf(text, m.start());
            switch (tag) {
                case "script" -> {
                    String language = a.getOrDefault("language", "JScript").toLowerCase(Locale.ROOT);
                    if (!List.of("jscript", "javascript", "ecmascript", "jscript.encode")
                            .contains(language)) {
                        throw new ScriptHost.BadScriptFile(name + ":" + line + ": a <script language=\""
                                + a.get("language") + "\"> block: wudl runs JScript only");
                    }
                    if (language.equals("jscript.encode")) {
                        throw new ScriptHost.BadScriptFile(name + ":" + line
                                + ": an encoded script (JScript.Encode) cannot be" + " read; give the script's source");
                    }
                    if (a.containsKey("src")) {
                        if (parts.size() == MAX_INCLUDES) {
                            throw new ScriptHost.BadScriptFile(
                                    name + " includes more than " + MAX_INCLUDES + " scripts");
                        }
                        parts.add(include(file, a.get("src"), line, ansi));
                    }
                    if (!selfClosing) {
                        int close = indexOfIgnoreCase(text, "</script>", m.end(), jobEnd);
                        if (close < 0) {
                            throw new ScriptHost.BadScriptFile(
                                    name + ":" + line + ": <script> is not closed with </script>");
                        }
                        parts.add(ScriptSource.part(name, file, blankedExcept(text, m.end(), close)));
                        m.region(close + "</script>".length(), jobEnd);
                    }
                }
                case "object" -> {
                    String id = a.get("id");
                    String progId = a.get("progid");
                    if (id == null || !id.matches("[A-Za-z_$][\\w$]*") || progId == null) {
                        throw new ScriptHost.BadScriptFile(
                                name + ":" + line + ": an <object> needs an id (a name) and a progid");
                    }
                    String code = "var " + id + " = new ActiveXObject(" + quote(progId) + ");";
                    parts.add(ScriptSource.part(name, file, "\n".repeat(line - 1) + code));
                }
                case "named" -> named.put(a.getOrDefault("name", ""), a.getOrDefault("helpstring", ""));
                case "unnamed" -> unnamed.add(a.getOrDefault("name", ""));
                case "description", "example" -> {
                    int close = indexOfIgnoreCase(text, "</" + tag + ">", m.end(), jobEnd);
                    String body =
                            close < 0 ? "" : text.substring(m.end(), close).strip();
                    if (tag.equals("description")) {
                        description = body;
                    } else {
                        example = body;
                    }
                }
                default -> {
                    // <runtime>, <resource>, <reference> …: nothing to run
                }
            }
        }
        return ScriptSource.job(name, file, parts, usage(file, named, unnamed, description, example));
    }

    private static ScriptSource include(Path wsf, String src, int line, java.nio.charset.Charset ansi)
            throws ScriptHost.BadScriptFile {
        Path folder = wsf.toAbsolutePath().getParent();
        try {
            Path real = folder.resolve(src).toRealPath();
            if (!real.startsWith(folder.toRealPath()) || !Files.isRegularFile(real)) {
                throw new ScriptHost.BadScriptFile(
                        wsf + ":" + line + ": <script src=\"" + src + "\"> is outside the .wsf's"
                                + " folder; a job may include only files in its folder or below it");
            }
            return ScriptSource.read(real, ansi);
        } catch (ScriptHost.BadScriptFile e) {
            throw e;
        } catch (IOException | RuntimeException e) {
            throw new ScriptHost.BadScriptFile(
                    wsf + ":" + line + ": <script src=\"" + src + "\"> cannot be read (" + e + ")");
        }
    }

    private static String usage(
            Path file, Map<String, String> named, List<String> unnamed, String description, String example) {
        if (named.isEmpty() && unnamed.isEmpty() && description.isEmpty() && example.isEmpty()) {
            return "";
        }
        StringBuilder u = new StringBuilder();
        if (!description.isEmpty()) {
            u.append(description).append(System.lineSeparator());
        }
        u.append("Usage: ").append(file.getFileName());
        named.keySet().forEach(n -> u.append(" /").append(n).append(":value"));
        unnamed.forEach(n -> u.append(' ').append(n));
        if (!named.isEmpty()) {
            u.append(System.lineSeparator()).append(System.lineSeparator()).append("Options:");
            u.append(System.lineSeparator());
            named.forEach((n, help) ->
                    u.append(System.lineSeparator()).append(n).append(" : ").append(help));
        }
        if (!example.isEmpty()) {
            u.append(System.lineSeparator()).append(example);
        }
        return u.toString();
    }

    /** {@code text} with everything outside [from, to) blanked (newlines kept), CDATA markers too. */
    private static String blankedExcept(String text, int from, int to) {
        StringBuilder b = new StringBuilder(text.length());
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            b.append((i >= from && i < to) || c == '\n' || c == '\r' ? c : ' ');
        }
        String body = b.toString();
        int cdata = body.indexOf("<![CDATA[", from);
        if (cdata >= 0 && cdata < to) {
            int end = body.lastIndexOf("]]>", to);
            body = body.substring(0, cdata) + " ".repeat(9) + body.substring(cdata + 9);
            if (end > cdata) {
                body = body.substring(0, end) + "   " + body.substring(end + 3);
            }
        }
        return body;
    }

    private static Map<String, String> attributes(String text) {
        Map<String, String> out = new LinkedHashMap<>();
        Matcher a = ATTRIBUTE.matcher(text == null ? "" : text);
        while (a.find()) {
            out.put(a.group(1).toLowerCase(Locale.ROOT), a.group(2) != null ? a.group(2) : a.group(3));
        }
        return out;
    }

    private static int indexOfIgnoreCase(String text, String what, int from, int to) {
        for (int i = from; i + what.length() <= to; i++) {
            if (text.regionMatches(true, i, what, 0, what.length())) {
                return i;
            }
        }
        return -1;
    }

    private static int lineOf(String text, int offset) {
        int line = 1;
        for (int i = 0; i < offset; i++) {
            if (text.charAt(i) == '\n') {
                line++;
            }
        }
        return line;
    }

    private static String quote(String s) {
        return "'" + s.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
