package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.testing.Generated;
import io.github.wudl.testing.ScriptedServer;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Servers that send the right bytes and then never end the body: a close-delimited body on a connection held
 * open, a chunked body without its last chunk (or without the CRLF after its data), trailers without end. The
 * stall timeout here is a minute and the class times out after half that: with every byte of the expected
 * size in hand, a held connection must not cost a stall timeout (the digest decides), and endless trailers
 * must not run for ever.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HostileServerTest extends TransferFixture {
    private static final int SIZE = 300_000;
    private static final byte[] BODY = Generated.bytes(SIZE, 41);
    private static final String CHUNKED_HEAD = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
    private ScriptedServer hostile;

    @AfterEach
    void stopHostile() {
        if (hostile != null) {
            hostile.close();
        }
    }

    private TransferConfig patient() {
        return fast().stallTimeout(Duration.ofSeconds(60)).build();
    }

    private TransferResult fetchFrom(ScriptedServer.Script script) throws Exception {
        hostile = ScriptedServer.start(script);
        TransferRequest req = request(List.of(hostile.uri("/held.bin")), SIZE, sha256(BODY));
        TransferResult r = await(transferer(patient()).submit(req, null));
        assertPublished(r, req);
        assertEquals(1, hostile.requestCount(), "one request: nothing to retry");
        return r;
    }

    private static byte[] chunked(byte[] body, boolean crlfAfterData) {
        byte[] head = (Integer.toHexString(body.length) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
        byte[] out = new byte[head.length + body.length + (crlfAfterData ? 2 : 0)];
        System.arraycopy(head, 0, out, 0, head.length);
        System.arraycopy(body, 0, out, head.length, body.length);
        if (crlfAfterData) {
            out[out.length - 2] = '\r';
            out[out.length - 1] = '\n';
        }
        return out;
    }

    @Test
    void aCloseDelimitedBodyOnAHeldConnectionCompletes() throws Exception {
        fetchFrom(ScriptedServer.thenHold("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", BODY));
    }

    @Test
    void aChunkedBodyWithoutItsLastChunkCompletes() throws Exception {
        fetchFrom(ScriptedServer.thenHold(CHUNKED_HEAD, chunked(BODY, true)));
    }

    @Test
    void aChunkedBodyHeldRightAfterItsDataCompletes() throws Exception {
        fetchFrom(ScriptedServer.thenHold(CHUNKED_HEAD, chunked(BODY, false)));
    }

    @Test
    void endlessTrailersDoNotHoldTheDownload() throws Exception {
        fetchFrom((out, server) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write(chunked(BODY, true));
            out.write("0\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] trailer = "X-Trailer: never ending\r\n".getBytes(StandardCharsets.ISO_8859_1);
            while (!server.isClosed()) {
                out.write(trailer); // until the client hangs up (an IOException here) or the server closes
            }
        });
    }

    @Test
    void aCatalogWithEndlessTrailersFailsWithoutWaitingForAStall() throws Exception {
        // known limit: the JDK's chunked decoder (HttpURLConnection) reads trailers without bound in one read
        Assumptions.assumeFalse(
                "false".equals(System.getProperty("wudl.http.raw")), "not on the HttpURLConnection path");
        hostile = ScriptedServer.start(endlessTrailers("{\"format\":\"wudl-catalog/1\",\"updates\":[]}"));
        TransferConfig c =
                fast().stallTimeout(Duration.ofSeconds(60)).maxRetries(0).build();
        WuaException e = assertThrows(WuaException.class, () -> HttpFetch.get(hostile.uri("/c.json"), 1 << 20, c));
        assertTrue(e.getMessage().contains("trailer"), e.getMessage());
    }

    @Test
    void aCatalogOnAHeldConnectionFailsAfterTheStallTimeout() throws Exception {
        byte[] doc = "{\"format\":\"wudl-catalog/1\",\"updates\":[]}".getBytes(StandardCharsets.UTF_8);
        hostile = ScriptedServer.start(ScriptedServer.thenHold("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", doc));
        TransferConfig c =
                fast().stallTimeout(Duration.ofMillis(300)).maxRetries(1).build();
        WuaException e = assertThrows(WuaException.class, () -> HttpFetch.get(hostile.uri("/c.json"), 1 << 20, c));
        assertEquals(HResult.WU_E_TIME_OUT.code(), e.hresult(), e.getMessage());
        assertEquals(2, hostile.requestCount());
    }

    private static ScriptedServer.Script endlessTrailers(String doc) {
        byte[] body = doc.getBytes(StandardCharsets.UTF_8);
        return (out, server) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write(chunked(body, true));
            out.write("0\r\n".getBytes(StandardCharsets.ISO_8859_1));
            byte[] trailer = "X-Trailer: never ending\r\n".getBytes(StandardCharsets.ISO_8859_1);
            while (!server.isClosed()) {
                out.write(trailer);
            }
        };
    }

    @Test
    void theDocumentIsStillReadWhenItsChunkedFramingIsRight() throws Exception {
        byte[] doc = "{\"format\":\"wudl-catalog/1\",\"updates\":[]}".getBytes(StandardCharsets.UTF_8);
        hostile = ScriptedServer.start((out, server) -> {
            out.write("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.write(chunked(doc, true));
            out.write("0\r\nX-Checksum: 1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        });
        assertArrayEquals(doc, HttpFetch.get(hostile.uri("/c.json"), 1 << 20, fast().build()));
    }
}
