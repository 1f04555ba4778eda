package io.github.wudl.transfer;

import io.github.wudl.wua.HResult;
import java.io.IOException;
import java.io.InputStream;
import java.net.Authenticator;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.SSLContext;

/**
 * GET with wudl's rules, shared by {@link Transferer} and {@link HttpFetch}: HTTP/1.1, redirects followed here
 * (at most {@code maxRedirects}, http/https targets only, relative Locations resolved), {@code Accept-Encoding:
 * identity}, the configured User-Agent, userinfo sent as Basic auth (only to the origin it was given for) and
 * never put on the wire in the URL, proxies from the JVM's default {@link ProxySelector} as it is at request
 * time, TLS from {@code config.sslContext()}.
 *
 * <p>Why {@link HttpClient} and not HttpURLConnection: cancel must close a connection promptly from another
 * thread; on Java 17 {@code HttpURLConnection.disconnect()} blocks behind a reader of a Content-Length body
 * until its read times out, whereas closing an HttpClient body stream ends the blocked read at once.
 * HttpClient has no per-read timeout, so the stall watchdog is {@link Watchdog}.
 */
final class Http {
    /** Clients by (TLS context, default Authenticator) identity; few ever exist. */
    private static final Map<List<Object>, HttpClient> CLIENTS = new java.util.HashMap<>();
    private static final AtomicInteger THREADS = new AtomicInteger();

    private Http() {
    }

    /** The answer to a GET after redirects; the caller reads and closes the body. */
    record Response(int status, URI uri, HttpHeaders headers, AbortableInput body) implements AutoCloseable {
        String header(String name) {
            return headers.firstValue(name).orElse(null);
        }

        @Override
        public void close() {
            body.close();
        }
    }

    /** Lets another thread abort the exchange of a worker: the pending send, or the body being read. */
    static final class Abort {
        private volatile boolean aborted;
        private volatile CompletableFuture<?> pending;
        private volatile AbortableInput body;

        void abort() {
            aborted = true;
            CompletableFuture<?> p = pending;
            if (p != null) {
                p.cancel(true);
            }
            AbortableInput b = body;
            if (b != null) {
                b.abort();
            }
        }

        boolean aborted() {
            return aborted;
        }

        void pending(CompletableFuture<?> f) {
            pending = f;
            if (aborted) {
                f.cancel(true);
            }
        }

        void body(AbortableInput in) {
            body = in;
            if (aborted) {
                in.abort();
            }
        }
    }

    /**
     * GET {@code original} (following redirects) with {@code extraHeaders}. Returns any final non-redirect
     * status; throws AttemptFailure(SOURCE) for a bad redirect, IOException for transport failures, and
     * InterruptedException when interrupted or aborted while waiting for the headers.
     */
    static Response get(URI original, Map<String, String> extraHeaders, TransferConfig config, Abort abort)
            throws IOException, InterruptedException, AttemptFailure {
        checkScheme(original, original);
        String auth = basicAuth(original);
        URI current = original;
        for (int redirects = 0; ; redirects++) {
            HttpRequest.Builder b = HttpRequest.newBuilder(Redact.withoutUserInfo(current))
                    .GET()
                    .timeout(config.stallTimeout())
                    .header("User-Agent", config.userAgent())
                    .header("Accept-Encoding", "identity");
            String a = current.getRawUserInfo() != null ? basicAuth(current) : sameOrigin(current, original) ? auth : null;
            if (a != null) {
                b.header("Authorization", a);
            }
            extraHeaders.forEach(b::header);
            CompletableFuture<HttpResponse<InputStream>> f =
                    client(config).sendAsync(b.build(), HttpResponse.BodyHandlers.ofInputStream());
            abort.pending(f);
            HttpResponse<InputStream> r;
            try {
                r = f.get();
            } catch (ExecutionException e) {
                Throwable c = e.getCause();
                if (c instanceof IOException) {
                    throw (IOException) c;
                }
                throw new IOException(c.toString(), c);
            } catch (java.util.concurrent.CancellationException e) {
                throw new InterruptedException("aborted");
            } catch (InterruptedException e) {
                f.cancel(true);
                throw e;
            }
            AbortableInput body = new AbortableInput(r.body());
            abort.body(body);
            int status = r.statusCode();
            if (!isRedirect(status)) {
                return new Response(status, current, r.headers(), body);
            }
            closeQuietly(r.body());
            String location = r.headers().firstValue("Location").orElse(null);
            if (location == null) {
                throw new AttemptFailure(AttemptFailure.Kind.SOURCE, HResult.forHttpStatus(status),
                        "the server answered HTTP " + status + " without a Location at " + Redact.uri(current));
            }
            if (redirects >= config.maxRedirects()) {
                throw new AttemptFailure(AttemptFailure.Kind.SOURCE, HResult.WU_E_PT_HTTP_STATUS_NOT_MAPPED,
                        "more than " + config.maxRedirects() + " redirects starting at " + Redact.uri(original)
                                + " (last: HTTP " + status + " at " + Redact.uri(current) + ")");
            }
            URI next;
            try {
                next = current.resolve(location.trim());
            } catch (IllegalArgumentException e) {
                throw new AttemptFailure(AttemptFailure.Kind.SOURCE, HResult.WU_E_BAD_FILE_URL,
                        "a redirect from " + Redact.uri(current) + " points to a malformed URL");
            }
            checkScheme(next, original);
            current = next;
        }
    }

