package io.github.wudl.transfer;

import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;

/** Retry delays: exponential from backoffBase to backoffMax, or the server's Retry-After up to retryAfterMax. */
final class Backoff {
    private Backoff() {}

    /**
     * The wait before retry number {@code consecutive} (1 for the first retry after a success or progress).
     * A Retry-After, when given, replaces the computed delay (capped at retryAfterMax).
     */
    static Duration delay(TransferConfig config, int consecutive, Duration retryAfter) {
        if (retryAfter != null) {
            return retryAfter.compareTo(config.retryAfterMax()) > 0 ? config.retryAfterMax() : retryAfter;
        }
        Duration d = config.backoffBase();
        for (int i = 1; i < consecutive && d.compareTo(config.backoffMax()) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(config.backoffMax()) > 0 ? config.backoffMax() : d;
    }

    /** A Retry-After header (delta-seconds or an HTTP date) as a non-negative duration, or null. */
    static Duration parseRetryAfter(String value, Instant now) {
        if (value == null || value.isBlank()) {
            return null;
        }
        String v = value.trim();
        try {
            long seconds = Long.parseLong(v);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME)
                        .toInstant();
                Duration d = Duration.between(now, at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }
}
