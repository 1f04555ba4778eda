package io.github.wudl.testing;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class ContentServerTest {
    private ContentServer server;
    private final byte[] body = Generated.bytes(100_000, 7);

    @BeforeEach
    void setUp() throws IOException {
        server = ContentServer.start();
        server.put("/a.bin", body);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    /** A parsed response; {@code error} set when the connection broke before the announced end. */
    // the tests compare body with assertArrayEquals; a Response is never compared as a whole
    @SuppressWarnings("ArrayRecordComponent")
    record Response(int status, Map<String, String> headers, byte[] body, IOException error) {
        String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }
    }

    /** Sends requests over one raw connection (so keep-alive and truncation are visible). */
    static final class Client implements AutoCloseable {
        final Socket socket;
        final InputStream in;

        Client(int port) throws IOException {
            socket = new Socket(InetAddress.getLoopbackAddress(), port);
            socket.setSoTimeout(10_000);
            in = socket.getInputStream();
        }

        Response send(String method, String path, String... headerLines) throws IOException {
            StringBuilder r = new StringBuilder(method + " " + path + " HTTP/1.1\r\nHost: x\r\n");
            for (String h : headerLines) {
                r.append(h).append("\r\n");
            }
            socket.getOutputStream().write(r.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1));
            String status = line();
            Map<String, String> headers = new LinkedHashMap<>();
            for (String l = line(); !l.isEmpty(); l = line()) {
                int c = l.indexOf(':');
                headers.put(
                        l.substring(0, c).trim().toLowerCase(Locale.ROOT),
                        l.substring(c + 1).trim());
            }
            int code = Integer.parseInt(status.split(" ", -1)[1]);
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            IOException error = null;
            String cl = headers.get("content-length");
            if (!method.equals("HEAD")) {
                long want = cl == null ? Long.MAX_VALUE : Long.parseLong(cl);
                try {
                    byte[] buf = new byte[8192];
                    while (b.size() < want) {
                        int n = in.read(buf, 0, (int) Math.min(buf.length, want - b.size()));
                        if (n < 0) {
                            if (cl != null) {
                                error = new IOException("premature EOF after " + b.size());
                            }
                            break;
                        }
                        b.write(buf, 0, n);
                    }
                } catch (IOException e) {
                    error = e;
                }
            }
            return new Response(code, headers, b.toByteArray(), error);
        }

        private String line() throws IOException {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            int c;
            while ((c = in.read()) != '\n') {
                if (c < 0) {
                    throw new IOException("connection closed in headers");
                }
                if (c != '\r') {
                    b.write(c);
                }
            }
            return b.toString(StandardCharsets.ISO_8859_1);
        }

        @Override
        public void close() throws IOException {
            socket.close();
        }
    }

    private Response get(String path, String... headers) throws IOException {
        try (Client c = new Client(server.port())) {
            return c.send("GET", path, headers);
        }
    }

    @Test
    void servesFullBodyWithValidators() throws IOException {
        Response r = get("/a.bin");
        assertEquals(200, r.status());
        assertArrayEquals(body, r.body());
        assertEquals(server.etag("/a.bin"), r.header("ETag"));
        assertTrue(r.header("ETag").startsWith("\""));
        assertNotNull(r.header("Last-Modified"));
        assertEquals("bytes", r.header("Accept-Ranges"));
        assertEquals(1, server.requestCount("/a.bin"));
        assertEquals(body.length, server.bytesSent("/a.bin"));
        List<ContentServer.Exchange> log = server.log("/a.bin");
        assertEquals(1, log.size());
        assertEquals("GET", log.get(0).method());
        assertEquals(200, log.get(0).status());
        assertEquals(body.length, log.get(0).bytesSent());
        assertEquals(
                "http://127.0.0.1:" + server.port() + "/a.bin",
                server.uri("a.bin").toString());
    }

    @Test
    void keepAliveServesSeveralRequestsOnOneConnection() throws IOException {
        try (Client c = new Client(server.port())) {
            assertEquals(200, c.send("GET", "/a.bin").status());
            assertEquals(404, c.send("GET", "/missing").status());
            assertEquals(206, c.send("GET", "/a.bin", "Range: bytes=10-19").status());
        }
    }

    @Test
    void rangesAnswer206WithContentRange() throws IOException {
        Response open = get("/a.bin", "Range: bytes=1000-");
        assertEquals(206, open.status());
        assertEquals("bytes 1000-99999/100000", open.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(body, 1000, body.length), open.body());

        Response closed = get("/a.bin", "Range: bytes=10-19");
        assertEquals(206, closed.status());
        assertEquals("bytes 10-19/100000", closed.header("Content-Range"));
        assertArrayEquals(Arrays.copyOfRange(body, 10, 20), closed.body());
        assertEquals("bytes=10-19", server.log("/a.bin").get(1).range());

        assertEquals(416, get("/a.bin", "Range: bytes=100000-").status());
    }

    @Test
    void ifRangeServesFullBodyWhenTheEtagDiffers() throws IOException {
        String etag = server.etag("/a.bin");
        assertEquals(206, get("/a.bin", "Range: bytes=5-", "If-Range: " + etag).status());
        Response stale = get("/a.bin", "Range: bytes=5-", "If-Range: \"old\"");
        assertEquals(200, stale.status());
        assertArrayEquals(body, stale.body());

        server.changeEtag("/a.bin");
        assertNotEquals(etag, server.etag("/a.bin"));
        assertEquals(200, get("/a.bin", "Range: bytes=5-", "If-Range: " + etag).status());

        byte[] other = Generated.bytes(10, 99);
        server.changeContent("/a.bin", other);
        Response changed = get("/a.bin");
        assertArrayEquals(other, changed.body());
    }

    @Test
    void headSendsHeadersOnly() throws IOException {
        try (Client c = new Client(server.port())) {
            Response r = c.send("HEAD", "/a.bin");
            assertEquals(200, r.status());
            assertEquals("100000", r.header("Content-Length"));
            assertEquals(0, r.body().length);
            assertEquals(200, c.send("GET", "/a.bin").status()); // connection still in sync
        }
    }

    @Test
    void unknownPathIs404() throws IOException {
        assertEquals(404, get("/nope").status());
        assertEquals(404, server.log("/nope").get(0).status());
    }

    @Test
    void dropAfterClosesMidBodyForTheNextRequestsOnly() throws IOException {
        server.faults("/a.bin").dropAfter(30_000, 2);
        for (int i = 0; i < 2; i++) {
            Response r = get("/a.bin");
            assertNotNull(r.error());
            assertEquals(30_000, r.body().length);
        }
        Response ok = get("/a.bin");
        assertNull(ok.error());
        assertArrayEquals(body, ok.body());
        assertEquals(30_000L * 2 + body.length, server.bytesSent("/a.bin"));
    }

    @Test
    void failNextWithRetryAfterThenServes() throws IOException {
        server.faults("/a.bin").failNext(503, 2, "1");
        Response first = get("/a.bin");
        assertEquals(503, first.status());
        assertEquals("1", first.header("Retry-After"));
        assertEquals(503, get("/a.bin").status());
        assertEquals(200, get("/a.bin").status());
    }

    @Test
    void redirectAnswers302() throws IOException {
        server.redirect("/old", "/a.bin");
        Response r = get("/old");
        assertEquals(302, r.status());
        assertEquals("/a.bin", r.header("Location"));
    }

    @Test
    void ignoreRangeAlwaysSendsEverything() throws IOException {
        server.faults("/a.bin").ignoreRange();
        Response r = get("/a.bin", "Range: bytes=50-");
        assertEquals(200, r.status());
        assertArrayEquals(body, r.body());
    }

    @Test
    void wrongBytesKeepTheLength() throws IOException {
        server.faults("/a.bin").wrongBytes();
        Response r = get("/a.bin");
        assertEquals(body.length, r.body().length);
        assertFalse(Arrays.equals(body, r.body()));
        server.faults("/a.bin").clear();
        assertArrayEquals(body, get("/a.bin").body());
    }

    @Test
    void generatedContentIsRandomAccessAndItsDigestIsKnown() throws IOException {
        long size = 3_000_001;
        server.putGenerated("/g.bin", size, 42);
        Response full = get("/g.bin");
        assertEquals(size, full.body().length);
        assertArrayEquals(ContentServer.sha256Of(size, 42), ContentServer.sha256(full.body()));
        assertArrayEquals(ContentServer.sha1Of(size, 42), ContentServer.digest("SHA-1", full.body()));
        Response tail = get("/g.bin", "Range: bytes=1234567-");
        assertArrayEquals(Arrays.copyOfRange(full.body(), 1234567, (int) size), tail.body());
    }

    @Test
    void hugeGeneratedFileServesRangesNearTheEnd() throws IOException {
        long size = 6L * 1024 * 1024 * 1024;
        server.putGenerated("/huge.bin", size, 1);
        Response r = get("/huge.bin", "Range: bytes=" + (size - 10) + "-");
        assertEquals("bytes " + (size - 10) + "-" + (size - 1) + "/" + size, r.header("Content-Range"));
        byte[] expected = new byte[10];
        Generated.fill(1, size - 10, expected, 0, 10);
        assertArrayEquals(expected, r.body());
    }

    @Test
    void stallHoldsTheConnectionUntilReleased() throws Exception {
        server.faults("/a.bin").stallAfter(20_000, 1);
        CountDownLatch reached = server.whenSent("/a.bin", 20_000);
        try (Client c = new Client(server.port())) {
            c.socket.setSoTimeout(200);
            Response r = c.send("GET", "/a.bin");
            assertTrue(reached.await(5, TimeUnit.SECONDS));
            assertTrue(r.error() instanceof SocketTimeoutException, String.valueOf(r.error()));
            assertEquals(20_000, r.body().length);
        }
        server.releaseStalls();
        server.faults("/a.bin").clear();
        assertArrayEquals(body, get("/a.bin").body());
    }

    @Test
    void lengthLiesAndCloseDelimitedBodies() throws IOException {
        server.faults("/a.bin").lieAboutLength(50_000);
        Response shorter = get("/a.bin");
        assertEquals("50000", shorter.header("Content-Length"));
        server.faults("/a.bin").clear().noContentLength();
        Response open = get("/a.bin");
        assertNull(open.header("Content-Length"));
        assertArrayEquals(body, open.body());
    }

    @Test
    void throttleSlowsTheBody() throws IOException {
        server.faults("/a.bin").throttle(400_000);
        long t0 = System.nanoTime();
        assertArrayEquals(body, get("/a.bin").body());
        assertTrue(System.nanoTime() - t0 >= TimeUnit.MILLISECONDS.toNanos(200));
    }

    @Test
    void countsConcurrentResponses() throws Exception {
        server.faults("/a.bin").stallAfter(1000, 3);
        ExecutorService pool = Executors.newFixedThreadPool(3);
        try {
            CountDownLatch all = server.whenSent("/a.bin", 1000, 3);
            List<Future<Response>> fs = List.of(
                    pool.submit(() -> get("/a.bin")),
                    pool.submit(() -> get("/a.bin")),
                    pool.submit(() -> get("/a.bin")));
            assertTrue(all.await(5, TimeUnit.SECONDS));
            assertEquals(3, server.maxConcurrent("/a.bin"));
            server.releaseStalls();
            for (Future<Response> f : fs) {
                f.get(5, TimeUnit.SECONDS);
            }
            assertEquals(3, server.requestCount("/a.bin"));
        } finally {
            pool.shutdownNow();
        }
    }
}
