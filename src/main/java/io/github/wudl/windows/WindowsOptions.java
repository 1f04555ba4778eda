package io.github.wudl.windows;

import io.github.wudl.backend.SessionSettings;
import io.github.wudl.job.CallbackErrors;
import java.time.Duration;
import java.util.function.BiConsumer;

/**
 * Settings of the Windows backend.
 *
 * @param stallTimeout    a job whose progress has not moved for this long is aborted (RequestAbort); WUA has
 *                        no timeout of its own (wua-reference §3.1)
 * @param overallTimeout  a job still running after this long is aborted; null for none
 * @param callbackErrorReporter told of every exception a callback throws; the download goes on
 */
public record WindowsOptions(
        Duration stallTimeout, Duration overallTimeout, BiConsumer<String, Throwable> callbackErrorReporter) {
    /** With callback errors reported on standard error, as the portable backend does by default. */
    public WindowsOptions(Duration stallTimeout, Duration overallTimeout) {
        this(stallTimeout, overallTimeout, CallbackErrors.standardError());
    }

    public WindowsOptions {
        if (callbackErrorReporter == null) {
            throw new IllegalArgumentException("callbackErrorReporter must not be null");
        }
        if (stallTimeout == null || stallTimeout.isNegative() || stallTimeout.isZero()) {
            throw new IllegalArgumentException("stallTimeout must be positive");
        }
        if (overallTimeout != null && (overallTimeout.isNegative() || overallTimeout.isZero())) {
            throw new IllegalArgumentException("overallTimeout must be positive or null");
        }
    }

    /**
     * The Windows reading of {@code settings}: its stall timeout (15 minutes when it has none) and callback
     * error reporter (standard error when it has none), no overall limit (whoever runs the job bounds it: the
     * command line's {@code --timeout}, a script's). The cache and verification settings are the portable
     * backend's: WUA keeps and checks content in its own store.
     */
    public static WindowsOptions from(SessionSettings settings) {
        WindowsOptions d = defaults();
        return new WindowsOptions(
                settings.stallTimeout() == null ? d.stallTimeout() : settings.stallTimeout(),
                null,
                settings.callbackErrorReporter() == null
                        ? d.callbackErrorReporter()
                        : settings.callbackErrorReporter());
    }

    /** 15 minutes without progress (WUA's own downloads can pause for minutes), no overall limit. */
    public static WindowsOptions defaults() {
        return new WindowsOptions(Duration.ofMinutes(15), null);
    }
}
