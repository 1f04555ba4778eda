package io.github.wudl.catalog;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;

/**
 * Decides whether a catalog's file name is a plain file name. Files end up at
 * {@code DIR/<update id>/<name>} on Linux and Windows alike, so a name must not climb out of that folder
 * ({@code ..}, separators, drive letters) nor be something Windows treats specially.
 */
final class FileNames {
    static final int MAX_BYTES = 255;

    private static final Set<String> RESERVED = Set.of(
            "CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$", "COM0", "COM1", "COM2", "COM3", "COM4", "COM5", "COM6",
            "COM7", "COM8", "COM9", "LPT0", "LPT1", "LPT2", "LPT3", "LPT4", "LPT5", "LPT6", "LPT7", "LPT8", "LPT9");

    private FileNames() {}

    /** Why {@code name} is not a plain file name, or null when it is one. */
    static String problem(String name) {
        if (name.isEmpty()) {
            return "is empty";
        }
        if (name.equals(".") || name.equals("..")) {
            return "is a directory reference, not a file name";
        }
        // a char is at most 3 UTF-8 bytes (a pair of surrogates 4 for 2 chars): short names need no encoding
        if (name.length() * 3 > MAX_BYTES && name.getBytes(StandardCharsets.UTF_8).length > MAX_BYTES) {
            return "is longer than " + MAX_BYTES + " bytes";
        }
        for (int i = 0; i < name.length(); i++) {
            char c = name.charAt(i);
            if (c > ' ' && c < 0x7F && c != '/' && c != '\\' && c != ':' && "<>\"|?*".indexOf(c) < 0) {
                continue; // printable ASCII that is allowed: most names are made of nothing else
            }
            if (c == '/' || c == '\\') {
                return "contains a path separator ('" + c + "')";
            }
            if (c == ':') {
                // "C:x" is drive-relative and "a:b" an NTFS stream on Windows
                return "contains ':' (a drive letter or an NTFS stream on Windows)";
            }
            if (Character.isISOControl(c)) {
                return String.format("contains the control character U+%04X", (int) c);
            }
            if (Character.isSurrogate(c)) {
                // half of a UTF-16 pair has no UTF-8 spelling: Path.resolve would throw InvalidPathException at
                // placement time on Linux, long after the catalog was accepted
                boolean paired = Character.isHighSurrogate(c)
                        && i + 1 < name.length()
                        && Character.isLowSurrogate(name.charAt(i + 1));
                if (!paired) {
                    return String.format("contains the unpaired surrogate U+%04X (not valid Unicode text)", (int) c);
                }
                int cp = name.codePointAt(i++); // the pair is one supplementary character, e.g. an emoji
                if (Character.getType(cp) == Character.FORMAT) {
                    return String.format("contains the invisible formatting character U+%X", cp);
                }
                continue;
            }
            if (Character.getType(c) == Character.FORMAT) {
                // right-to-left overrides and zero-width characters disguise what a name really is
                return String.format("contains the invisible formatting character U+%04X", (int) c);
            }
            if ("<>\"|?*".indexOf(c) >= 0) {
                return "contains '" + c + "', which Windows does not allow in file names";
            }
        }
        char last = name.charAt(name.length() - 1);
        if (last == '.' || last == ' ') {
            return "ends with a " + (last == '.' ? "dot" : "space") + ", which Windows drops from file names";
        }
        int dot = name.indexOf('.');
        String stem = (dot < 0 ? name : name.substring(0, dot)).stripTrailing();
        // no reserved name is longer than CONOUT$; longer stems need no upper-casing to be ruled out
        if (stem.length() <= 7 && RESERVED.contains(stem.toUpperCase(Locale.ROOT))) {
            return "is a reserved device name on Windows (" + stem.toUpperCase(Locale.ROOT) + ")";
        }
        return null;
    }
}
