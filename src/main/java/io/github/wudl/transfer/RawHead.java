package io.github.wudl.transfer;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The status line and header fields of one answer read by {@link RawResponse}, and the framing of its body
 * decided by the rules of RFC 9112 that keep one answer from being read as two, or two as one (response
 * splitting, request smuggling):
 *
 * <ul>
 *   <li>the status line is {@code HTTP/1.x}, a space, three digits from 100 to 599, and an optional reason;
 *   <li>each field line is a token, a colon, a value; no whitespace before the colon, no line without one;
 *       an obs-fold line (one starting with a space or tab) continues the field before it, joined by a space
 *       (RFC 9112 §5.2), but may not follow the status line;
 *   <li>Content-Length: digits only; several values (lines or a list) only when they are all equal;
 *   <li>Transfer-Encoding: only {@code chunked}, which wudl can decode (it asks for no other coding), and never
 *       together with Content-Length;
 *   <li>a connection is kept alive only for HTTP/1.1 without {@code Connection: close} and a body whose end the
 *       framing tells (a body without Content-Length or chunked ends with the connection).
 * </ul>
 *
 * Anything else is refused with a {@link RawHttp.Malformed} naming the server.
 */
final class RawHead {
    /** Field lines per head: more is no real server's answer. */
    static final int MAX_FIELDS = 100;

    final int status;
    /** First value of each field by lower-case name (for {@link Response#header}). */
    final Map<String, String> first = new HashMap<>();
    /** The body's length when Content-Length gives it, else -1. */
    final long contentLength;

    final boolean chunked;
    final boolean keepAlive;

    private RawHead(int status, long contentLength, boolean chunked, boolean keepAlive) {
        this.status = status;
        this.contentLength = contentLength;
        this.chunked = chunked;
        this.keepAlive = keepAlive;
    }

    /** The status code of a status line, or a Malformed. */
    static int status(String line, String where) throws RawHttp.Malformed {
        // HTTP-version SP status-code [ SP reason-phrase ]; an empty reason may come without its space
        boolean shape = line.length() >= 12
                && line.startsWith("HTTP/1.")
                && digit(line.charAt(7))
                && line.charAt(8) == ' '
                && digit(line.charAt(9))
                && digit(line.charAt(10))
                && digit(line.charAt(11))
                && (line.length() == 12 || line.charAt(12) == ' ');
        if (!shape) {
            throw new RawHttp.Malformed(where, "answered with '" + shorten(line) + "', not an HTTP/1.x status line");
        }
        int status = Integer.parseInt(line.substring(9, 12));
        if (status < 100 || status > 599) {
            throw new RawHttp.Malformed(where, "answered with the status code " + status + ", which is not one");
        }
        return status;
    }

    /** Interprets the lines of a head (status line first) that is not an interim (1xx) answer. */
    static RawHead parse(List<String> lines, String where) throws RawHttp.Malformed {
        String statusLine = lines.get(0);
        int status = status(statusLine, where);
        if (lines.size() - 1 > MAX_FIELDS) {
            throw new RawHttp.Malformed(where, "sent more than " + MAX_FIELDS + " header lines");
        }
        List<String[]> fields = new ArrayList<>();
        for (int i = 1; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.startsWith(" ") || line.startsWith("\t")) {
                if (fields.isEmpty()) {
                    throw new RawHttp.Malformed(where, "sent a header line that starts with whitespace");
                }
                String[] last = fields.get(fields.size() - 1);
                last[1] = (last[1] + " " + line.trim()).trim(); // obs-fold: replaced by a space
                continue;
            }
            int colon = line.indexOf(':');
            if (colon <= 0 || !token(line, colon)) {
                throw new RawHttp.Malformed(where, "sent a malformed header line '" + shorten(line) + "'");
            }
            fields.add(new String[] {line.substring(0, colon).toLowerCase(Locale.ROOT), line.substring(colon + 1)});
        }
        String length = null;
        List<String> codings = new ArrayList<>();
        boolean close = false;
        for (String[] f : fields) {
            String value = f[1].trim();
            switch (f[0]) {
                case "content-length" -> {
                    for (String v : value.split(",", -1)) {
                        String n = v.trim();
                        if (n.isEmpty() || !n.chars().allMatch(RawHead::digit) || n.length() > 18) {
                            throw new RawHttp.Malformed(
                                    where, "sent an invalid Content-Length '" + shorten(value) + "'");
                        }
                        if (length != null && !strip(length).equals(strip(n))) {
                            throw new RawHttp.Malformed(
                                    where, "sent conflicting Content-Lengths " + length + " and " + n);
                        }
                        length = n;
                    }
                }
                case "transfer-encoding" -> {
                    for (String c : value.split(",", -1)) {
                        codings.add(c.trim().toLowerCase(Locale.ROOT));
                    }
                }
                case "connection" -> {
                    for (String c : value.split(",", -1)) {
                        close |= c.trim().equalsIgnoreCase("close");
                    }
                }
                default -> {
                    // nothing that frames the body
                }
            }
        }
        boolean chunked = false;
        if (!codings.isEmpty()) {
            if (!codings.equals(List.of("chunked"))) {
                throw new RawHttp.Malformed(
                        where,
                        "sent Transfer-Encoding '" + shorten(String.join(", ", codings)) + "', which wudl"
                                + " did not ask for (only chunked can be read)");
            }
            if (length != null) {
                throw new RawHttp.Malformed(
                        where,
                        "sent both Content-Length and Transfer-Encoding, which RFC 9112 treats as an attempt"
                                + " to smuggle a second answer");
            }
            chunked = true;
        }
        long contentLength = length == null ? -1 : Long.parseLong(length);
        boolean framed = chunked || contentLength >= 0 || status == 204 || status == 304;
        RawHead head =
                new RawHead(status, contentLength, chunked, statusLine.startsWith("HTTP/1.1 ") && !close && framed);
        for (String[] f : fields) {
            head.first.putIfAbsent(f[0], f[1].trim());
        }
        return head;
    }

    /** Digits without leading zeros: "007" and "7" are the same length. */
    private static String strip(String digits) {
        return digits.replaceFirst("^0+(?=.)", "");
    }

    /** Whether {@code line} up to {@code end} is an RFC 9110 token (no whitespace, no separators). */
    private static boolean token(String line, int end) {
        for (int i = 0; i < end; i++) {
            char c = line.charAt(i);
            boolean ok = c > 32 && c < 127 && "\"(),/:;<=>?@[\\]{}".indexOf(c) < 0;
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    private static boolean digit(int c) {
        return c >= '0' && c <= '9';
    }

    static String shorten(String s) {
        return s.length() <= 80 ? s : s.substring(0, 80) + "...";
    }
}
