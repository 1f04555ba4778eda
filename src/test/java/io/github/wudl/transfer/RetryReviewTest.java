package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.github.wudl.testing.Generated;
import io.github.wudl.wua.Redaction;
import java.io.OutputStream;
import java.nio.file.Files;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A hostile review of issue 11 item 5 (the retry budget counts net progress): bytes an earlier run left, for a
 * version of the file the server no longer has, are not this run's progress to beat. A flaky but honest server
 * must still be retried for as long as each attempt gets further, as before the budget change.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RetryReviewTest extends TransferFixture {
    private static final int SIZE = 200_000;

    @Test
    void aStalePartThenAnHonestFlakyServerKeepsRetryingWhileEachAttemptGetsFurther() throws Exception {
        TransferRequest req = generated("/stale.bin", SIZE, 61);
        String key = cache.key(req);
        // an earlier run kept 180,000 bytes of a version whose ETag the server no longer gives
        Files.write(cache.partPath(key), java.util.Arrays.copyOf(Generated.bytes(SIZE, 61), 180_000));
        Properties meta = new Properties();
        meta.setProperty("etag", "\"an-older-version\"");
        meta.setProperty("source", Redaction.uri(server.uri("/stale.bin")));
        try (OutputStream out = Files.newOutputStream(cache.metaPath(key))) {
            meta.store(out, null);
        }
        // the If-Range fails (200 from zero), and every response drops after 20,000 bytes, nine times
        server.faults("/stale.bin").dropAfter(SIZE / 10, 9);

        TransferResult r = await(transferer().submit(req, null));

        assertPublished(r, req);
        assertEquals(10, server.requestCount("/stale.bin"));
        assertEquals(9, r.retries());
    }
}
