package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.testing.ContentServer;
import io.github.wudl.testing.Generated;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Wrong bytes, HTTP errors, retry budget, Retry-After, redirects, credentials, lying servers. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransfererFailureTest extends TransferFixture {

    @Test
    void wrongBytesFailWithIncorrectFileHashAndPublishNothing() throws Exception {
        TransferRequest req = generated("/w.bin", 100_000, 1);
        server.faults("/w.bin").wrongBytes();
        WuaException e = failure(transferer().submit(req, null), HResult.WU_E_DM_INCORRECTFILEHASH);
        assertEquals(0x80246002, e.hresult());
        assertTrue(e.getMessage().contains("w.bin"), e.getMessage());
        assertTrue(e.getMessage().contains(HexFormat.of().formatHex(req.digest())), "expected digest named");
        byte[] wrong = Generated.bytes(100_000, 1);
        for (int i = 0; i < wrong.length; i++) {
            wrong[i] = (byte) ~wrong[i];
        }
        assertTrue(e.getMessage().contains(HexFormat.of().formatHex(sha256(wrong))), "actual digest named");
        assertFalse(cache.isPresent(req));
        assertEquals(0, cache.partialBytes(req));
        assertFalse(Files.exists(cache.publishedPath(req)));
    }

    @Test
    void notFoundTriesTheMirrorThenReportsThePrimaryStatus() throws Exception {
        TransferRequest req = request(List.of(server.uri("/missing"), server.uri("/also-missing")), 10, new byte[32]);
        WuaException e = failure(transferer().submit(req, null), HResult.WU_E_PT_HTTP_STATUS_NOT_FOUND);
        assertEquals(0x80244019, e.hresult());
        assertEquals(1, server.requestCount("/missing"), "404 is not retried");
        assertEquals(1, server.requestCount("/also-missing"), "the mirror was tried");
        assertTrue(e.getMessage().contains("file.bin") && e.getMessage().contains("/missing"), e.getMessage());
        assertTrue(e.getMessage().contains("mirror"), e.getMessage());
    }

    @Test
    void aMirrorServesWhenThePrimaryCannot() throws Exception {
        server.putGenerated("/mirror/m.bin", 50_000, 2);
        TransferRequest req = request(
                List.of(server.uri("/gone"), server.uri("/mirror/m.bin")), 50_000, ContentServer.sha256Of(50_000, 2));
        assertPublished(await(transferer().submit(req, null)), req);
    }

    @Test
    void serviceUnavailableIsRetriedUntilItWorks() throws Exception {
        TransferRequest req = generated("/busy.bin", 10_000, 3);
        server.faults("/busy.bin").failNext(503, 3);
        Recorder rec = new Recorder();
        TransferResult r = await(transferer().submit(req, rec));
        assertPublished(r, req);
        assertEquals(3, r.retries());
        assertEquals(4, server.requestCount("/busy.bin"));
        assertEquals(3, rec.causes.size());
        assertEquals(HResult.WU_E_PT_HTTP_STATUS_SERVICE_UNAVAIL.code(), ((WuaException) rec.causes.get(0)).hresult());
    }

    @Test
    void tooManyRequestsHonoursRetryAfter() throws Exception {
        TransferRequest req = generated("/429.bin", 10_000, 4);
        server.faults("/429.bin").failNext(429, 1, "1");
        long t0 = System.nanoTime();
        assertPublished(await(transferer().submit(req, null)), req);
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertTrue(ms >= 900, "waited for Retry-After: " + ms + " ms (backoff alone is 1 ms)");
    }

    @Test
    void retryAfterIsCappedAtRetryAfterMax() throws Exception {
        TransferRequest req = generated("/cap.bin", 10_000, 5);
        server.faults("/cap.bin").failNext(503, 1, "3600");
        long t0 = System.nanoTime();
        assertPublished(
                await(transferer(fast().retryAfterMax(Duration.ofMillis(50)).build())
                        .submit(req, null)),
                req);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    void anExhaustedRetryBudgetFails() throws Exception {
        TransferRequest req = generated("/down.bin", 10_000, 6);
        server.faults("/down.bin").failNext(500, 100);
        WuaException e = failure(
                transferer(fast().maxRetries(2).build()).submit(req, null), HResult.WU_E_PT_HTTP_STATUS_SERVER_ERROR);
        assertEquals(3, server.requestCount("/down.bin"), "first attempt + 2 retries");
        assertTrue(e.getMessage().contains("2 retries"), e.getMessage());
    }

    @Test
    void retriesThatMakeProgressDoNotUseTheBudget() throws Exception {
        long size = 1_000_000;
        TransferRequest req = generated("/flaky.bin", size, 7);
        server.faults("/flaky.bin").dropAfter(size / 6, 5);
        TransferResult r = await(transferer(fast().maxRetries(1).build()).submit(req, null));
        assertPublished(r, req);
        assertEquals(5, r.retries());
        assertEquals(size, r.bytesFetched());
    }

    @Test
    void followsRedirectsIncludingRelativeOnes() throws Exception {
        server.putGenerated("/real/r.bin", 20_000, 8);
        server.redirect("/start", server.uri("/hop").toString());
        server.redirect("/hop", "real/r.bin"); // relative to /hop
        TransferRequest req = request(List.of(server.uri("/start")), 20_000, ContentServer.sha256Of(20_000, 8));
        assertPublished(await(transferer().submit(req, null)), req);
        assertEquals(1, server.requestCount("/real/r.bin"));
    }

    @Test
    void tooManyRedirectsFail() throws Exception {
        server.redirect("/loop1", "/loop2");
        server.redirect("/loop2", "/loop1");
        TransferRequest req = request(List.of(server.uri("/loop1")), 10, new byte[32]);
        WuaException e = failure(
                transferer(fast().maxRedirects(3).build()).submit(req, null), HResult.WU_E_PT_HTTP_STATUS_NOT_MAPPED);
        assertTrue(e.getMessage().contains("more than 3 redirects"), e.getMessage());
        assertEquals(4, server.requestCount("/loop1") + server.requestCount("/loop2"));
    }

    @Test
    void redirectsToOtherSchemesAreRefused() throws Exception {
        server.redirect("/to-file", "file:///etc/passwd");
        TransferRequest req = request(List.of(server.uri("/to-file")), 10, new byte[32]);
        WuaException e = failure(transferer().submit(req, null), HResult.WU_E_BAD_FILE_URL);
        assertTrue(e.getMessage().contains("file:///etc/passwd"), e.getMessage());
    }

    @Test
    void nonHttpSourcesAndMissingSourcesAreRefused() throws Exception {
        TransferRequest ftp = request(List.of(URI.create("ftp://127.0.0.1/x.bin")), 10, new byte[32]);
        failure(transferer().submit(ftp, null), HResult.WU_E_BAD_FILE_URL);
        TransferRequest none = request(List.of(), 10, new byte[32]);
        failure(transferer().submit(none, null), HResult.WU_E_DM_URLNOTAVAILABLE);
    }

    @Test
    void credentialsInTheUrlAreSentButNeverShown() throws Exception {
        server.putGenerated("/private.bin", 1000, 9);
        URI withCreds = URI.create("http://alice:s3cr%3Et@127.0.0.1:" + server.port() + "/private.bin");
        TransferRequest ok = request(List.of(withCreds), 1000, ContentServer.sha256Of(1000, 9));
        await(transferer().submit(ok, null));
        String auth = server.log("/private.bin").get(0).header("Authorization");
        assertEquals(
                "Basic " + Base64.getEncoder().encodeToString("alice:s3cr>t".getBytes(StandardCharsets.UTF_8)), auth);

        URI missing = URI.create("http://alice:s3cr%3Et@127.0.0.1:" + server.port() + "/nope?sig=abc123");
        server.faults("/flaky-private").failNext(503, 1);
        URI flaky = URI.create("http://alice:s3cr%3Et@127.0.0.1:" + server.port() + "/flaky-private");
        Recorder rec = new Recorder();
        WuaException e = failure(
                transferer().submit(request(List.of(flaky, missing), 10, new byte[32]), rec),
                HResult.WU_E_PT_HTTP_STATUS_NOT_FOUND);
        for (String text : List.of(
                e.getMessage(), String.valueOf(e.getCause()), rec.causes.get(0).getMessage())) {
            assertFalse(text.contains("s3cr"), text);
            assertFalse(text.contains("alice"), text);
            assertFalse(text.contains("abc123"), text);
        }
        assertTrue(e.getMessage().contains("***@127.0.0.1"), e.getMessage());
    }

    @Test
    void aBodyLongerThanTheSizeFails() throws Exception {
        server.putGenerated("/long.bin", 200_000, 10);
        TransferRequest req = request(List.of(server.uri("/long.bin")), 100_000, ContentServer.sha256Of(100_000, 10));
        WuaException announced = failure(transferer().submit(req, null), HResult.WU_E_DM_INCORRECTFILEHASH);
        assertTrue(announced.getMessage().contains("200000"), announced.getMessage());

        server.faults("/long.bin").noContentLength(); // the length shows only by reading: the read is bounded
        WuaException read = failure(transferer().submit(req, null), HResult.WU_E_DM_INCORRECTFILEHASH);
        assertTrue(read.getMessage().contains("more than the expected 100000 bytes"), read.getMessage());
        assertFalse(cache.isPresent(req));
        assertEquals(0, cache.partialBytes(req));
    }

    @Test
    void aTruncatedCloseDelimitedBodyIsRetried() throws Exception {
        TransferRequest req = generated("/short.bin", 100_000, 11);
        server.faults("/short.bin").noContentLength().dropAfter(40_000, 1);
        TransferResult r = await(transferer().submit(req, null));
        assertPublished(r, req);
        assertEquals(1, r.retries());
    }
}
