package io.github.wudl.catalog;

import java.net.URI;
import java.net.URISyntaxException;
import java.util.Locale;

/**
 * Resolves a catalog's {@code url} and {@code mirrors} against the catalog's own location and insists on
 * http(s): the transfer layer fetches content only over HTTP, and a catalog from the network must not point
 * a build agent at its own local files.
 */
final class Urls {
    /** Longer URLs are refused (WUA's WU_E_URL_TOO_LONG territory); no real server needs more. */
    static final int MAX_LENGTH = 8192;

    private Urls() {
    }

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
        if (!base.isAbsolute() || base.isOpaque()
                || !(scheme.equals("file") || scheme.equals("http") || scheme.equals("https"))) {
            throw new IllegalArgumentException("the catalog's location " + Redaction.uri(base)
                    + " is not an absolute file:, http: or https: URI");
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
            throw new IllegalArgumentException("is empty; give the file's http(s) URL, absolute or relative"
                    + " to the catalog");
        }
        if (text.length() > MAX_LENGTH) {
            throw new IllegalArgumentException("is " + text.length() + " characters long; URLs longer than "
                    + MAX_LENGTH + " are not accepted");
        }
        URI plain = plainRelative(base, text);
        if (plain != null) {
            return plain;
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
                throw new IllegalArgumentException("\"" + shorten(text) + "\" resolves to "
                        + Redaction.uri(resolved) + " because the catalog was read from a file, but content is"
                        + " fetched only over http or https; give an absolute http(s) URL, or serve the"
                        + " catalog over http(s) so relative URLs resolve against it");
            }
            throw new IllegalArgumentException("file: URLs are not allowed for content (" + Redaction.uri(resolved)
                    + "); content is fetched only over http or https, so serve the file over HTTP and give"
                    + " that URL");
        }
        if (!scheme.equals("http") && !scheme.equals("https")) {
            throw new IllegalArgumentException("the scheme of \"" + shorten(text) + "\" is not supported; use an"
                    + " http or https URL");
        }
        if (resolved.isOpaque() || resolved.getHost() == null || resolved.getHost().isEmpty()) {
            throw new IllegalArgumentException("\"" + shorten(text) + "\" has no host name; write it as"
                    + " http(s)://host/path");
        }
        return resolved;
    }

    /**
     * The common case, a relative path such as {@code files/kb5031356.cab} against an http(s) catalog, resolved
     * with one URI parse instead of parse, resolve and normalize (those three were a tenth of a cold load of a
     * 50,000-file catalog). Null for anything else: a scheme, a query, a fragment, an authority, an absolute
     * path, a dot segment, any character outside RFC 3986's unreserved and sub-delims set, a malformed percent
     * escape, or a base whose path has dot segments; those take the general path, which gives the same result.
     */
    private static URI plainRelative(URI base, String text) {
        String scheme = base.getScheme();
        if (!("http".equalsIgnoreCase(scheme) || "https".equalsIgnoreCase(scheme)) || text.charAt(0) == '/') {
            return null;
        }
        int segmentStart = 0;
        for (int i = 0; i <= text.length(); i++) {
            char c = i < text.length() ? text.charAt(i) : '/';
            if (c == '/') {
                int len = i - segmentStart;
                boolean dots = (len == 1 && text.charAt(segmentStart) == '.')
                        || (len == 2 && text.charAt(segmentStart) == '.' && text.charAt(segmentStart + 1) == '.');
                if (dots || (len == 0 && i < text.length())) {
                    return null; // "." / ".." segments, or "//"
                }
                segmentStart = i + 1;
            } else if (c == '%') {
                if (i + 2 >= text.length() || Character.digit(text.charAt(i + 1), 16) < 0
                        || Character.digit(text.charAt(i + 2), 16) < 0) {
                    return null;
                }
                i += 2;
            } else if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
                    || "-._~!$&'()*+,;=@".indexOf(c) >= 0)) {
                return null;
            }
        }
        String path = base.getRawPath();
        if (path.contains("/./") || path.contains("/../") || path.endsWith("/.") || path.endsWith("/..")) {
            return null;
        }
        String dir = path.substring(0, path.lastIndexOf('/') + 1);
        try {
            return new URI(scheme + "://" + base.getRawAuthority() + dir + text);
        } catch (URISyntaxException e) {
            return null; // the general path says what is wrong
        }
    }

    static String shorten(String text) {
        String s = Redaction.text(text);
        return s.length() <= 120 ? s : s.substring(0, 117) + "...";
    }
}
