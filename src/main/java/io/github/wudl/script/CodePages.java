package io.github.wudl.script;

import java.nio.charset.Charset;
import java.nio.charset.IllegalCharsetNameException;
import java.nio.charset.StandardCharsets;
import java.nio.charset.UnsupportedCharsetException;
import java.util.Map;

/**
 * The ANSI code page in which cscript reads a script that is neither UTF-16 with a byte-order mark nor UTF-8.
 * On Windows that is the system's code page (GetACP); wudl has none to ask, so it is Windows-1252 unless the
 * user names another, by its Windows number ({@code 932}) or a charset name ({@code Shift_JIS}).
 */
public final class CodePages {
    /** What cscript uses on a Western European or US Windows, and so wudl's default. */
    public static final Charset DEFAULT = Charset.forName("windows-1252");

    // Windows' own variants where Java has them: 932 is Microsoft's Shift-JIS (windows-31j), not JIS X 0208's
    private static final Map<Integer, String> WINDOWS = Map.of(
            932, "windows-31j",
            936, "GBK",
            949, "x-windows-949",
            950, "x-windows-950",
            874, "x-windows-874",
            65001, "UTF-8");

    private CodePages() {}

    /**
     * The charset of code page {@code value}: a number as Windows names it (1252, 1251, 932, 437 …) or a Java
     * charset name.
     *
     * @throws IllegalArgumentException saying what to write, when it is neither
     */
    public static Charset of(String value) {
        String v = value == null ? "" : value.strip();
        String name;
        if (v.matches("[0-9]{1,5}")) {
            int n = Integer.parseInt(v);
            name = WINDOWS.getOrDefault(n, n >= 1250 && n <= 1258 ? "windows-" + n : "IBM" + n);
        } else {
            name = v;
        }
        try {
            if (!name.isEmpty() && Charset.isSupported(name)) {
                Charset c = Charset.forName(name);
                if (c.equals(StandardCharsets.UTF_16)
                        || c.equals(StandardCharsets.UTF_16LE)
                        || c.equals(StandardCharsets.UTF_16BE)) {
                    throw new IllegalArgumentException("'" + v + "' is not an ANSI code page: a UTF-16 script"
                            + " starts with a byte-order mark, and wudl reads it so without being told");
                }
                return c;
            }
        } catch (IllegalCharsetNameException | UnsupportedCharsetException e) {
            // said below
        }
        throw new IllegalArgumentException("'" + v + "' is not a code page wudl knows; give a Windows number"
                + " such as 1252, 1251 or 932, or a charset name such as Shift_JIS");
    }
}
