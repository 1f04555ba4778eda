package io.github.wudl.transfer;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Redaction;
import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;

/**
 * GET with wudl's rules, shared by {@link Transferer} and {@link HttpFetch}: HTTP/1.1 with keep-alive,
 * redirects followed here (at most {@code maxRedirects}, http/https targets only, relative Locations
 * resolved), {@code Accept-Encoding: identity}, the configured User-Agent, userinfo sent as Basic auth (only
 * to the origin it was given for) and never put on the wire in the URL, proxies from the JVM's default
 * {@link java.net.ProxySelector} and {@link java.net.Authenticator} as they are at request time, TLS from
 * {@code config.sslContext()}.
 *
 * <p>Why {@link HttpURLConnection} and not {@code java.net.http.HttpClient}: measured on JDK 17 against a
 * loopback server, HttpClient delivers a body at about a third of HttpURLConnection's rate (356 vs 1174 MB/s
 * for 2 GiB), and bulk content is what wudl moves. The price: a blocked body read cannot be woken from another
 * thread ({@code disconnect()} waits behind it), so the socket read timeout is the stall timeout, a cancelled
 * exchange is abandoned by the canceller (its task completes at once) and its worker leaves at its next read.
 */
final class Http {
    private Http() {}

    /** A response of {@link HttpURLConnection}. */
    private static final class UrlConnectionResponse implements Response {
        private final HttpURLConnection connection;
        private final int status;
        private final AbortableInput body;

        UrlConnectionResponse(HttpURLConnection connection, int status, AbortableInput body) {
            this.connection = connection;
            this.status = status;
            this.body = body;
        }

        @Override
        public int status() {
            return status;
        }

        @Override
        public String header(String name) {
            return connection.getHeaderField(name);
        }

        @Override
        public long contentLength() {
            return connection.getContentLengthLong();
        }

        @Override
        public Body body() {
            return body;
        }
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
    static Response get(URI original, Map<String, String> extraHeaders, TransferConfig config, Abort abort)
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
    static Response get(
            URI original, Map<String, String> extraHeaders, TransferConfig config, Abort abort, String refusal)
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
            Response r = RawHttp.eligible(current)
                    ? RawHttp.get(current, a, extraHeaders, config, abort)
                    : viaUrlConnection(current, a, extraHeaders, config, abort);
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

    private static Response viaUrlConnection(
            URI current, String authorization, Map<String, String> extraHeaders, TransferConfig config, Abort abort)
            throws IOException {
        HttpURLConnection c = open(current, config);
        if (authorization != null) {
            c.setRequestProperty("Authorization", authorization);
        }
        extraHeaders.forEach(c::setRequestProperty);
        int status;
        try {
            status = c.getResponseCode();
        } catch (IOException e) {
            c.disconnect();
            throw e;
        }
        AbortableInput body = new AbortableInput(c, status < 400 && !isRedirect(status));
        abort.body(body);
        return new UrlConnectionResponse(c, status, body);
    }

    private static HttpURLConnection open(URI uri, TransferConfig config) throws IOException {
        HttpURLConnection c = (HttpURLConnection) withoutUserInfo(uri).toURL().openConnection();
        SSLContext ctx = config.sslContext();
        if (ctx != null && c instanceof HttpsURLConnection https) {
            https.setSSLSocketFactory(ctx.getSocketFactory());
        }
        int timeout = (int) Math.min(Integer.MAX_VALUE, config.stallTimeout().toMillis());
        c.setConnectTimeout(timeout);
        c.setReadTimeout(timeout); // no byte for this long is a stall: the read fails and the attempt is retried
        c.setInstanceFollowRedirects(false);
        c.setUseCaches(false);
        c.setRequestProperty("User-Agent", config.userAgent());
        c.setRequestProperty("Accept-Encoding", "identity");
        return c;
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Only http and https can be fetched: anything else (file:, ftp:, ...) is WU_E_BAD_FILE_URL. */
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
