package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** What the content server of the other tests never does: chunked bodies; and keep-alive reuse. */
@Timeout(30)
class RawHttpTest {
    /** Answers every request on a connection with {@code answer}; counts connections. */
    private static ServerSocket serve(byte[] answer, AtomicInteger connections) throws IOException {
        ServerSocket ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    connections.incrementAndGet();
                    Thread c = new Thread(() -> answerAll(s, answer));
                    c.setDaemon(true);
                    c.start();
                } catch (IOException e) {
                    return;
                }
            }
        });
        t.setDaemon(true);
        t.start();
        return ss;
    }

    private static void answerAll(Socket s, byte[] answer) {
        try (s;
                InputStream in = s.getInputStream();
                OutputStream out = s.getOutputStream()) {
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0; ) {
                req.write(b);
                if (req.toString(StandardCharsets.ISO_8859_1).endsWith("\r\n\r\n")) {
                    out.write(answer);
                    out.flush();
                    req.reset();
                }
            }
        } catch (IOException ignored) {
            // client went away
        }
    }

    private static TransferConfig config() {
        return TransferConfig.builder().stallTimeout(Duration.ofSeconds(5)).build();
    }

    @Test
    void chunkedBodiesAreDecoded() throws Exception {
        String answer = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n"
                + "5\r\nhello\r\n1;ext=1\r\n \r\n6\r\nworld!\r\n0\r\nX-Trailer: t\r\n\r\n";
        try (ServerSocket ss = serve(answer.getBytes(StandardCharsets.ISO_8859_1), new AtomicInteger())) {
            URI uri = URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/doc");
            assertTrue(RawHttp.eligible(uri));
            byte[] body = HttpFetch.get(uri, 1000, config());
            assertArrayEquals("hello world!".getBytes(StandardCharsets.US_ASCII), body);
        }
    }

    @Test
    void aFullyReadBodyLeavesTheConnectionForTheNextRequest() throws Exception {
        String answer = "HTTP/1.1 200 OK\r\nContent-Length: 3\r\n\r\nabc";
        AtomicInteger connections = new AtomicInteger();
        try (ServerSocket ss = serve(answer.getBytes(StandardCharsets.ISO_8859_1), connections)) {
            URI uri = URI.create("http://127.0.0.1:" + ss.getLocalPort() + "/k");
            for (int i = 0; i < 5; i++) {
                assertArrayEquals("abc".getBytes(StandardCharsets.US_ASCII), HttpFetch.get(uri, 100, config()));
            }
            assertEquals(1, connections.get(), "five requests over one kept-alive connection");
        }
    }

    @Test
    void aProxiedOrHttpsUrlIsNotForTheRawPath() {
        assertTrue(!RawHttp.eligible(URI.create("https://127.0.0.1/x")));
        System.setProperty("wudl.http.raw", "false");
        try {
            assertTrue(!RawHttp.eligible(URI.create("http://127.0.0.1/x")));
        } finally {
            System.clearProperty("wudl.http.raw");
        }
    }
}
