package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.wua.HResult;
import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The classification and timing rules, without a network. */
class PoliciesTest {
    private static final URI SRC = URI.create("https://u:pw@updates.example/f.msu");

    @Test
    void backoffDoublesUpToItsMaximumAndRetryAfterIsCapped() {
        TransferConfig c = TransferConfig.builder()
                .backoff(Duration.ofMillis(100), Duration.ofMillis(350))
                .retryAfterMax(Duration.ofSeconds(2))
                .build();
        assertEquals(Duration.ofMillis(100), Backoff.delay(c, 1, null));
        assertEquals(Duration.ofMillis(200), Backoff.delay(c, 2, null));
        assertEquals(Duration.ofMillis(350), Backoff.delay(c, 3, null));
        assertEquals(Duration.ofMillis(350), Backoff.delay(c, 60, null));
        assertEquals(Duration.ofSeconds(1), Backoff.delay(c, 1, Duration.ofSeconds(1)));
        assertEquals(Duration.ofSeconds(2), Backoff.delay(c, 1, Duration.ofHours(1)));
    }

    @Test
    void retryAfterReadsSecondsAndHttpDates() {
        Instant now = Instant.parse("2026-11-24T12:00:00Z");
        assertEquals(Duration.ofSeconds(7), Backoff.parseRetryAfter(" 7 ", now));
        assertEquals(Duration.ofSeconds(30), Backoff.parseRetryAfter("Tue, 24 Nov 2026 12:00:30 GMT", now));
        assertEquals(Duration.ZERO, Backoff.parseRetryAfter("Tue, 24 Nov 2026 11:00:00 GMT", now));
        assertNull(Backoff.parseRetryAfter("soon", now));
        assertNull(Backoff.parseRetryAfter(null, now));
    }

    @Test
    void networkErrorsAreClassified() {
        Duration stall = Duration.ofSeconds(60);
        AttemptFailure dns = Failures.network(
                new ConnectException("x") {
                    {
                        initCause(new UnresolvedAddressException());
                    }
                },
                SRC,
                stall,
                false);
        assertEquals(AttemptFailure.Kind.SOURCE, dns.kind);
        assertEquals(HResult.WU_E_PT_WINHTTP_NAME_NOT_RESOLVED.code(), dns.hresult);
        assertEquals(
                HResult.WU_E_PT_WINHTTP_NAME_NOT_RESOLVED.code(),
                Failures.network(new UnknownHostException("updates.example"), SRC, stall, false).hresult);

        AttemptFailure timeout =
                Failures.network(new java.net.SocketTimeoutException("Read timed out"), SRC, stall, false);
        assertEquals(AttemptFailure.Kind.TRANSIENT, timeout.kind);
        assertEquals(HResult.WU_E_TIME_OUT.code(), timeout.hresult);
        assertTrue(timeout.getMessage().contains("60 s"), timeout.getMessage());

        AttemptFailure reset = Failures.network(new IOException("Connection reset by peer"), SRC, stall, false);
        assertEquals(AttemptFailure.Kind.TRANSIENT, reset.kind);
        assertEquals(HResult.WU_E_PT_UNEXPECTED.code(), reset.hresult);
        assertFalse(reset.getMessage().contains("pw"), reset.getMessage());
    }

    @Test
    void aFullDiskIsFatalAndNamesTheCache(@TempDir Path dir) {
        ContentCache cache = new ContentCache(dir);
        TransferRequest r = new TransferRequest(List.of(SRC), 10, "SHA-256", new byte[32], "f.msu", 2);
        assertTrue(Failures.diskFull(new FileSystemException("/x", null, "No space left on device")));
        assertTrue(Failures.diskFull(new IOException("There is not enough space on the disk")));
        assertFalse(Failures.diskFull(new IOException("Permission denied")));
        AttemptFailure f = Failures.local(new IOException("No space left on device"), r, cache);
        assertEquals(AttemptFailure.Kind.FATAL, f.kind);
        assertEquals(HResult.ERROR_DISK_FULL.code(), f.hresult);
        assertTrue(f.getMessage().contains(cache.root().toString())
                && f.getMessage().contains("f.msu"));
    }

    @Test
    void transientStatusesAndContentRanges() {
        for (int s : new int[] {408, 429, 500, 502, 503, 504}) {
            assertTrue(Attempt.transientStatus(s), "" + s);
        }
        for (int s : new int[] {400, 401, 403, 404, 410, 501}) {
            assertFalse(Attempt.transientStatus(s), "" + s);
        }
        assertEquals(List.of(5L, 9L, 10L), asList(Attempt.contentRange("bytes 5-9/10")));
        assertEquals(List.of(5L, 9L, -1L), asList(Attempt.contentRange("bytes 5-9/*")));
        assertNull(Attempt.contentRange("bytes */10"));
        assertNull(Attempt.contentRange(null));
    }

    private static List<Long> asList(long[] a) {
        return a == null ? null : java.util.Arrays.stream(a).boxed().toList();
    }
}
