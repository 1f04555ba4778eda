package io.github.wudl.transfer;

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
 * <p>HTTP/1.1 with keep-alive: a connection whose body was read to its end goes back to a small pool; a
 * pooled connection that the server closed meanwhile is replaced once, transparently.
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
        SocketChannel pooled;
        while ((pooled =
                        idle.getOrDefault(origin, new ConcurrentLinkedDeque<>()).pollFirst())
                != null) {
            try {
                return exchange(pooled, origin, uri, request, config, abort);
            } catch (StaleConnection e) {
                // the server closed the idle connection: try the next one, then a fresh one
            }
        }
        SocketChannel fresh = connect(uri, config);
        try {
            return exchange(fresh, origin, uri, request, config, abort);
        } catch (StaleConnection e) {
            throw new IOException("the server closed the connection without answering", e);
        }
    }

    private Response exchange(
            SocketChannel ch, String origin, URI uri, byte[] request, TransferConfig config, Http.Abort abort)
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
        if (q.size() < IDLE_PER_ORIGIN) {
            q.addFirst(ch);
        } else {
            RawResponse.closeQuietly(ch);
        }
    }

    /** A reused connection that turned out closed before any byte of an answer: safe to send again. */
    static final class StaleConnection extends IOException {
        private static final long serialVersionUID = 1L;

        StaleConnection() {
            super("stale keep-alive connection");
        }
    }

    static int headLimit() {
        return HEAD_LIMIT;
    }
}
