package io.github.wudl.testing;

import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An in-process HTTP/1.1 content server on 127.0.0.1 for tests, written on a raw {@link ServerSocket} so that
 * faults (dropped connections, stalls, lies) are real socket behaviour. Keep-alive, one named daemon thread
 * per connection.
 *
 * <p>Serves {@link #put bytes} or {@link #putGenerated generated} content with a quoted ETag derived from the
 * content, Last-Modified, Content-Length and {@code Accept-Ranges: bytes}; honours {@code Range: bytes=N-} and
 * {@code bytes=N-M} (206 with Content-Range, 416 past the end), {@code If-Range} (full 200 when it does not
 * match the ETag or Last-Modified), and HEAD. Misbehaviour per path through {@link #faults(String)}.
 *
 * <p>Also answers absolute-form requests ({@code GET http://any.host/path}), so a test can point the JVM's
 * ProxySelector at it and see the proxy path used (the Host header is in the log).
 *
 * <p>Every exchange is logged ({@link #log()}) in arrival order, as soon as it arrives; its status is set before
 * the response headers go out and its byte count before the bytes go out, so a client that has seen them
 * can assert on them without racing the server. {@link #whenSent(String, long)} gives a latch that opens when
 * one response for a path has sent at least N body bytes, so tests can act mid-transfer without sleeping.
 */
public final class ContentServer implements AutoCloseable {
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final AtomicInteger CONNECTIONS = new AtomicInteger();

    /**
     * One request/response as seen so far: {@code status} is 0 until decided, {@code complete} turns true when
     * the response has ended (normally or not).
     */
    public record Exchange(
            String method, String path, Map<String, String> headers, int status, long bytesSent, boolean complete) {
        /** A request header by lower-case name, or null. */
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public String range() {
            return header("range");
        }
    }

    private final ServerSocket serverSocket;
    private final Map<String, Content> contents = new ConcurrentHashMap<>();
    private final Map<String, String> redirects = new ConcurrentHashMap<>();
    private final Map<String, Faults> faults = new ConcurrentHashMap<>();
    private final Map<String, Stats> stats = new ConcurrentHashMap<>();
    private final List<LiveExchange> log = new CopyOnWriteArrayList<>();
    private final List<Waiter> waiters = new CopyOnWriteArrayList<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();
    private final AtomicInteger active = new AtomicInteger();
    private final AtomicInteger maxActive = new AtomicInteger();
    private final CountDownLatch stallRelease = new CountDownLatch(1);
    private final CountDownLatch closed = new CountDownLatch(1);

    private ContentServer() throws IOException {
        serverSocket = new ServerSocket(0, 100, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "content-server-" + port() + "-accept");
        t.setDaemon(true);
        t.start();
    }

    public static ContentServer start() throws IOException {
        return new ContentServer();
    }

    public int port() {
        return serverSocket.getLocalPort();
    }

    /** {@code http://127.0.0.1:<port><path>}; {@code path} starts with '/' (added if missing). */
    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + port() + (path.startsWith("/") ? path : "/" + path));
    }

    /** Serves {@code body} at {@code path} (replacing what was there: a new ETag if the bytes differ). */
    public void put(String path, byte[] body) {
        contents.put(norm(path), new Content(body.clone(), 0, body.length, 0, lastModified()));
    }

    /** Serves {@link Generated} content of {@code size} bytes for {@code seed}, produced on the fly. */
    public void putGenerated(String path, long size, long seed) {
        contents.put(norm(path), new Content(null, seed, size, 0, lastModified()));
    }

    /** Replaces the content of {@code path} between requests (responses under way keep the old bytes). */
    public void changeContent(String path, byte[] newBody) {
        put(path, newBody);
    }

    /** Same bytes, new ETag and Last-Modified (as when a file is re-published on the origin). */
    public void changeEtag(String path) {
        contents.computeIfPresent(
                norm(path),
                (k, c) -> new Content(c.bytes, c.seed, c.length, c.generation + 1, c.lastModified.plusSeconds(1)));
    }

    /** Answers requests for {@code path} with 302 and {@code Location: location} (taken verbatim). */
    public void redirect(String path, String location) {
        redirects.put(norm(path), location);
    }

    /** The current ETag of {@code path} (quoted), or null. */
    public String etag(String path) {
        Content c = contents.get(norm(path));
        return c == null ? null : c.etag;
    }

    /** The fault knobs of {@code path}, created on first use. */
    public Faults faults(String path) {
        return faults.computeIfAbsent(norm(path), k -> new Faults());
    }

    /**
     * Lets stalled responses go (each then closes its connection); stalls that begin later do not wait at all
     * (they close at once). Configure no further stalls after this.
     */
    public void releaseStalls() {
        stallRelease.countDown();
    }

    /** Every exchange so far, in arrival order (a snapshot). */
    public List<Exchange> log() {
        return log.stream().map(LiveExchange::snapshot).toList();
    }

    public List<Exchange> log(String path) {
        String p = norm(path);
        return log.stream()
                .filter(e -> e.path.equals(p))
                .map(LiveExchange::snapshot)
                .toList();
    }

    /** Requests received for {@code path} (counted on arrival, including HEAD and failed ones). */
    public int requestCount(String path) {
        return stats(path).requests.get();
    }

    /** Body bytes sent for {@code path} over all responses, live. */
    public long bytesSent(String path) {
        return stats(path).bytes.get();
    }

    /** Most responses for {@code path} in progress at the same time. */
    public int maxConcurrent(String path) {
        return stats(path).maxActive.get();
    }

    /** Most responses (any path) in progress at the same time. */
    public int maxConcurrent() {
        return maxActive.get();
    }

    /** A latch that opens once one response for {@code path} has sent at least {@code bytes} body bytes. */
    public CountDownLatch whenSent(String path, long bytes) {
        return whenSent(path, bytes, 1);
    }

    /** A latch counted down once per distinct response for {@code path} that has sent {@code bytes} body bytes. */
    public CountDownLatch whenSent(String path, long bytes, int responses) {
        Waiter w = new Waiter(norm(path), bytes, new CountDownLatch(responses), ConcurrentHashMap.newKeySet());
        waiters.add(w);
        return w.latch;
    }

    /** {@link #whenSent} and wait for it; false on timeout. */
    public boolean awaitSent(String path, long bytes, Duration timeout) throws InterruptedException {
        return whenSent(path, bytes).await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Counts down when a request for {@code path} arrives (at most {@code count} times needed). */
    public CountDownLatch whenRequested(String path, int count) {
        Waiter w = new Waiter(norm(path), -1, new CountDownLatch(count), ConcurrentHashMap.newKeySet());
        waiters.add(w);
        return w.latch;
    }

    /** The SHA-256 of {@link #putGenerated generated} content, without holding it in memory. */
    public static byte[] sha256Of(long size, long seed) {
        return Generated.digest("SHA-256", size, seed);
    }

    public static byte[] sha1Of(long size, long seed) {
        return Generated.digest("SHA-1", size, seed);
    }

    public static byte[] sha256(byte[] body) {
        return digest("SHA-256", body);
    }

    public static byte[] digest(String algorithm, byte[] body) {
        try {
            return MessageDigest.getInstance(algorithm).digest(body);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalArgumentException(e);
        }
    }

    @Override
    public void close() {
        closed.countDown();
        stallRelease.countDown();
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : sockets) {
            closeQuietly(s);
        }
    }

    // ---------------------------------------------------------------- internals

    private static Instant lastModified() {
        return Instant.now().truncatedTo(ChronoUnit.SECONDS).minusSeconds(3600);
    }

    private static String norm(String path) {
        return path.startsWith("/") ? path : "/" + path;
    }

    private Stats stats(String path) {
        return stats.computeIfAbsent(norm(path), k -> new Stats());
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            Socket s;
            try {
                s = serverSocket.accept();
            } catch (IOException e) {
                return;
            }
            sockets.add(s);
            Thread t =
                    new Thread(() -> serve(s), "content-server-" + port() + "-conn-" + CONNECTIONS.incrementAndGet());
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s) {
            s.setTcpNoDelay(true);
            InputStream in = new BufferedInputStream(s.getInputStream());
            OutputStream out = new BufferedOutputStream(s.getOutputStream(), 16 * 1024);
            while (closed.getCount() > 0) {
                String requestLine = readLine(in);
                if (requestLine == null) {
                    return;
                }
                if (requestLine.isEmpty()) {
                    continue;
                }
                Map<String, String> headers = new LinkedHashMap<>();
                for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.put(
                                line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                line.substring(colon + 1).trim());
                    }
                }
                String cl = headers.get("content-length");
                if (cl != null) {
                    in.skipNBytes(Long.parseLong(cl));
                }
                String[] parts = requestLine.split(" ", 0); // limit 0: trailing empty parts dropped
                if (parts.length < 3) {
                    return;
                }
                String target = parts[1];
                if (target.startsWith("http://") || target.startsWith("https://")) {
                    target = URI.create(target).getRawPath(); // absolute form: we are being used as a proxy
                }
                int q = target.indexOf('?');
                String path = q >= 0 ? target.substring(0, q) : target;
                Responder r = new Responder(this, parts[0], path, headers, out);
                boolean keepAlive = r.respond()
                        && !"close".equalsIgnoreCase(headers.get("connection"))
                        && !parts[2].equals("HTTP/1.0");
                out.flush();
                if (!keepAlive) {
                    return;
                }
            }
        } catch (IOException e) {
            // the client went away or the test closed the server: nothing to report
        } finally {
            sockets.remove(s);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        int c;
        while ((c = in.read()) != -1) {
            if (c == '\n') {
                String line = b.toString(StandardCharsets.ISO_8859_1);
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            }
            b.write(c);
            if (b.size() > 16 * 1024) {
                throw new IOException("header line too long");
            }
        }
        return null;
    }

    static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // nothing to do
        }
    }

    // ------------------------------------------------------ used by Responder

    Content content(String path) {
        return contents.get(path);
    }

    String redirectFor(String path) {
        return redirects.get(path);
    }

    Faults.Plan plan(String path) {
        Faults f = faults.get(path);
        return f == null ? new Faults().claim() : f.claim();
    }

    LiveExchange arrived(String method, String path, Map<String, String> headers) {
        LiveExchange live = new LiveExchange(method, path, Map.copyOf(headers));
        log.add(live);
        stats(path).requests.incrementAndGet();
        for (Waiter w : waiters) {
            if (w.bytes < 0 && w.path.equals(path)) {
                w.latch.countDown();
            }
        }
        return live;
    }

    void begin(String path) {
        Stats st = stats(path);
        st.maxActive.accumulateAndGet(st.active.incrementAndGet(), Math::max);
        maxActive.accumulateAndGet(active.incrementAndGet(), Math::max);
    }

    void end(String path) {
        stats(path).active.decrementAndGet();
        active.decrementAndGet();
    }

    void sent(Object response, String path, long n, long responseTotal) {
        stats(path).bytes.addAndGet(n);
        List<Waiter> done = new ArrayList<>();
        for (Waiter w : waiters) {
            if (w.bytes >= 0 && responseTotal >= w.bytes && w.path.equals(path) && w.seen.add(response)) {
                w.latch.countDown();
                if (w.latch.getCount() == 0) {
                    done.add(w);
                }
            }
        }
        waiters.removeAll(done);
    }

    CountDownLatch stallRelease() {
        return stallRelease;
    }

    CountDownLatch closedLatch() {
        return closed;
    }

    static String httpDate(Instant t) {
        return HTTP_DATE.format(t);
    }

    private static final class Stats {
        final AtomicInteger requests = new AtomicInteger();
        final AtomicLong bytes = new AtomicLong();
        final AtomicInteger active = new AtomicInteger();
        final AtomicInteger maxActive = new AtomicInteger();
    }

    private record Waiter(String path, long bytes, CountDownLatch latch, Set<Object> seen) {}

    static SocketException dropped() {
        return new SocketException("dropped by fault");
    }
}
