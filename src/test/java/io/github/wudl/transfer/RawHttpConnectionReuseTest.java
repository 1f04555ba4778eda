package io.github.wudl.transfer;

import static io.github.wudl.transfer.RawHttpConformanceTest.get;
import static io.github.wudl.transfer.RawHttpConformanceTest.open;
import static io.github.wudl.transfer.RawHttpConformanceTest.readAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * {@link RawHttp}'s keep-alive pool against a hostile server: a connection goes back to the pool only when its
 * answer was read to its framed end with nothing after it, an answer nobody asked for is never read as the next
 * one, a pooled connection the server closed is replaced once (not twice), and an error or an early close
 * never leaves a connection in the pool.
 */
@Timeout(30)
class RawHttpConnectionReuseTest {
    private static final String OK = "HTTP/1.1 200 OK\r\n";
    private static final String GOOD = OK + "Content-Length: 4\r\n\r\ngood";
    private static final String EVIL = OK + "Content-Length: 4\r\n\r\nEVIL";
    private final RawHttp raw = new RawHttp();

    private static void await(CountDownLatch latch) throws InterruptedException {
        assertTrue(latch.await(10, TimeUnit.SECONDS), "the other side did not get there");
    }

    @Test
    void aFramedAnswerLeavesTheConnectionForTheNext() throws IOException {
        try (HostileServer s = new HostileServer(c -> {
            c.answer(OK + "Content-Length: 2\r\n\r\nok");
            c.answer(GOOD);
        })) {
            assertEquals("ok", get(raw, s));
            assertEquals("good", get(raw, s));
            assertEquals(1, s.connections.get());
        }
    }

    @Test
    void aPipelinedAnswerInTheSamePacketIsNotReadAsTheNext() throws IOException {
        try (HostileServer s =
                new HostileServer(c -> c.answer(OK + "Content-Length: 2\r\n\r\nok" + EVIL), c -> c.answer(GOOD))) {
            assertEquals("ok", get(raw, s));
            assertEquals("good", get(raw, s));
            assertEquals(2, s.connections.get());
        }
    }

    @Test
    void bytesAfterAChunkedBodyInTheSamePacketAreNotReadAsTheNext() throws IOException {
        try (HostileServer s = new HostileServer(
                c -> c.answer(OK + "Transfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n" + EVIL),
                c -> c.answer(GOOD))) {
            assertEquals("ok", get(raw, s));
            assertEquals("good", get(raw, s));
            assertEquals(2, s.connections.get());
        }
    }

    @Test
    void bytesSentAfterTheBodyKeepTheConnectionOutOfThePool() throws Exception {
        CountDownLatch bodyRead = new CountDownLatch(1);
        CountDownLatch extraSent = new CountDownLatch(1);
        try (HostileServer s = new HostileServer(
                c -> {
                    c.answer(OK + "Content-Length: 2\r\n\r\nok");
                    await(bodyRead);
                    c.send(EVIL);
                    extraSent.countDown();
                },
                c -> c.answer(GOOD))) {
            try (Response r = open(raw, s)) {
                assertEquals("ok", readAll(r));
                bodyRead.countDown();
                await(extraSent);
            }
            assertEquals("good", get(raw, s));
            assertEquals(2, s.connections.get());
        }
    }

