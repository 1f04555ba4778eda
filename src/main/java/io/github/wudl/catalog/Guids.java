package io.github.wudl.catalog;

import java.util.Locale;
import java.util.regex.Pattern;

/** GUID spelling: WUA prints UpdateIDs lower-case without braces, so that is the one form wudl keeps. */
final class Guids {
    private static final Pattern GUID = Pattern.compile(
            "[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}");

    private Guids() {
    }

    /** The lower-case, brace-less form of {@code text}, or null when it is not a GUID. */
    static String normalize(String text) {
        if (text == null) {
            return null;
        }
        String s = text;
        // registry-style {…} is common in copied ids; accept it, but only as a matched pair
        if (s.length() == 38 && s.charAt(0) == '{' && s.charAt(37) == '}') {
            s = s.substring(1, 37);
        }
        return GUID.matcher(s).matches() ? s.toLowerCase(Locale.ROOT) : null;
    }
}