    static boolean isRedirect(int status) {
        return status == 301 || status == 302 || status == 303 || status == 307 || status == 308;
    }

    /** Only http and https can be fetched: anything else (file:, ftp:, ...) is WU_E_BAD_FILE_URL. */
    static void checkScheme(URI uri, URI original) throws AttemptFailure {
        String s = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!(s.equals("http") || s.equals("https")) || uri.getHost() == null) {
            String where = uri == original ? Redact.uri(uri)
                    : Redact.uri(uri) + " (a redirect from " + Redact.uri(original) + ")";
            throw new AttemptFailure(AttemptFailure.Kind.SOURCE, HResult.WU_E_BAD_FILE_URL,
                    "only http and https URLs can be downloaded, not " + where);
        }
    }

    /**
     * The shared client for this TLS context and the current default Authenticator; its threads are daemons
     * named wudl-http-N. An authenticator is installed only when the JVM has one, because HttpClient with an
     * authenticator turns a 401/407 without WWW-Authenticate into an IOException instead of a status.
     */
    static synchronized HttpClient client(TransferConfig config) {
        SSLContext ctx = config.sslContext();
        Authenticator auth = Authenticator.getDefault();
        return CLIENTS.computeIfAbsent(java.util.Arrays.asList(ctx, auth), k -> build(ctx, auth));
    }

    private static HttpClient build(SSLContext ctx, Authenticator auth) {
        ExecutorService executor = Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "wudl-http-" + THREADS.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        HttpClient.Builder b = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .proxy(new CurrentDefaultProxy())
                .executor(executor);
        if (auth != null) {
            b.authenticator(auth);
        }
        if (ctx != null) {
            b.sslContext(ctx);
        }
        return b.build();
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(lower(a.getScheme()), lower(b.getScheme())) && Objects.equals(lower(a.getHost()), lower(b.getHost()))
                && port(a) == port(b);
    }

    private static String lower(String s) {
        return s == null ? null : s.toLowerCase(Locale.ROOT);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equalsIgnoreCase(u.getScheme()) ? 443 : 80;
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

    /** Asks whatever ProxySelector is the JVM default at request time (CLIs and Jenkins set it late). */
    private static final class CurrentDefaultProxy extends ProxySelector {
        @Override
        public List<Proxy> select(URI uri) {
            ProxySelector d = ProxySelector.getDefault();
            return d == null || d == this ? List.of(Proxy.NO_PROXY) : d.select(uri);
        }

        @Override
        public void connectFailed(URI uri, SocketAddress sa, IOException ioe) {
            ProxySelector d = ProxySelector.getDefault();
            if (d != null && d != this) {
                d.connectFailed(uri, sa, ioe);
            }
        }
    }
}
