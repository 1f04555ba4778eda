package io.github.wudl.transfer;

import io.github.wudl.wua.Redaction;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * Plain-http GET on a {@link SocketChannel}, for the bulk of wudl's traffic: content from a mirror reached
 * without a proxy. Bodies go from the socket into direct buffers and from there to the file, skipping the
 * two heap copies {@link java.net.HttpURLConnection} makes (a stand-alone probe of read + SHA-256 + write of
 * 2 GiB used 3.9 s of CPU this way against 5.5 s through HttpURLConnection), and closing the channel ends a
 * blocked read at once, so cancel and the stall watchdog act immediately. Everything else — https, proxies, proxy authentication — goes through
 * {@link java.net.HttpURLConnection}, which already handles them.
 *
 * <p>HTTP/1.1 with keep-alive: a connection whose body was read to its framed end, with nothing after it, goes
 * back to this transport's small pool; a pooled connection that the server closed meanwhile is replaced once,
 * transparently, and one that the server sent bytes on while idle is closed, never read. What an answer may
 * look like is {@link RawHead}'s and {@link RawResponse}'s to say; {@code RawHttpConformanceTest} holds the
 * hostile cases.
 */
final class RawHttp implements Transport {
    private static final int HEAD_LIMIT = 64 * 1024;
    private static final int IDLE_PER_ORIGIN = 32;
    /** Idle kept-alive connections by origin ("host:port"), most recently released first. */
    private final Map<String, ConcurrentLinkedDeque<SocketChannel>> idle = new ConcurrentHashMap<>();

