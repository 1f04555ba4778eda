package io.github.wudl.transfer;

import java.net.URI;
import java.util.Collection;
import java.util.Locale;
import java.util.Set;

/**
 * Removes secrets from URLs before they reach a message, a log line or a file: the userinfo
 * ({@code https://user:pw@host/} becomes {@code https://***@host/}) and the values of query parameters that
 * commonly carry signatures or tokens ({@code sig}, {@code token}, {@code X-Amz-Signature}, ...).
 *
 * <p>Every message and exception text of this package goes through here.
 */
public final class Redact {
    private static final String MASK = "***";
    private static final Set<String> SECRET_PARAMS = Set.of("sig", "signature", "token", "access_token", "key",
            "apikey", "api_key", "password", "pass", "pw", "secret", "x-amz-signature", "x-amz-credential",
            "x-amz-security-token", "x-goog-signature", "x-goog-credential", "code", "auth");

    private Redact() {
    }

    /** The URI as text with its userinfo and secret query values masked; null reads "(none)". */
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
        return s;
    }

    /** {@code text} with every occurrence of the given URIs, or of their userinfo, masked. */
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
        return s;
    }

    /** The URI without userinfo (what goes on the wire, the credentials travelling in a header instead). */
    static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        String s = uri.toString().replaceFirst("//" + java.util.regex.Pattern.quote(uri.getRawUserInfo()) + "@", "//");
        return URI.create(s);
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
}
