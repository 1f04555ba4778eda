package io.github.wudl.catalog;

import java.net.URI;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Hides credentials carried in URLs before any text reaches a message or a log. */
final class Redaction {
    // "//userinfo@" in any scheme; greedy up to the last '@' before the path so "p@ss" is covered too
    private static final Pattern USERINFO = Pattern.compile("//([^/?#\\s\"']*)@");

    private Redaction() {
    }

    /** {@code text} with every URL's user information reduced to {@code user:***} (or {@code ***}). */
    static String text(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        Matcher m = USERINFO.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            String info = m.group(1);
            int colon = info.indexOf(':');
            // a lone user part may well be a token (https://TOKEN@host), so it goes too
            String shown = colon >= 0 ? info.substring(0, colon) + ":***" : "***";
            m.appendReplacement(out, Matcher.quoteReplacement("//" + shown + "@"));
        }
        m.appendTail(out);
        return out.toString();
    }

    /** The URI as text, credentials hidden; "(none)" for null. */
    static String uri(URI uri) {
        return uri == null ? "(none)" : text(uri.toString());
    }
}