    @Test
    void bytesSentOnAnIdleConnectionAreNeverRead() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        CountDownLatch extraSent = new CountDownLatch(1);
        try (HostileServer s = new HostileServer(
                c -> {
                    c.answer(OK + "Content-Length: 2\r\n\r\nok");
                    await(released);
                    c.send(EVIL);
                    extraSent.countDown();
                },
                c -> c.answer(GOOD))) {
            assertEquals("ok", get(raw, s));
            released.countDown();
            await(extraSent);
            assertEquals("good", get(raw, s));
            assertEquals(2, s.connections.get());
        }
    }

    @Test
    void aBodyClosedBeforeItsEndDoesNotGoBackToThePool() throws IOException {
        try (HostileServer s =
                new HostileServer(c -> c.answer(OK + "Content-Length: 10\r\n\r\n0123456789"), c -> c.answer(GOOD))) {
            try (Response r = open(raw, s)) {
                ByteBuffer three = ByteBuffer.allocate(3);
                assertEquals(3, r.body().read(three));
            }
            assertEquals("good", get(raw, s));
            assertEquals(2, s.connections.get());
        }
    }

    @Test
    void aConnectionWhoseAnswerWasRefusedIsNotReused() throws IOException {
        try (HostileServer s = new HostileServer(
                c -> c.answer(OK + "Transfer-Encoding: chunked\r\n\r\nzz\r\nok\r\n0\r\n\r\n"), c -> c.answer(GOOD))) {
            assertThrows(RawHttp.Malformed.class, () -> get(raw, s));
            assertEquals("good", get(raw, s));
            assertEquals(2, s.connections.get());
        }
    }

    @Test
    void aConnectionClosedWhileIdleIsReplacedWithoutSendingOnIt() throws Exception {
        CountDownLatch released = new CountDownLatch(1);
        CountDownLatch closed = new CountDownLatch(1);
        try (HostileServer s = new HostileServer(
                c -> {
                    c.answer(OK + "Content-Length: 2\r\n\r\nok");
                    await(released);
                    c.close();
                    closed.countDown();
                },
                c -> c.answer(GOOD))) {
            assertEquals("ok", get(raw, s));
            released.countDown();
            await(closed);
            assertEquals("good", get(raw, s));
            assertEquals(2, s.connections.get());
            assertEquals(2, s.requests.size());
        }
    }

    @Test
    void aPooledConnectionClosedOnTheRequestIsReplacedOnce() throws IOException {
        try (HostileServer s = new HostileServer(
                c -> {
                    c.answer(OK + "Content-Length: 2\r\n\r\nok");
                    c.request();
                    c.close();
                },
                c -> c.answer(GOOD))) {
            assertEquals("ok", get(raw, s));
            assertEquals("good", get(raw, s));
            assertEquals(2, s.connections.get());
            assertEquals(3, s.requests.size(), "the request went out again, once, on a fresh connection");
        }
    }

    @Test
    void aPooledConnectionResetOnTheRequestIsReplacedOnce() throws IOException {
        try (HostileServer s = new HostileServer(
                c -> {
                    c.answer(OK + "Content-Length: 2\r\n\r\nok");
                    c.request();
                    c.reset();
                },
                c -> c.answer(GOOD))) {
            assertEquals("ok", get(raw, s));
            assertEquals("good", get(raw, s));
            assertEquals(2, s.connections.get());
        }
    }

    @Test
    void aReplacementThatClosesTooIsAnError() throws IOException {
        try (HostileServer s = new HostileServer(
                c -> {
                    c.answer(OK + "Content-Length: 2\r\n\r\nok");
                    c.request();
                    c.close();
                },
                c -> {
                    c.request();
                    c.close();
                },
                c -> c.answer(GOOD))) {
            assertEquals("ok", get(raw, s));
            IOException e = assertThrows(IOException.class, () -> get(raw, s));
            assertTrue(
                    e.getMessage().contains(s.where() + "/f closed the connection without answering"), e.getMessage());
            assertEquals(2, s.connections.get(), "replaced once, not twice");
        }
    }

    @Test
    void aHttp10OrConnectionCloseAnswerIsNotKept() throws IOException {
        try (HostileServer s = new HostileServer(
                c -> c.answer("HTTP/1.0 200 OK\r\nContent-Length: 2\r\n\r\nok"),
                c -> c.answer(OK + "Connection: keep-alive, close\r\nContent-Length: 2\r\n\r\nok"),
                c -> c.answer(GOOD))) {
            assertEquals("ok", get(raw, s));
            assertEquals("ok", get(raw, s));
            assertEquals("good", get(raw, s));
            assertEquals(3, s.connections.get());
        }
    }
}
