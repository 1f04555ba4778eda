package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.testing.ContentServer;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class HttpFetchTest {
    private ContentServer server;
    private final TransferConfig config = TransferFixture.fast().build();
    private final byte[] doc = "{\"format\": \"wudl-catalog/1\", \"updates\": []}".getBytes(StandardCharsets.UTF_8);

    @BeforeEach
    void start() throws IOException {
        server = ContentServer.start();
        server.put("/catalog.json", doc);
    }

    @AfterEach
    void stop() {
        server.close();
    }

    @Test
    void fetchesADocument() {
        assertArrayEquals(doc, HttpFetch.get(server.uri("/catalog.json"), 1 << 20, config));
    }

    @Test
    void followsRedirectsAndRetriesTransientStatuses() {
        server.redirect("/latest", "/catalog.json");
        server.faults("/catalog.json").failNext(502, 2);
        assertArrayEquals(doc, HttpFetch.get(server.uri("/latest"), 1 << 20, config));
        assertEquals(3, server.requestCount("/catalog.json"));
    }

    @Test
    void aDocumentOverTheLimitIsRefused() {
        WuaException announced =
                assertThrows(WuaException.class, () -> HttpFetch.get(server.uri("/catalog.json"), 10, config));
        assertTrue(announced.getMessage().contains("limit of 10 bytes"), announced.getMessage());
        server.faults("/catalog.json").noContentLength();
        WuaException read =
                assertThrows(WuaException.class, () -> HttpFetch.get(server.uri("/catalog.json"), 10, config));
        assertTrue(read.getMessage().contains("limit of 10 bytes"), read.getMessage());
    }

    @Test
    void statusesMapToHresultsAndCredentialsStayHidden() {
        URI uri = URI.create("http://bob:hunter2@127.0.0.1:" + server.port() + "/none.json");
        WuaException e = assertThrows(WuaException.class, () -> HttpFetch.get(uri, 1000, config));
        assertEquals(HResult.WU_E_PT_HTTP_STATUS_NOT_FOUND.code(), e.hresult());
        assertFalse(e.getMessage().contains("hunter2"), e.getMessage());
        assertTrue(e.getMessage().contains("***@127.0.0.1"), e.getMessage());
        assertTrue(server.log("/none.json").get(0).header("Authorization").startsWith("Basic "));
        assertEquals(
                URI.create("https://host.example/a"),
                Http.withoutUserInfo(URI.create("https://u:p@host.example/a")),
                "credentials go in a header");
    }

    @Test
    void aStalledDocumentFailsAfterTheRetries() {
        server.faults("/catalog.json").stallAfter(5);
        TransferConfig c = TransferFixture.fast()
                .stallTimeout(Duration.ofMillis(200))
                .maxRetries(1)
                .build();
        WuaException e = assertThrows(WuaException.class, () -> HttpFetch.get(server.uri("/catalog.json"), 1000, c));
        assertEquals(HResult.WU_E_TIME_OUT.code(), e.hresult());
        assertEquals(2, server.requestCount("/catalog.json"));
    }

    @Test
    void onlyHttpAndHttps() {
        WuaException e =
                assertThrows(WuaException.class, () -> HttpFetch.get(URI.create("file:///etc/hosts"), 1000, config));
        assertEquals(HResult.WU_E_BAD_FILE_URL.code(), e.hresult());
    }
}
