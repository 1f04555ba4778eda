package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@link RawHttp} against a hostile server, for how an answer is framed (RFC 9112): chunked edge cases, header
 * and line limits, the field rules that keep one answer from being read as another (smuggling, splitting),
 * interim answers and status lines. Each case either is tolerated as RFC 9112 allows, or is refused with an
 * IOException whose message names the server. {@link RawHttpConnectionReuseTest} holds the keep-alive cases.
 */
@Timeout(30)
class RawHttpConformanceTest {
    private static final String OK = "HTTP/1.1 200 OK\r\n";
    private final RawHttp raw = new RawHttp();

    static TransferConfig config() {
        return TransferConfig.builder().stallTimeout(Duration.ofSeconds(5)).build();
    }

    static Response open(RawHttp raw, HostileServer server) throws IOException {
        return raw.exchange(server.uri("/f"), null, Map.of(), config(), new Http.Abort());
    }

    /** The body to its end, read in small pieces so that every boundary is crossed. */
    static String readAll(Response r) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(3);
        while (r.body().read(buf.clear()) >= 0) {
            out.write(buf.array(), 0, buf.position());
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    static String get(RawHttp raw, HostileServer server) throws IOException {
        try (Response r = open(raw, server)) {
            return readAll(r);
        }
    }

    private String get(String answer) throws IOException {
        try (HostileServer s = new HostileServer(c -> c.answer(answer))) {
            return get(raw, s);
        }
    }

    /** The answer is refused: an IOException that names the server and says {@code what}. */
    private void refused(String answer, String what) throws IOException {
        try (HostileServer s = new HostileServer(c -> {
            c.answer(answer);
            c.close();
        })) {
            IOException e = assertThrows(IOException.class, () -> get(raw, s));
            assertTrue(e.getMessage().contains(s.where()), e.getMessage());
            assertTrue(e.getMessage().contains(what), e.getMessage());
        }
    }

    private static String chunked(String body) {
        return OK + "Transfer-Encoding: chunked\r\n\r\n" + body;
    }

    // ---- chunked -------------------------------------------------------------------------------------------

    @Test
    void chunkExtensionsAreIgnored() throws IOException {
        assertEquals(
                "hello world", get(chunked("5;name=value;q=\"a;b\"\r\nhello\r\n6 ; x\r\n world\r\n0;end\r\n\r\n")));
    }

    @Test
    void upperCaseHexAndLeadingZerosAreChunkSizes() throws IOException {
        assertEquals("0123456789ABCDEF", get(chunked("0000A\r\n0123456789\r\n6\r\nABCDEF\r\n000\r\n\r\n")));
    }

    @Test
    void aChunkSizeThatOverflowsIsRefused() throws IOException {
        refused(chunked("FFFFFFFFFFFFFFFFFF\r\nhello\r\n0\r\n\r\n"), "overflows");
        refused(chunked("10000000000000000\r\nhello\r\n0\r\n\r\n"), "overflows");
    }

    @ParameterizedTest
    @ValueSource(strings = {"+5", "-0", " 5", "0x5", "", "5 x", "g"})
    void aChunkSizeThatIsNotHexDigitsIsRefused(String size) throws IOException {
        refused(chunked(size + "\r\nhello\r\n0\r\n\r\n"), "chunk size line");
    }

    @Test
    void chunkDataNotFollowedByCrlfIsRefused() throws IOException {
        refused(chunked("5\r\nhelloXX\r\n0\r\n\r\n"), "not followed by CRLF");
    }

    @Test
    void trailersAreReadAndIgnored() throws IOException {
        assertEquals("hello", get(chunked("5\r\nhello\r\n0\r\nX-Checksum: 1\r\nX-More: 2\r\n\r\n")));
    }

    @Test
    void endlessTrailersAreRefused() throws IOException {
        refused(chunked("5\r\nhello\r\n0\r\n" + ("X-T: " + "t".repeat(1000) + "\r\n").repeat(70)), "trailers");
    }

    @Test
    void aLastChunkWithoutTheFinalCrlfEndsTheBody() throws IOException {
        try (HostileServer s = new HostileServer(
                c -> {
                    c.answer(chunked("5\r\nhello\r\n0\r\n"));
                    c.close();
                },
                c -> c.answer(OK + "Content-Length: 4\r\n\r\ngood"))) {
            assertEquals("hello", get(raw, s));
            assertEquals("good", get(raw, s));
            assertEquals(2, s.connections.get(), "the connection that ended early is not reused");
        }
    }

    @Test
    void aBodyThatEndsInsideAChunkIsRefused() throws IOException {
        refused(chunked("A\r\nhello"), "ended inside a chunk");
        refused(chunked("5\r\nhello\r\n"), "ended inside a chunked body");
    }

    @Test
    void chunkLinesMayEndInABareLf() throws IOException {
        assertEquals("hello", get(chunked("5\nhello\n0\n\n")));
    }

    // ---- header and line limits ----------------------------------------------------------------------------

    @Test
    void aStatusLineLongerThanTheLimitIsRefused() throws IOException {
        refused("HTTP/1.1 200 " + "x".repeat(RawResponse.LINE_LIMIT) + "\r\nContent-Length: 0\r\n\r\n", "longer than");
    }

    @Test
    void aHeaderLineLongerThanTheLimitIsRefused() throws IOException {
        refused(OK + "X-Big: " + "x".repeat(RawResponse.LINE_LIMIT) + "\r\nContent-Length: 0\r\n\r\n", "longer than");
    }

    @Test
    void tooManyHeaderLinesAreRefused() throws IOException {
        StringBuilder h = new StringBuilder(OK);
        for (int i = 0; i <= RawHead.MAX_FIELDS; i++) {
            h.append("X-").append(i).append(": v\r\n");
        }
        refused(h + "Content-Length: 0\r\n\r\n", "header lines");
    }

    @Test
    void aHeaderBlockWithoutAnEndIsRefused() throws IOException {
        refused(OK + ("X-T: " + "t".repeat(1000) + "\r\n").repeat(70), "more than " + RawHttp.headLimit());
    }

    @Test
    void obsFoldContinuesTheFieldBeforeIt() throws IOException {
        try (HostileServer s = new HostileServer(c -> c.answer(
                OK + "X-A: one\r\n two\r\n\tthree\r\nX-B: a\r\n Content-Length: 100\r\nContent-Length: 2\r\n\r\nok"))) {
            try (Response r = open(raw, s)) {
                assertEquals("one two three", r.header("X-A"));
                assertEquals("a Content-Length: 100", r.header("X-B"), "a folded line is no field of its own");
                assertEquals("ok", readAll(r));
            }
        }
    }

    @Test
    void whitespaceBeforeTheFirstFieldIsRefused() throws IOException {
        refused(OK + " Content-Length: 2\r\n\r\nok", "starts with whitespace");
    }

    @Test
    void headLinesMayEndInABareLf() throws IOException {
        assertEquals("ok", get("HTTP/1.1 200 OK\nContent-Length: 2\n\nok"));
    }

    @Test
    void aBareCrInsideALineIsRefused() throws IOException {
        refused(OK + "X-A: a\rContent-Length: 5\r\nContent-Length: 2\r\n\r\nok", "bare CR");
    }

    @ParameterizedTest
    @ValueSource(strings = {"Content-Length : 2", "Content Length: 2", "no colon at all", ": 2"})
    void aMalformedFieldLineIsRefused(String line) throws IOException {
        refused(OK + line + "\r\nContent-Length: 2\r\n\r\nok", "malformed header line");
    }

    // ---- framing that could smuggle a second answer (RFC 9112 §6) -------------------------------------------

    @Test
    void conflictingContentLengthsAreRefused() throws IOException {
        refused(OK + "Content-Length: 2\r\nContent-Length: 5\r\n\r\nokEVIL", "conflicting Content-Lengths");
        refused(OK + "Content-Length: 2, 5\r\n\r\nokEVIL", "conflicting Content-Lengths");
    }

    @Test
    void repeatedEqualContentLengthsAreOneLength() throws IOException {
        try (HostileServer s = new HostileServer(c -> {
            c.answer(OK + "Content-Length: 2\r\ncontent-length: 02\r\n\r\nok");
            c.answer(OK + "Content-Length: 4, 4\r\n\r\ngood");
        })) {
            assertEquals("ok", get(raw, s));
            assertEquals("good", get(raw, s));
            assertEquals(1, s.connections.get(), "both framed: one kept-alive connection");
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"+2", "-1", "abc", "2 2", "", "0x2", "99999999999999999999"})
    void anInvalidContentLengthIsRefused(String value) throws IOException {
        refused(OK + "Content-Length: " + value + "\r\n\r\nok", "invalid Content-Length");
    }

    @Test
    void contentLengthWithTransferEncodingIsRefused() throws IOException {
        refused(OK + "Content-Length: 100\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nok\r\n0\r\n\r\n", "smuggle");
        refused(OK + "Transfer-Encoding: chunked\r\nContent-Length: 2\r\n\r\n2\r\nok\r\n0\r\n\r\n", "smuggle");
    }

    @ParameterizedTest
    @ValueSource(strings = {"gzip, chunked", "chunked, gzip", "identity", "chunked\r\nTransfer-Encoding: chunked"})
    void aTransferCodingOtherThanChunkedIsRefused(String coding) throws IOException {
        refused(OK + "Transfer-Encoding: " + coding + "\r\n\r\n2\r\nok\r\n0\r\n\r\n", "Transfer-Encoding");
    }

    // ---- status lines and interim answers ------------------------------------------------------------------

    @Test
    void interimAnswersBeforeTheRealOneAreSkipped() throws IOException {
        try (HostileServer s = new HostileServer(c -> c.answer("HTTP/1.1 100 Continue\r\n\r\n"
                + "HTTP/1.1 103 Early Hints\r\nLink: </style.css>; rel=preload\r\n\r\n"
                + OK + "Content-Length: 2\r\n\r\nok"))) {
            try (Response r = open(raw, s)) {
                assertEquals(200, r.status());
                assertEquals(null, r.header("Link"), "the interim answer's fields are not the answer's");
                assertEquals("ok", readAll(r));
            }
        }
    }

    @Test
    void switchingProtocolsIsRefused() throws IOException {
        refused("HTTP/1.1 101 Switching Protocols\r\nUpgrade: h2c\r\n\r\n", "HTTP 101");
    }

    @Test
    void endlessInterimAnswersAreRefused() throws IOException {
        refused("HTTP/1.1 100 Continue\r\n\r\n".repeat(20) + OK + "Content-Length: 0\r\n\r\n", "interim");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "HTTP/2 200",
                "HTTP/2.0 200 OK",
                "ICY 200 OK",
                "HTTP/1.1 2000 OK",
                "HTTP/1.1 20 OK",
                "HTTP/1.1 099 Low",
                "HTTP/1.1 600 High",
                "HTTP/1.1 2OO OK",
                "http/1.1 200 OK",
                "HTTP/1.1  200 OK",
                "SSH-2.0-OpenSSH_9.2"
            })
    void aStatusLineThatIsNotHttp1IsRefused(String statusLine) throws IOException {
        refused(statusLine + "\r\nContent-Length: 0\r\n\r\n", "status");
    }

    @Test
    void aStatusLineWithoutReasonIsTolerated() throws IOException {
        try (HostileServer s = new HostileServer(c -> c.answer("HTTP/1.1 204\r\n\r\n"))) {
            try (Response r = open(raw, s)) {
                assertEquals(204, r.status());
                assertEquals("", readAll(r));
            }
        }
    }
}
