package io.github.wudl.testing;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/** Answers one request of a {@link ContentServer}, applying the path's faults. */
final class Responder {
    private static final int CHUNK = 16 * 1024;

    private final ContentServer server;
    private final String method;
    private final String path;
    private final Map<String, String> headers;
    private final OutputStream out;
    private LiveExchange live;
    private long sent;

    Responder(ContentServer server, String method, String path, Map<String, String> headers, OutputStream out) {
        this.server = server;
        this.method = method;
        this.path = path;
        this.headers = headers;
        this.out = out;
    }

    /** Writes the response; returns whether the connection may be kept alive; throws to drop it. */
    boolean respond() throws IOException {
        live = server.arrived(method, path, headers);
        Faults.Plan plan = server.plan(path);
        server.begin(path);
        try {
            return respond(plan);
        } finally {
            server.end(path);
            live.complete = true;
        }
    }

    private boolean respond(Faults.Plan plan) throws IOException {
        if (plan.failStatus > 0) {
            return simple(plan.failStatus, plan.retryAfter == null ? "" : "Retry-After: " + plan.retryAfter + "\r\n");
        }
        String location = server.redirectFor(path);
        if (location != null) {
            return simple(302, "Location: " + location + "\r\n");
        }
        Content c = server.content(path);
        if (c == null) {
            return simple(404, "");
        }
        if (!method.equals("GET") && !method.equals("HEAD")) {
            return simple(405, "Allow: GET, HEAD\r\n");
        }
        long total = c.length;
        long start = 0;
        long end = total - 1;
        boolean partial = false;
        String range = headers.get("range");
        if (range != null && !plan.ignoreRange && ifRangeMatches(c)) {
            long[] r = parseRange(range);
            if (r != null) {
                if (r[0] >= total) {
                    return simple(416, "Content-Range: bytes */" + total + "\r\n");
                }
                partial = true;
                start = r[0];
                end = r[1] < 0 ? total - 1 : Math.min(r[1], total - 1);
            }
        }
        long length = total == 0 ? 0 : end - start + 1;
        boolean lie = plan.declaredLength >= 0;
        long declared = lie ? plan.declaredLength : length;
        int status = partial ? 206 : 200;
        live.status = status;
        StringBuilder h = new StringBuilder();
        h.append("HTTP/1.1 ")
                .append(status)
                .append(partial ? " Partial Content" : " OK")
                .append("\r\n");
        h.append("Date: ").append(ContentServer.httpDate(Instant.now())).append("\r\n");
        h.append("Content-Type: application/octet-stream\r\n");
        h.append("ETag: ").append(c.etag).append("\r\n");
        h.append("Last-Modified: ")
                .append(ContentServer.httpDate(c.lastModified))
                .append("\r\n");
        h.append("Accept-Ranges: bytes\r\n");
        if (partial) {
            long shownTotal = lie ? start + declared : total;
            long shownStart = plan.wrongContentRange ? Math.max(0, start - 1) : start;
            h.append("Content-Range: bytes ")
                    .append(shownStart)
                    .append('-')
                    .append(end)
                    .append('/')
                    .append(shownTotal)
                    .append("\r\n");
        }
        if (!plan.noContentLength) {
            h.append("Content-Length: ").append(declared).append("\r\n");
        }
        boolean keepAlive = !plan.noContentLength && !lie;
        if (!keepAlive) {
            h.append("Connection: close\r\n");
        }
        h.append("\r\n");
        out.write(h.toString().getBytes(StandardCharsets.ISO_8859_1));
        if (method.equals("HEAD")) {
            return keepAlive;
        }
        body(c, plan, start, length);
        return keepAlive;
    }

