package io.github.wudl.transfer;

import java.time.Duration;
import java.util.Objects;
import javax.net.ssl.SSLContext;

/**
 * How transfers behave: parallelism, stall detection, retry budget and backoff, redirects. Immutable;
 * make one with {@link #builder()}.
 *
 * <p>Retry budget: a failed attempt that made no net progress uses one of {@code maxRetries}; an attempt
 * that made progress (the partial file got longer than it ever was from that source) does not, so a long
 * download over a flaky link finishes, while a server that restarts from zero each time runs the budget out. Backoff
 * doubles from {@code backoffBase} up to {@code backoffMax}; a server's Retry-After is honoured up to
 * {@code retryAfterMax}.
 */
public final class TransferConfig {
    private final int maxParallel;
    private final Duration stallTimeout;
    private final int maxRetries;
    private final Duration backoffBase;
    private final Duration backoffMax;
    private final Duration retryAfterMax;
    private final int maxRedirects;
    private final String userAgent;
    private final SSLContext sslContext;
    private final int bufferSize;
    private final Warnings warnings;

    private TransferConfig(Builder b) {
        this.maxParallel = b.maxParallel;
        this.stallTimeout = b.stallTimeout;
        this.maxRetries = b.maxRetries;
        this.backoffBase = b.backoffBase;
        this.backoffMax = b.backoffMax;
        this.retryAfterMax = b.retryAfterMax;
        this.maxRedirects = b.maxRedirects;
        this.userAgent = b.userAgent;
        this.sslContext = b.sslContext;
        this.bufferSize = b.bufferSize;
        this.warnings = b.warnings;
    }

    public static Builder builder() {
        return new Builder();
    }

    public Builder toBuilder() {
        Builder b = new Builder();
        b.maxParallel = maxParallel;
        b.stallTimeout = stallTimeout;
        b.maxRetries = maxRetries;
        b.backoffBase = backoffBase;
        b.backoffMax = backoffMax;
        b.retryAfterMax = retryAfterMax;
        b.maxRedirects = maxRedirects;
        b.userAgent = userAgent;
        b.sslContext = sslContext;
        b.bufferSize = bufferSize;
        b.warnings = warnings;
        return b;
    }

    /**
     * Most files in flight at once that any setting gets: each is a thread and a connection, and beyond this
     * a server or the local disk, not wudl, is the limit (WUDL_PARALLEL=100000 once started 9,077 threads).
     */
    public static final int MAX_PARALLEL = 64;

    /**
     * Cap of the {@link Transferer}'s default group, the one {@link Transferer#submit} uses (default 4, at
     * most {@link #MAX_PARALLEL}); a {@link Transferer.Group} has its own.
     */
    public int maxParallel() {
        return maxParallel;
    }

    /** No byte received for this long is a stall: the attempt is dropped and retried (default 60 s). */
    public Duration stallTimeout() {
        return stallTimeout;
    }

    /** Retries without progress allowed per file (default 5). */
    public int maxRetries() {
        return maxRetries;
    }

    public Duration backoffBase() {
        return backoffBase;
    }

    public Duration backoffMax() {
        return backoffMax;
    }

    public Duration retryAfterMax() {
        return retryAfterMax;
    }

    /** Redirects followed per request (default 10). */
    public int maxRedirects() {
        return maxRedirects;
    }

    public String userAgent() {
        return userAgent;
    }

    /** The TLS context for https, or null for the JVM default trust. */
    public SSLContext sslContext() {
        return sslContext;
    }

    /** I/O buffer size in bytes (default 256 KiB). */
    public int bufferSize() {
        return bufferSize;
    }

    /**
     * Where non-fatal warnings go (a plain-http catalog, content redirected from https to http), each once;
     * default: standard error, one instance per builder, shared by the configs derived from it.
     */
    public Warnings warnings() {
        return warnings;
    }

    /** Builder with the defaults documented on each getter. */
    public static final class Builder {
        private int maxParallel = 4;
        private Duration stallTimeout = Duration.ofSeconds(60);
        private int maxRetries = 5;
        private Duration backoffBase = Duration.ofMillis(500);
        private Duration backoffMax = Duration.ofSeconds(30);
        private Duration retryAfterMax = Duration.ofMinutes(2);
        private int maxRedirects = 10;
        private String userAgent = "wudl/0.1";
        private SSLContext sslContext;
        private int bufferSize = 256 * 1024;
        private Warnings warnings = Warnings.toStandardError();

        private Builder() {}

        public Builder warnings(Warnings w) {
            this.warnings = Objects.requireNonNull(w);
            return this;
        }

        public Builder maxParallel(int n) {
            if (n < 1) {
                throw new IllegalArgumentException("maxParallel must be at least 1");
            }
            this.maxParallel = Math.min(n, MAX_PARALLEL);
            return this;
        }

        public Builder stallTimeout(Duration d) {
            this.stallTimeout = positive(d, "stallTimeout");
            return this;
        }

        public Builder maxRetries(int n) {
            if (n < 0) {
                throw new IllegalArgumentException("maxRetries must not be negative");
            }
            this.maxRetries = n;
            return this;
        }

        public Builder backoff(Duration base, Duration max) {
            this.backoffBase = Objects.requireNonNull(base);
            this.backoffMax = Objects.requireNonNull(max);
            return this;
        }

        public Builder retryAfterMax(Duration d) {
            this.retryAfterMax = Objects.requireNonNull(d);
            return this;
        }

        public Builder maxRedirects(int n) {
            this.maxRedirects = n;
            return this;
        }

        public Builder userAgent(String ua) {
            this.userAgent = Objects.requireNonNull(ua);
            return this;
        }

        public Builder sslContext(SSLContext ctx) {
            this.sslContext = ctx;
            return this;
        }

        public Builder bufferSize(int bytes) {
            this.bufferSize = bytes;
            return this;
        }

        public TransferConfig build() {
            return new TransferConfig(this);
        }

        private static Duration positive(Duration d, String what) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(what + " must be positive");
            }
            return d;
        }
    }
}
