package io.github.wudl.wua;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes secrets from URLs before they reach a message, a log line or a file; the one rule for the
 * catalog's errors and the transfer engine's alike. Two kinds of secret go:
 * <ul>
 * <li>the whole userinfo, password and user name ({@code https://user:pw@host/} reads
 *     {@code https://***@host/}): a lone user part is often a token ({@code https://TOKEN@host/});</li>
 * <li>the values of query parameters that commonly carry signatures or tokens ({@code sig}, {@code token},
 *     {@code X-Amz-Signature}, ...; names compared ignoring case): {@code ?sig=***&sv=2020}.</li>
 * </ul>
 * Everything else of the URL stays, so a message still says which file and which server. A text that has
 * been redacted reads the same when redacted again.
 */
public final class Redaction {
    private static final String MASK = "***";
    private static final Set<String> SECRET_PARAMS = Set.of(
            "sig",
            "signature",
            "token",
            "access_token",
            "key",
            "apikey",
            "api_key",
            "password",
            "pass",
            "pw",
            "secret",
            "x-amz-signature",
            "x-amz-credential",
            "x-amz-security-token",
            "x-goog-signature",
            "x-goog-credential",
            "code",
            "auth");
    // "//userinfo@" in any scheme; greedy up to the last '@' before the path so "p@ss" is covered too
    private static final Pattern USERINFO = Pattern.compile("//([^/?#\\s\"']*)@");
    // "?name=value" or "&name=value" anywhere in free text: a URL that did not parse still has its query
    private static final Pattern PARAM = Pattern.compile("([?&])([^?&=#\\s\"']+)=([^&#\\s\"']*)");

    private Redaction() {}

    /**
     * The URI as text with its userinfo and secret query values masked; null reads "(none)". A URI whose
     * authority Java could not split into user and host ({@code https://u:p@ss@h/}) is masked as text.
     */
    public static String uri(URI uri) {
        if (uri == null) {
            return "(none)";
        }
        String s = uri.toString();
        String userInfo = uri.getRawUserInfo();
        if (userInfo != null) {
            s = s.replace(userInfo + "@", MASK + "@");
        }
        String query = uri.getRawQuery();
        if (query != null && !query.isEmpty()) {
            s = s.replace("?" + query, "?" + query(query));
        }
        String authority = uri.getRawAuthority();
        if (userInfo == null && authority != null && authority.indexOf('@') >= 0) {
            // Java read "u:p@ss@h" as a registry name, not as user and host: mask it as text. Only then, so
            // the text of every other URI is unchanged (the cache names unverified files by it)
            s = replace(USERINFO, s, m -> "//" + MASK + "@");
        }
        return s;
    }

    /**
     * {@code text} with the secrets of every URL in it masked: userinfo after {@code //}, and secret query
     * values after {@code ?} or {@code &}. For free text whose URLs are not known (a catalog value, an error
     * that quotes one); null stays null.
     */
    public static String text(String text) {
        if (text == null) {
            return null;
        }
        String s = text;
        if (s.indexOf('@') >= 0) {
            s = replace(USERINFO, s, m -> "//" + MASK + "@");
        }
        if (s.indexOf('=') >= 0) {
            s = replace(
                    PARAM,
                    s,
                    m -> SECRET_PARAMS.contains(m.group(2).toLowerCase(Locale.ROOT))
                            ? m.group(1) + m.group(2) + "=" + MASK
                            : m.group());
        }
        return s;
    }

    /**
     * {@code text} with every occurrence of the given URIs masked as {@link #uri} does, and their userinfo
     * (raw, decoded, or the password alone) and query wherever else it appears (a JDK exception may quote
     * them apart from the URL); then {@link #text(String)} for URLs not in the list (a redirect's target).
     */
    public static String text(String text, Collection<URI> uris) {
        if (text == null) {
            return null;
        }
        String s = text;
        for (URI u : uris) {
            if (u == null) {
                continue;
            }
            s = s.replace(u.toString(), uri(u));
            String userInfo = u.getRawUserInfo();
            if (userInfo != null && !userInfo.isEmpty()) {
                s = s.replace(userInfo, MASK);
                String decoded = u.getUserInfo();
                if (decoded != null && !decoded.isEmpty()) {
                    s = s.replace(decoded, MASK);
                }
                int colon = userInfo.indexOf(':');
                if (colon >= 0 && colon + 1 < userInfo.length()) {
                    s = s.replace(userInfo.substring(colon + 1), MASK);
                }
            }
            String query = u.getRawQuery();
            if (query != null && !query.isEmpty()) {
                s = s.replace(query, query(query));
            }
        }
        return text(s);
    }

    private static String query(String rawQuery) {
        StringBuilder b = new StringBuilder();
        for (String pair : rawQuery.split("&", -1)) {
            if (b.length() > 0) {
                b.append('&');
            }
            int eq = pair.indexOf('=');
            String name = eq < 0 ? pair : pair.substring(0, eq);
            if (eq >= 0 && SECRET_PARAMS.contains(name.toLowerCase(Locale.ROOT))) {
                b.append(name).append('=').append(MASK);
            } else {
                b.append(pair);
            }
        }
        return b.toString();
    }

    private static String replace(Pattern p, String s, java.util.function.Function<Matcher, String> with) {
        Matcher m = p.matcher(s);
        StringBuilder out = new StringBuilder(s.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(with.apply(m)));
        }
        m.appendTail(out);
        return out.toString();
    }
}