    /** Plain http with no proxy configured for it; {@code -Dwudl.http.raw=false} turns this path off. */
    static boolean eligible(URI uri) {
        if (!"http".equalsIgnoreCase(uri.getScheme()) || "false".equals(System.getProperty("wudl.http.raw"))) {
            return false;
        }
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return true;
        }
        List<Proxy> proxies = selector.select(uri);
        return proxies.stream().allMatch(p -> p.type() == Proxy.Type.DIRECT);
    }

    @Override
    public Response exchange(
            URI uri, String authorization, Map<String, String> extraHeaders, TransferConfig config, Http.Abort abort)
            throws IOException {
        String origin = origin(uri);
        byte[] request = request(uri, authorization, extraHeaders, config);
        SocketChannel pooled = takeIdle(origin);
        if (pooled != null) {
            try {
                return exchange(pooled, true, origin, uri, request, config, abort);
            } catch (StaleConnection e) {
                // The server closed it while it was idle. The connections pooled before it are older still:
                // they go too, and a fresh connection is tried, once (the request is a GET: sending it again is
                // safe, RFC 9110 §9.2.2).
                dropIdle(origin);
            }
        }
        return exchange(connect(uri, config), false, origin, uri, request, config, abort);
    }

    /**
     * Sends the request and reads the answer's head. On a {@code reused} connection, a failure before any
     * byte of an answer (the server closed it, or reset it when the request arrived) is a StaleConnection.
     */
    private Response exchange(
            SocketChannel ch,
            boolean reused,
            String origin,
            URI uri,
            byte[] request,
            TransferConfig config,
            Http.Abort abort)
            throws IOException {
        RawResponse r = new RawResponse(this, ch, origin, uri);
        abort.body(r);
        try (Watchdog.Watch watch = Watchdog.watch(config.stallTimeout(), r::abort)) {
            try {
                ByteBuffer out = ByteBuffer.wrap(request);
                while (out.hasRemaining()) {
                    ch.write(out);
                }
                r.readHead();
            } catch (IOException e) {
                r.close();
                if (watch.stalled()) {
                    throw new SocketTimeoutException(
                            "no answer for " + config.stallTimeout().toSeconds() + " s");
                }
                if (reused && !r.anyByte() && !(e instanceof Malformed) && !abort.aborted()) {
                    throw e instanceof StaleConnection s ? s : new StaleConnection();
                }
                if (e instanceof StaleConnection) {
                    throw new IOException(Redaction.uri(uri) + " closed the connection without answering", e);
                }
                throw e;
            }
        }
        return r;
    }

    private static SocketChannel connect(URI uri, TransferConfig config) throws IOException {
        SocketChannel ch = SocketChannel.open();
        try {
            ch.socket().setTcpNoDelay(true);
            int port = uri.getPort() >= 0 ? uri.getPort() : 80;
            ch.socket().connect(new InetSocketAddress(uri.getHost(), port), (int)
                    Math.min(Integer.MAX_VALUE, config.stallTimeout().toMillis()));
            return ch;
        } catch (IOException | RuntimeException e) {
            ch.close();
            throw e;
        }
    }

    private static byte[] request(URI uri, String authorization, Map<String, String> headers, TransferConfig config) {
        String target = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        if (uri.getRawQuery() != null) {
            target += "?" + uri.getRawQuery();
        }
        StringBuilder sb = new StringBuilder(256)
                .append("GET ")
                .append(target)
                .append(" HTTP/1.1\r\n")
                .append("Host: ")
                .append(uri.getHost())
                .append(uri.getPort() >= 0 ? ":" + uri.getPort() : "")
                .append("\r\n")
                .append("User-Agent: ")
                .append(config.userAgent())
                .append("\r\n")
                .append("Accept-Encoding: identity\r\n")
                .append("Connection: keep-alive\r\n");
        if (authorization != null) {
            sb.append("Authorization: ").append(authorization).append("\r\n");
        }
        headers.forEach((k, v) -> sb.append(k).append(": ").append(v).append("\r\n"));
        return sb.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String origin(URI uri) {
        return uri.getHost().toLowerCase(java.util.Locale.ROOT) + ":" + (uri.getPort() >= 0 ? uri.getPort() : 80);
    }

    /** Takes back a connection whose answer was read to its end, for the next exchange with {@code origin}. */
    void release(String origin, SocketChannel ch) {
        ConcurrentLinkedDeque<SocketChannel> q = idle.computeIfAbsent(origin, k -> new ConcurrentLinkedDeque<>());
        if (q.size() < IDLE_PER_ORIGIN && quiet(ch)) {
            q.addFirst(ch);
        } else {
            RawResponse.closeQuietly(ch);
        }
    }

    /**
     * The most recently released idle connection to {@code origin} that is still quiet, or null. One that the
     * server closed or sent bytes on while it sat in the pool is closed here: an answer that nobody asked for
     * must not be read as the answer to the next request.
     */
    private SocketChannel takeIdle(String origin) {
        ConcurrentLinkedDeque<SocketChannel> q = idle.get(origin);
        for (SocketChannel ch; q != null && (ch = q.pollFirst()) != null; ) {
            if (quiet(ch)) {
                return ch;
            }
            RawResponse.closeQuietly(ch);
        }
        return null;
    }

    private void dropIdle(String origin) {
        ConcurrentLinkedDeque<SocketChannel> q = idle.get(origin);
        for (SocketChannel ch; q != null && (ch = q.pollFirst()) != null; ) {
            RawResponse.closeQuietly(ch);
        }
    }

    /** Whether nothing is waiting to be read on {@code ch}: no byte and no end (a non-blocking peek). */
    private static boolean quiet(SocketChannel ch) {
        try {
            ch.configureBlocking(false);
            try {
                return ch.read(ByteBuffer.allocate(1)) == 0;
            } finally {
                ch.configureBlocking(true);
            }
        } catch (IOException e) {
            return false;
        }
    }

    /** A reused connection that turned out closed before any byte of an answer: safe to send again. */
    static final class StaleConnection extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnection() {
            super("stale keep-alive connection");
        }
    }

    /**
     * An answer that breaks HTTP/1.1's framing rules (see {@link RawHead}): refused, the connection closed. Its
     * message starts with the server.
     */
    static final class Malformed extends IOException {
        private static final long serialVersionUID = 1L;

        Malformed(String where, String what) {
            super(where + " " + what);
        }
    }

    static int headLimit() {
        return HEAD_LIMIT;
    }
}
