package io.github.wudl.transfer;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * GET with wudl's rules, shared by {@link Transferer} and {@link HttpFetch}: HTTP/1.1 with keep-alive,
 * redirects followed here (at most {@code maxRedirects}, http/https targets only, relative Locations
 * resolved), {@code Accept-Encoding: identity}, the configured User-Agent, userinfo sent as Basic auth (only
 * to the origin it was given for) and never put on the wire in the URL, proxies from the JVM's default
 * {@link java.net.ProxySelector} and {@link java.net.Authenticator} as they are at request time, TLS from
 * {@code config.sslContext()}. Each hop goes through the {@link Transport} that {@link #transportFor} picks.
 */
final class Http {
    /**
     * The transports of this process: the catalog ({@link HttpFetch}) and every {@link Transferer} share it, so a
     * connection kept alive after the catalog serves the first content file from the same origin.
     */
    private static final Http STANDARD = new Http(new RawHttp(), new UrlConnectionTransport());

    private final Transport raw;
    private final Transport urlConnection;

    /** {@code raw} for plain http without a proxy, {@code urlConnection} for the rest. */
    Http(Transport raw, Transport urlConnection) {
        this.raw = raw;
        this.urlConnection = urlConnection;
    }

    static Http standard() {
        return STANDARD;
    }

    /**
     * The one place a transport is chosen, for each hop of a redirect chain: {@link RawHttp} for plain http
     * with no proxy (unless {@code -Dwudl.http.raw=false}), {@link UrlConnectionTransport} for the rest.
     */
    Transport transportFor(URI uri) {
        return RawHttp.eligible(uri) ? raw : urlConnection;
    }

    /** Lets another thread abort the exchange of a worker: its body read ends at the next chance. */
    static final class Abort {
        private volatile boolean aborted;
        private volatile Body body;

        void abort() {
            aborted = true;
            Body b = body;
            if (b != null) {
                b.abort();
            }
        }

        boolean aborted() {
            return aborted;
        }

        void body(Body in) {
            body = in;
            if (aborted) {
                in.abort();
            }
        }
    }

    /**
     * GET {@code original} (following redirects) with {@code extraHeaders}. Returns any final non-redirect
     * status; throws AttemptFailure(SOURCE) for a bad redirect, IOException for transport failures, and
     * InterruptedException when aborted before the answer arrived.
     */
    Response get(URI original, Map<String, String> extraHeaders, TransferConfig config, Abort abort)
            throws IOException, InterruptedException, AttemptFailure {
        return get(original, extraHeaders, config, abort, null);
    }

    /**
     * As {@link #get(URI, Map, TransferConfig, Abort)}, for bytes that nothing checks but the transport when
     * {@code refusal} is not null (a catalog, whose digests protect everything else; a file the catalog gives no
     * digest): a redirect from https to http is then refused (AttemptFailure SOURCE, E_ACCESSDENIED) with the
     * message "... redirects it to plain http (URL), " + {@code refusal}, which says what would be unprotected
     * and what to do. With a null {@code refusal} (content checked against its digest) it is followed, with one
     * warning per original host.
     */
    Response get(URI original, Map<String, String> extraHeaders, TransferConfig config, Abort abort, String refusal)
            throws IOException, InterruptedException, AttemptFailure {
        checkScheme(original, original);
        String auth = basicAuth(original);
        URI current = original;
        for (int redirects = 0; ; redirects++) {
            if (abort.aborted()) {
                throw new InterruptedException("aborted");
            }
            String a =
                    current.getRawUserInfo() != null ? basicAuth(current) : sameOrigin(current, original) ? auth : null;
            Response r = transportFor(current).exchange(current, a, extraHeaders, config, abort);
            int status = r.status();
            if (!isRedirect(status)) {
                return r;
            }
            String location = r.header("Location");
            r.close();
            if (location == null) {
                throw new AttemptFailure(
                        AttemptFailure.Kind.SOURCE,
                        HResult.forHttpStatus(status),
                        "the server answered HTTP " + status + " without a Location at " + Redaction.uri(current));
            }
            if (redirects >= config.maxRedirects()) {
                throw new AttemptFailure(
                        AttemptFailure.Kind.SOURCE,
                        HResult.WU_E_PT_HTTP_STATUS_NOT_MAPPED,
                        "more than " + config.maxRedirects() + " redirects starting at " + Redaction.uri(original)
                                + " (last: HTTP " + status + " at " + Redaction.uri(current) + ")");
            }
            URI next;
            try {
                next = current.resolve(location.trim());
            } catch (IllegalArgumentException e) {
                throw new AttemptFailure(
                        AttemptFailure.Kind.SOURCE,
                        HResult.WU_E_BAD_FILE_URL,
                        "a redirect from " + Redaction.uri(current) + " points to a malformed URL");
            }
            checkScheme(next, original);
            if ("https".equalsIgnoreCase(current.getScheme()) && "http".equalsIgnoreCase(next.getScheme())) {
                downgrade(original, current, next, config, refusal);
            }
            current = next;
        }
    }

    /** How {@link HttpFetch} refuses a catalog's downgrade: the {@code refusal} of {@link #get}. */
    static final String CATALOG_REFUSAL = "where the catalog's digests would travel unprotected, so wudl does not"
            + " follow it; give --catalog an https URL that stays on https, or the http URL itself if you accept an"
            + " unprotected catalog";

    // identity on purpose: "original" is the URI the transfer started with, not an equal one a redirect gave
    @SuppressWarnings("ReferenceEquality")
    private static void downgrade(URI original, URI from, URI to, TransferConfig config, String refusal)
            throws AttemptFailure {
        if (refusal != null) {
            throw new AttemptFailure(
                    AttemptFailure.Kind.SOURCE,
                    HResult.E_ACCESSDENIED,
                    (from == original ? "the server redirects it" : Redaction.uri(from) + " redirects")
                            + " to plain http ("
                            + Redaction.uri(to) + "), " + refusal);
        }
        config.warnings()
                .once(
                        "downgrade " + lower(original.getHost()),
                        Redaction.uri(from) + " redirects to plain"
                                + " http (" + Redaction.uri(to) + "); files from " + original.getHost()
                                + " are still checked against"
                                + " the catalog's digests, but travel unencrypted");
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Only http and https can be fetched: anything else (file:, ftp:, ...) is WU_E_BAD_FILE_URL. */
    // identity on purpose: "original" is the URI the transfer started with, not an equal one a redirect gave
    @SuppressWarnings("ReferenceEquality")
    static void checkScheme(URI uri, URI original) throws AttemptFailure {
        String s = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(s.equals("http") || s.equals("https")) || uri.getHost() == null) {
            String where = uri == original
                    ? Redaction.uri(uri)
                    : Redaction.uri(uri) + " (a redirect from " + Redaction.uri(original) + ")";
            throw new AttemptFailure(
                    AttemptFailure.Kind.SOURCE,
                    HResult.WU_E_BAD_FILE_URL,
                    "only http and https URLs can be downloaded, not " + where);
        }
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme()))
                && Objects.equals(lower(a.getHost()), lower(b.getHost()))
                && port(a) == port(b);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
    }

    /** The URI without userinfo (what goes on the wire, the credentials travelling in a header instead). */
    static URI withoutUserInfo(URI uri) {
        if (uri.getRawUserInfo() == null) {
            return uri;
        }
        String userInfo = java.util.regex.Pattern.quote(uri.getRawUserInfo());
        return URI.create(uri.toString().replaceFirst("//" + userInfo + "@", "//"));
    }

    private static String basicAuth(URI uri) {
        String raw = uri.getRawUserInfo();
        if (raw == null || raw.isEmpty()) {
            return null;
        }
        String decoded = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
        return "Basic " + Base64.getEncoder().encodeToString(decoded.getBytes(StandardCharsets.UTF_8));
    }

    static void closeQuietly(InputStream in) {
        if (in != null) {
            try {
                in.close();
            } catch (IOException ignored) {
                // abandoning the stream
            }
        }
    }
}
