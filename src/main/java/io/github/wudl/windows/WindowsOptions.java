package io.github.wudl.windows;

import java.time.Duration;

/**
 * Settings of the Windows backend.
 *
 * @param stallTimeout    a job whose progress has not moved for this long is aborted (RequestAbort); WUA has
 *                        no timeout of its own (wua-reference §3.1)
 * @param overallTimeout  a job still running after this long is aborted; null for none
 */
public record WindowsOptions(Duration stallTimeout, Duration overallTimeout) {
    public WindowsOptions {
        if (stallTimeout == null || stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stallTimeout must be positive");
        }
        if (overallTimeout != null && (overallTimeout.isNegative() || overallTimeout.isZero())) {
            throw new IllegalArgumentException("overallTimeout must be positive or null");
        }
    }

    /** 15 minutes without progress (WUA's own downloads can pause for minutes), no overall limit. */
    public static WindowsOptions defaults() {
        return new WindowsOptions(Duration.ofMinutes(15), null);
    }
}