    private void body(Content c, Faults.Plan plan, long start, long length) throws IOException {
        byte[] buf = new byte[CHUNK];
        int chunk = plan.throttle > 0 ? (int) Math.max(1, Math.min(CHUNK, plan.throttle / 20)) : CHUNK;
        long t0 = System.nanoTime();
        boolean held = false;
        while (sent < length) {
            if (!held && plan.holdAfter >= 0 && sent >= plan.holdAfter) {
                out.flush();
                held = true;
                hold(plan.hold);
            }
            if (plan.dropAfter >= 0 && sent >= plan.dropAfter) {
                out.flush();
                throw ContentServer.dropped();
            }
            if (plan.stallAfter >= 0 && sent >= plan.stallAfter) {
                out.flush();
                stall();
                throw ContentServer.dropped();
            }
            long n = Math.min(chunk, length - sent);
            if (plan.dropAfter >= 0) {
                n = Math.min(n, plan.dropAfter - sent);
            }
            if (plan.stallAfter >= 0) {
                n = Math.min(n, plan.stallAfter - sent);
            }
            if (!held && plan.holdAfter >= 0) {
                n = Math.min(n, plan.holdAfter - sent);
            }
            c.fill(start + sent, buf, 0, (int) n);
            if (plan.wrongBytes) {
                for (int i = 0; i < n; i++) {
                    buf[i] = (byte) ~buf[i];
                }
            }
            // counted before the bytes leave, so a client that has them never sees a smaller count
            sent += n;
            live.bytesSent = sent;
            server.sent(this, path, n, sent);
            out.write(buf, 0, (int) n);
            out.flush();
            if (plan.throttle > 0) {
                long due = t0 + sent * 1_000_000_000L / plan.throttle;
                long wait = due - System.nanoTime();
                if (wait > 0 && awaitQuietly(server.closedLatch(), wait)) {
                    throw ContentServer.dropped();
                }
            }
        }
    }

    private void stall() {
        CountDownLatch release = server.stallRelease();
        CountDownLatch closed = server.closedLatch();
        while (release.getCount() > 0 && closed.getCount() > 0) {
            if (awaitQuietly(release, TimeUnit.MILLISECONDS.toNanos(50))) {
                return;
            }
        }
    }

    /** Waits for the gate of {@link Faults#holdAfter}; the server's close ends the wait too. */
    private void hold(CountDownLatch gate) {
        CountDownLatch closed = server.closedLatch();
        while (gate.getCount() > 0 && closed.getCount() > 0) {
            if (awaitQuietly(gate, TimeUnit.MILLISECONDS.toNanos(50))) {
                return;
            }
        }
    }

    private static boolean awaitQuietly(CountDownLatch latch, long nanos) {
        try {
            return latch.await(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return true;
        }
    }

    private boolean ifRangeMatches(Content c) {
        String ifRange = headers.get("if-range");
        return ifRange == null || ifRange.equals(c.etag) || ifRange.equals(ContentServer.httpDate(c.lastModified));
    }

    /** {start, end or -1} for a single {@code bytes=N-} / {@code bytes=N-M} range, else null (ignored). */
    private static long[] parseRange(String range) {
        String r = range.trim();
        if (!r.startsWith("bytes=") || r.contains(",")) {
            return null;
        }
        String spec = r.substring(6).trim();
        int dash = spec.indexOf('-');
        if (dash <= 0) {
            return null;
        }
        try {
            long s = Long.parseLong(spec.substring(0, dash).trim());
            String e = spec.substring(dash + 1).trim();
            long end = e.isEmpty() ? -1 : Long.parseLong(e);
            if (end >= 0 && end < s) {
                return null;
            }
            return new long[] {s, end};
        } catch (NumberFormatException ex) {
            return null;
        }
    }

    private boolean simple(int code, String extraHeaders) throws IOException {
        live.status = code;
        byte[] body =
                method.equals("HEAD") ? new byte[0] : ("status " + code + "\n").getBytes(StandardCharsets.US_ASCII);
        String h = "HTTP/1.1 " + code + " " + reason(code) + "\r\n"
                + "Date: " + ContentServer.httpDate(Instant.now()) + "\r\n"
                + "Content-Type: text/plain\r\n"
                + extraHeaders
                + "Content-Length: " + (method.equals("HEAD") ? 0 : body.length) + "\r\n\r\n";
        out.write(h.getBytes(StandardCharsets.ISO_8859_1));
        out.write(body);
        return true;
    }

    private static String reason(int code) {
        switch (code) {
            case 302:
                return "Found";
            case 400:
                return "Bad Request";
            case 401:
                return "Unauthorized";
            case 403:
                return "Forbidden";
            case 404:
                return "Not Found";
            case 405:
                return "Method Not Allowed";
            case 408:
                return "Request Timeout";
            case 410:
                return "Gone";
            case 416:
                return "Range Not Satisfiable";
            case 429:
                return "Too Many Requests";
            case 500:
                return "Internal Server Error";
            case 502:
                return "Bad Gateway";
            case 503:
                return "Service Unavailable";
            case 504:
                return "Gateway Timeout";
            default:
                return "Status";
        }
    }
}
