package io.github.wudl.cli.demo;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DemoServerTest {
    @TempDir
    static Path tmp;

    static DemoContent.Generated content;
    static DemoServer server;
    static final HttpClient HTTP = HttpClient.newHttpClient();

    @BeforeAll
    static void serve() throws Exception {
        content = DemoContent.generate(
                tmp.resolve("a"),
                List.of(new DemoContent.UpdateSpec(
                        "aaaaaaaa-0000-0000-0000-000000000001",
                        "One",
                        "1",
                        List.of(new DemoContent.FileSpec("one.bin", 300_000)),
                        null,
                        false)),
                42);
        server = DemoServer.start(content.root());
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    private static HttpResponse<byte[]> get(String path, String... headers) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(server.baseUri().resolve(path));
        if (headers.length > 0) {
            b.headers(headers);
        }
        return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    @Test
    void servesWholeFilesMatchingTheCatalogDigest() throws Exception {
        HttpResponse<byte[]> r = get("content/one.bin");
        assertEquals(200, r.statusCode());
        assertEquals(300_000, r.body().length);
        assertEquals(
                content.sha256().get("one.bin"),
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(r.body())));
        assertEquals(1, server.requests("/content/one.bin"));
    }

    @Test
    void servesByteRanges() throws Exception {
        byte[] all = Files.readAllBytes(content.file("one.bin"));
        HttpResponse<byte[]> r = get("content/one.bin", "Range", "bytes=1000-1999");
        assertEquals(206, r.statusCode());
        assertEquals(
                "bytes 1000-1999/300000",
                r.headers().firstValue("Content-Range").orElseThrow());
        assertArrayEquals(Arrays.copyOfRange(all, 1000, 2000), r.body());

        r = get("content/one.bin", "Range", "bytes=299990-");
        assertArrayEquals(Arrays.copyOfRange(all, 299_990, 300_000), r.body());
        r = get("content/one.bin", "Range", "bytes=-5");
        assertArrayEquals(Arrays.copyOfRange(all, 299_995, 300_000), r.body());

        String etag = r.headers().firstValue("ETag").orElseThrow();
        r = get("content/one.bin", "Range", "bytes=10-", "If-Range", etag);
        assertEquals(206, r.statusCode());
        r = get("content/one.bin", "Range", "bytes=10-", "If-Range", "\"stale\"");
        assertEquals(200, r.statusCode(), "a changed file is sent whole");
        assertEquals(300_000, r.body().length);

        assertEquals(416, get("content/one.bin", "Range", "bytes=300000-").statusCode());
    }

    @Test
    void aTestCanWaitForTheMiddleOfAThrottledBody() throws Exception {
        try (DemoServer own = DemoServer.start(content.root())) { // its own: the throttle must not reach the others
            own.throttle(100_000); // about 3 s for the 300,000 bytes: woken at 1 s, there is room to look
            CompletableFuture<HttpResponse<byte[]>> whole = HTTP.sendAsync(
                    HttpRequest.newBuilder(own.uri("content/one.bin")).build(),
                    HttpResponse.BodyHandlers.ofByteArray());
            assertTrue(own.awaitBytesServed(100_000, Duration.ofSeconds(30)));
            assertTrue(own.bytesServed() < 300_000, "woken in the middle: " + own.bytesServed());
            assertEquals(300_000, whole.get(30, TimeUnit.SECONDS).body().length);
            assertFalse(own.awaitBytesServed(300_001, Duration.ofMillis(50)), "nothing more is coming");
        }
    }

    @Test
    void missingAndOutsideFilesAre404() throws Exception {
        assertEquals(404, get("content/none.bin").statusCode());
        assertEquals(404, get("content/../../../../etc/passwd").statusCode());
    }

    @Test
    void sampleSetIsDeterministicAndAsDescribed() throws Exception {
        DemoContent.Generated one = DemoContent.generateSample(tmp.resolve("s1"));
        DemoContent.Generated two = DemoContent.generateSample(tmp.resolve("s2"));
        assertEquals(one.sha256(), two.sha256());
        Map<?, ?> catalog = new ObjectMapper().readValue(one.catalog().toFile(), Map.class);
        assertEquals("wudl-catalog/1", catalog.get("format"));
        List<?> updates = (List<?>) catalog.get("updates");
        assertEquals(4, updates.size());
        assertEquals(
                1,
                updates.stream()
                        .filter(u -> Boolean.TRUE.equals(((Map<?, ?>) u).get("installed")))
                        .count());
        assertEquals(
                1,
                updates.stream()
                        .filter(u -> ((Map<?, ?>) u).containsKey("bootstrapper"))
                        .count());
        for (Object u : updates) {
            long size = 0;
            for (Object f : (List<?>) ((Map<?, ?>) u).get("files")) {
                Map<?, ?> file = (Map<?, ?>) f;
                assertTrue(((String) file.get("url")).startsWith("content/"), "relative url");
                assertEquals(64, ((String) file.get("sha256")).length());
                size += ((Number) file.get("size")).longValue();
            }
            assertTrue(size >= 3 << 20 && size <= 8 << 20, "a few MiB: " + size);
        }
    }
}
