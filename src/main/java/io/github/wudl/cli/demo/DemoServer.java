package io.github.wudl.cli.demo;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.RandomAccessFile;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A static file server on 127.0.0.1 for {@code wudl demo}, the end-to-end tests and {@code scripts/bench}:
 * GET and HEAD of the files under a root directory, with single byte ranges ({@code Range},
 * {@code If-Range}, 206/416), {@code ETag} and {@code Last-Modified}, so resumed downloads work against it.
 * A missing file is a 404. It counts requests per path, so tests can tell a cache hit from a fetch.
 *
 * <p>Run alone: {@code java -cp … io.github.wudl.cli.demo.DemoServer DIR [PORT]} prints
 * {@code listening on http://127.0.0.1:PORT/} and serves until killed.
 */
public final class DemoServer implements AutoCloseable {
    private static final Pattern RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final int BUFFER = 1 << 20;

    private final Path root;
    private final HttpServer server;
    private final ExecutorService pool;
    private final Map<String, AtomicInteger> requests = new ConcurrentHashMap<>();
    private final AtomicLong bytesServed = new AtomicLong();
    private volatile long throttleBytesPerSecond;

    private DemoServer(Path root, int port, int threads) throws IOException {
        this.root = root.toAbsolutePath().normalize();
        this.server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 128);
        AtomicInteger n = new AtomicInteger();
        this.pool = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "wudl-demo-http-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    /** Serves {@code root} on 127.0.0.1 at an ephemeral port. */
    public static DemoServer start(Path root) throws IOException {
        return start(root, 0, 8);
    }

    /** Serves {@code root} on 127.0.0.1:{@code port} (0: ephemeral) with {@code threads} worker threads. */
    public static DemoServer start(Path root, int port, int threads) throws IOException {
        return new DemoServer(root, port, threads);
    }

    public int port() {
        return server.getAddress().getPort();
    }

    /** {@code http://127.0.0.1:PORT/}. */
    public URI baseUri() {
        return URI.create("http://127.0.0.1:" + port() + "/");
    }

    /** The URL of {@code relativePath} (e.g. {@code catalog.json}). */
    public URI uri(String relativePath) {
        return baseUri().resolve(relativePath);
    }

    /** How many requests asked for {@code path} (e.g. {@code /content/a.msu}). */
    public int requests(String path) {
        AtomicInteger n = requests.get(path);
        return n == null ? 0 : n.get();
    }

    /**
     * Limits each response to about {@code bytesPerSecond} (0: unlimited), so a download lasts long enough
     * to watch its progress or to interrupt it.
     */
    public void throttle(long bytesPerSecond) {
        this.throttleBytesPerSecond = Math.max(0, bytesPerSecond);
    }

    /** Body bytes sent so far. */
    public long bytesServed() {
        return bytesServed.get();
    }

    /**
     * Waits until at least {@code atLeast} body bytes have been sent, for a test that must act in the middle of a
     * download; only a {@link #throttle throttled} server wakes the waiter early, others are seen at the timeout.
     *
     * @return whether they were sent within {@code timeout}
     */
    public boolean awaitBytesServed(long atLeast, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (bytesServed) {
            while (bytesServed.get() < atLeast) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    return false;
                }
                TimeUnit.NANOSECONDS.timedWait(bytesServed, left);
            }
            return true;
        }
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }

    private void handle(HttpExchange ex) throws IOException {
        try {
            String path = ex.getRequestURI().getPath();
            requests.computeIfAbsent(path, k -> new AtomicInteger()).incrementAndGet();
            boolean head = ex.getRequestMethod().equals("HEAD");
            if (!head && !ex.getRequestMethod().equals("GET")) {
                ex.getResponseHeaders().set("Allow", "GET, HEAD");
                ex.sendResponseHeaders(405, -1);
                return;
            }
            Path file = root.resolve(path.substring(1)).normalize();
            if (!file.startsWith(root) || !Files.isRegularFile(file)) {
                ex.sendResponseHeaders(404, -1);
                return;
            }
            long length = Files.size(file);
            long modified = Files.getLastModifiedTime(file).toMillis();
            String etag = "\"" + Long.toHexString(length) + "-" + Long.toHexString(modified) + "\"";
            var h = ex.getResponseHeaders();
            h.set("Content-Type", path.endsWith(".json") ? "application/json" : "application/octet-stream");
            h.set("Accept-Ranges", "bytes");
            h.set("ETag", etag);
            h.set("Last-Modified", HTTP_DATE.format(Instant.ofEpochMilli(modified)));

            long from = 0;
            long to = length - 1;
            int status = 200;
            String range = ex.getRequestHeaders().getFirst("Range");
            String ifRange = ex.getRequestHeaders().getFirst("If-Range");
            // If-Range with a stale validator means "send the whole new file", not a range of it
            boolean rangeApplies = range != null
                    && (ifRange == null || ifRange.equals(etag) || ifRange.equals(h.getFirst("Last-Modified")));
            if (rangeApplies) {
                Matcher m = RANGE.matcher(range.trim());
                if (m.matches() && !(m.group(1).isEmpty() && m.group(2).isEmpty())) {
                    if (m.group(1).isEmpty()) { // suffix range: the last N bytes
                        from = Math.max(0, length - Long.parseLong(m.group(2)));
                    } else {
                        from = Long.parseLong(m.group(1));
                        if (!m.group(2).isEmpty()) {
                            to = Math.min(to, Long.parseLong(m.group(2)));
                        }
                    }
                    if (from >= length || from > to) {
                        h.set("Content-Range", "bytes */" + length);
                        ex.sendResponseHeaders(416, -1);
                        return;
                    }
                    status = 206;
                    h.set("Content-Range", "bytes " + from + "-" + to + "/" + length);
                }
                // anything else (several ranges, garbage) is ignored: a 200 with the whole file is correct HTTP
            }
            long count = to - from + 1;
            if (head) {
                h.set("Content-Length", Long.toString(count));
                ex.sendResponseHeaders(status, -1);
                return;
            }
            ex.sendResponseHeaders(status, count == 0 ? -1 : count);
            if (count > 0) {
                send(file, from, count, ex.getResponseBody());
            }
        } finally {
            ex.close();
        }
    }

    private void send(Path file, long from, long count, OutputStream out) throws IOException {
        long limit = throttleBytesPerSecond;
        // throttled: about 20 chunks a second, so the rate is smooth rather than one burst per second
        int chunk = limit > 0 ? (int) Math.max(1024, Math.min(BUFFER, limit / 20)) : BUFFER;
        byte[] buf = new byte[(int) Math.min(chunk, count)];
        try (RandomAccessFile in = new RandomAccessFile(file.toFile(), "r")) {
            in.seek(from);
            for (long left = count; left > 0; ) {
                int n = in.read(buf, 0, (int) Math.min(buf.length, left));
                if (n < 0) {
                    throw new IOException(file + " shrank while being sent");
                }
                out.write(buf, 0, n);
                bytesServed.addAndGet(n);
                if (limit > 0) { // only a throttled server is watched (awaitBytesServed); keep the fast path bare
                    synchronized (bytesServed) {
                        bytesServed.notifyAll();
                    }
                }
                left -= n;
                if (limit > 0) {
                    out.flush();
                    pause(n * 1000L / limit);
                }
            }
        }
    }

    private static void pause(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("server stopping", e);
        }
    }

    /** {@code DemoServer DIR [PORT]}: serves DIR until the process is killed. */
    public static void main(String[] args) throws Exception {
        if (args.length < 1 || args.length > 2) {
            System.err.println("usage: DemoServer DIR [PORT]");
            System.exit(2);
        }
        Path dir = Path.of(args[0]);
        if (!Files.isDirectory(dir)) {
            System.err.println("DemoServer: " + dir.toAbsolutePath() + " is not a directory");
            System.exit(2);
        }
        DemoServer s = start(dir, args.length > 1 ? Integer.parseInt(args[1]) : 0, 32);
        System.out.println("listening on " + s.baseUri());
        System.out.flush();
        Thread.currentThread().join(); // serve until killed
    }
}
