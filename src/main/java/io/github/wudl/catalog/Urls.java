package io.github.wudl.catalog;

import io.github.wudl.wua.Digests;
import io.github.wudl.wua.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Path;
import java.util.Locale;
import java.util.Map;

/**
 * Resolves a catalog's {@code url} and {@code mirrors} against the catalog's own location and insists on
 * http(s), with one exception: a catalog read from a local file (a bundle's {@code catalog.json}) may name
 * content by a relative path that stays inside the catalog's folder. Such a path resolves to a {@code file:} URI
 * under the folder's real path (links in the folder's own path resolved once, here), so that the transfer layer
 * can refuse any link below it. A catalog from the network never points a build agent at its local files, and
 * an absolute {@code file:} URL is refused everywhere.
 */
final class Urls {
    /** Longer URLs are refused (WUA's WU_E_URL_TOO_LONG territory); no real server needs more. */
    static final int MAX_LENGTH = 8192;

    private Urls() {}

    /**
     * The catalog location to resolve against: absolute, hierarchical, file: or http(s).
     *
     * @throws IllegalArgumentException saying what is wrong with {@code base}
     */
    static URI checkBase(URI base) {
        if (base == null) {
            throw new IllegalArgumentException("the catalog's location (base) is null; pass the file: or"
                    + " http(s) URI the catalog was read from");
        }
        String scheme = base.getScheme() == null ? "" : base.getScheme().toLowerCase(Locale.ROOT);
        if (!base.isAbsolute()
                || base.isOpaque()
                || !(scheme.equals("file") || scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException(
                    "the catalog's location " + Redaction.uri(base) + " is not an absolute file:, http: or https: URI");
        }
        if (!scheme.equals("file") && base.getHost() == null) {
            throw new IllegalArgumentException("the catalog's location " + Redaction.uri(base) + " has no host");
        }
        if (base.getRawPath() == null || base.getRawPath().isEmpty()) {
            // URI.resolve glues "x" onto "http://host" as "http://hostx" (JDK-4666701); give it a root path
            return base.resolve("/");
        }
        return base;
    }

    /**
     * {@code text} as an absolute http(s) URI, relative references resolved against {@code base}.
     *
     * @throws IllegalArgumentException saying what is wrong and what to do
     */
    static URI resolve(URI base, String text) {
        if (text.isEmpty()) {
            throw new IllegalArgumentException(
                    "is empty; give the file's http(s) URL, absolute or relative" + " to the catalog");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException(
                    "is " + text.length() + " characters long; URLs longer than " + MAX_LENGTH + " are not accepted");
        }
        String plain = plainText(base, text);
        if (plain != null) {
            return URI.create(plain); // cannot fail: see isPlainAbsolute
        }
        URI given;
        try {
            given = new URI(text);
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException("\"" + shorten(text) + "\" is not a valid URL (" + e.getReason()
                    + " at index " + e.getIndex() + "); percent-encode spaces and other special characters");
        }
        boolean relative = !given.isAbsolute();
        URI resolved = relative ? base.resolve(given).normalize() : given.normalize();
        String scheme = resolved.getScheme() == null ? "" : resolved.getScheme().toLowerCase(Locale.ROOT);
        if (scheme.equals("file")) {
            if (relative) {
                return insideFolder(base, given, text);
            }
            throw new IllegalArgumentException("file: URLs are not allowed for content (" + Redaction.uri(resolved)
                    + "); content is fetched only over http or https, so serve the file over HTTP and give"
                    + " that URL");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException(
                    "the scheme of \"" + shorten(text) + "\" is not supported; use an" + " http or https URL");
        }
        if (resolved.isOpaque()
                || resolved.getHost() == null
                || resolved.getHost().isEmpty()) {
            throw new IllegalArgumentException(
                    "\"" + shorten(text) + "\" has no host name; write it as" + " http(s)://host/path");
        }
        return resolved;
    }

    /** One catalog folder's real path, kept: a bundle's catalog resolves thousands of paths against it. */
    private static volatile Map.Entry<URI, Path> lastFolder;

    /**
     * A relative content path of the catalog file {@code base}: the {@code file:} URI of the real folder of
     * the catalog joined with the path, which must not leave the folder.
     */
    private static URI insideFolder(URI base, URI given, String text) {
        if (given.getRawQuery() != null || given.getRawFragment() != null || given.getRawAuthority() != null) {
            throw new IllegalArgumentException("\"" + shorten(text) + "\" is not a plain relative path; a catalog"
                    + " read from a file names its content by paths inside its folder, such as"
                    + " content/<update id>/<file name>");
        }
        Path folder = realFolder(base);
        String decoded = given.getPath();
        Path joined;
        try {
            joined = folder.resolve(decoded).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new IllegalArgumentException(
                    "\"" + shorten(text) + "\" is not a path this system can open (" + e.getReason() + ")");
        }
        if (decoded.startsWith("/") || !joined.startsWith(folder) || joined.equals(folder)) {
            throw new IllegalArgumentException("\"" + shorten(text) + "\" leaves the catalog's folder " + folder
                    + "; a catalog read from a file may name only files inside its folder (use http(s) URLs for"
                    + " anything else)");
        }
        return joined.toUri();
    }

    private static Path realFolder(URI base) {
        Map.Entry<URI, Path> last = lastFolder;
        if (last != null && last.getKey().equals(base)) {
            return last.getValue();
        }
        Path folder = Path.of(base).toAbsolutePath().getParent();
        try {
            folder = folder.toRealPath();
        } catch (java.io.IOException e) {
            // the catalog was read from there a moment ago; if its folder is gone now, opening the content
            // says so, naming the file
        }
        lastFolder = Map.entry(base, folder);
        return folder;
    }

    /**
     * {@code text} resolved against {@code base} as the text of an absolute http(s) URL, when both are plain enough
     * to be certain without parsing that {@link #resolve} would accept it and give a URI whose text is exactly
     * this (see {@link #isPlainAbsolute}); null otherwise, and then {@link #resolve} is the way. Lets a catalog of
     * 50,000 files be checked without 50,000 {@code java.net.URI} parses, a fifth of a cold load.
     */
    static String plainText(URI base, String text) {
        if (text.isEmpty() || text.length() > MAX_LENGTH) {
            return null;
        }
        if (isPlainAbsolute(text)) {
            return text;
        }
        String joined = plainRelative(base, text);
        return joined != null && joined.length() <= MAX_LENGTH && isPlainAbsolute(joined) ? joined : null;
    }

    /**
     * True when {@code s} is {@code http://} or {@code https://} (any case), a host name (letters, digits and inner
     * hyphens in dot-separated labels, the last one starting with a letter) or a dotted IPv4 address, an optional
     * port of 1 to 5 digits without a leading zero, then a path starting with {@code /} and an optional query, both
     * made only of RFC 3986's unreserved characters, sub-delims, {@code : @ /} and valid percent escapes, with no
     * {@code .}, {@code ..} or empty segment in the path. Such a string parses as a URI with that host, and
     * normalizing it changes nothing. No user info, fragment, IPv6 literal or other character: those take the
     * general path.
     */
    static boolean isPlainAbsolute(String s) {
        int i = asciiPrefixIgnoringCase(s, "http://") ? 7 : asciiPrefixIgnoringCase(s, "https://") ? 8 : -1;
        if (i < 0) {
            return false;
        }
        i = plainHostEnd(s, i);
        if (i < 0) {
            return false;
        }
        int n = s.length();
        if (i < n && s.charAt(i) == ':') {
            int digits = 0;
            for (i++; i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9'; i++) {
                digits++;
            }
            // URI.resolve rewrites a port such as "080" as "80": plain ports have no leading zero
            if (digits == 0 || digits > 5 || (digits > 1 && s.charAt(i - digits) == '0')) {
                return false;
            }
        }
        if (i == n || s.charAt(i) != '/') {
            return false;
        }
        boolean query = false;
        int segmentStart = i + 1;
        for (i++; i <= n; i++) {
            char c = i < n ? s.charAt(i) : '/';
            if (query) {
                if (i == n) {
                    return true;
                }
                if (c != '/' && c != '?' && !plainPathChar(s, i)) {
                    return false;
                }
                if (c == '%') {
                    i += 2;
                }
            } else if (c == '/' || (c == '?' && i < n)) {
                int len = i - segmentStart;
                boolean dots = (len == 1 && s.charAt(segmentStart) == '.')
                        || (len == 2 && s.charAt(segmentStart) == '.' && s.charAt(segmentStart + 1) == '.');
                if (dots || (len == 0 && c == '/' && i < n)) {
                    return false; // normalization would remove "." and ".." segments and collapse "//"
                }
                segmentStart = i + 1;
                query = c == '?';
            } else if (!plainPathChar(s, i)) {
                return false;
            } else if (c == '%') {
                i += 2;
            }
        }
        return true;
    }

    /**
     * Whether {@code s} starts with {@code lowerPrefix} with ASCII letters in either case. Not
     * {@code regionMatches(true, …)}: that folds Unicode case, so "httpſ://" (a long s) would pass for "https://",
     * and URI refuses it.
     */
    private static boolean asciiPrefixIgnoringCase(String s, String lowerPrefix) {
        if (s.length() < lowerPrefix.length()) {
            return false;
        }
        for (int k = 0; k < lowerPrefix.length(); k++) {
            char c = s.charAt(k);
            if (c != lowerPrefix.charAt(k) && !(c >= 'A' && c <= 'Z' && c + ('a' - 'A') == lowerPrefix.charAt(k))) {
                return false;
            }
        }
        return true;
    }

    /** The index after a plain host starting at {@code i} (see {@link #isPlainAbsolute}), or -1. */
    private static int plainHostEnd(String s, int i) {
        int n = s.length();
        int labels = 0;
        boolean allNumeric = true;
        boolean lastStartsWithLetter = false;
        boolean octetsFit = true;
        while (true) {
            int start = i;
            while (i < n && (isAsciiLetterOrDigit(s.charAt(i)) || s.charAt(i) == '-')) {
                i++;
            }
            if (i == start || s.charAt(start) == '-' || s.charAt(i - 1) == '-') {
                return -1;
            }
            labels++;
            lastStartsWithLetter = !isAsciiDigit(s.charAt(start));
            boolean numeric = true;
            for (int k = start; k < i; k++) {
                numeric &= isAsciiDigit(s.charAt(k));
            }
            allNumeric &= numeric;
            // an IPv4 octet: 1 to 3 digits, at most 255, no leading zero
            octetsFit &= numeric
                    && i - start <= 3
                    && Integer.parseInt(s, start, i, 10) <= 255
                    && (i - start == 1 || s.charAt(start) != '0');
            if (i < n && s.charAt(i) == '.') {
                i++;
                continue;
            }
            break;
        }
        if (allNumeric) {
            return labels == 4 && octetsFit ? i : -1;
        }
        return lastStartsWithLetter ? i : -1;
    }

    /** Whether the character at {@code i} may stand in a plain path segment or query: see {@link #isPlainAbsolute}. */
    private static boolean plainPathChar(String s, int i) {
        char c = s.charAt(i);
        if (c == '%') {
            return i + 2 < s.length() && isHex(s.charAt(i + 1)) && isHex(s.charAt(i + 2));
        }
        return isAsciiLetterOrDigit(c) || "-._~!$&'()*+,;=:@".indexOf(c) >= 0;
    }

    private static boolean isAsciiDigit(char c) {
        return c >= '0' && c <= '9';
    }

    private static boolean isAsciiLetterOrDigit(char c) {
        return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || isAsciiDigit(c);
    }

    private static boolean isHex(char c) {
        return Digests.hexValue(c) >= 0;
    }

    /**
     * The common case, a relative path such as {@code files/kb5031356.cab} against an http(s) catalog, joined to
     * the catalog's directory as text, without URI parse, resolve and normalize (those three were a tenth of a cold
     * load of a 50,000-file catalog). Null when {@code text} has anything but path characters (a scheme, a query,
     * a fragment) or starts with {@code /}. Callers use the result only when it passes {@link #isPlainAbsolute},
     * which refuses dot segments and {@code //}: only then is it certain to be what
     * {@code base.resolve(text).normalize()} gives (resolving also rewrites a base's port "080" as "80").
     */
    private static String plainRelative(URI base, String text) {
        String scheme = base.getScheme();
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || text.charAt(0) == '/') {
            return null;
        }
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            // ':' would make "a:b" a scheme; '?' and '#' are not path characters to plainPathChar either
            if (c != '/' && (c == ':' || !plainPathChar(text, i))) {
                return null;
            }
            if (c == '%') {
                i += 2;
            }
        }
        String path = base.getRawPath();
        return scheme + "://" + base.getRawAuthority() + path.substring(0, path.lastIndexOf('/') + 1) + text;
    }

    static String shorten(String text) {
        String s = Redaction.text(text);
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
