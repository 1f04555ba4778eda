package io.github.wudl.portable;

import io.github.wudl.backend.SessionSettings;
import io.github.wudl.job.CallbackErrors;
import io.github.wudl.transfer.TransferConfig;
import io.github.wudl.transfer.Warnings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;

/**
 * Settings of a portable session: where the content cache is, whether unverified files are allowed, how
 * transfers behave and how often progress is reported. Immutable; made from a backend-neutral
 * {@link SessionSettings} by {@link #from} (what {@link PortableBackend#openSession(String, SessionSettings)}
 * does), or with {@link #builder()} by an embedder or test that also tunes the transfers. Reads no environment:
 * {@link SessionSettings#fromEnvironment} does that.
 */
public final class PortableOptions {
    private final Path cacheDir;
    private final boolean allowUnverified;
    private final TransferConfig transferConfig;
    private final Duration progressInterval;
    private final int parallelOverride;
    private final BiConsumer<String, Throwable> callbackErrorReporter;

    private PortableOptions(Builder b) {
        this.callbackErrorReporter = b.callbackErrorReporter;
        this.cacheDir = b.cacheDir != null
                ? b.cacheDir
                : SessionSettings.builder().build().cacheDir();
        this.allowUnverified = b.allowUnverified;
        this.transferConfig = b.transferConfig;
        this.progressInterval = b.progressInterval;
        this.parallelOverride = b.parallelOverride;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The portable reading of {@code settings}: its cache, verification rule, rates and reporters, with the
     * transfer defaults of {@link TransferConfig} and the settings' stall timeout when it has one.
     */
    public static PortableOptions from(SessionSettings settings) {
        TransferConfig.Builder transfer = TransferConfig.builder();
        if (settings.warnings() != null) {
            transfer.warnings(new Warnings(settings.warnings()));
        }
        if (settings.stallTimeout() != null) {
            transfer.stallTimeout(settings.stallTimeout());
        }
        Builder b = builder()
                .cacheDir(settings.cacheDir())
                .allowUnverified(settings.allowUnverified())
                .transferConfig(transfer.build())
                .progressInterval(settings.progressInterval())
                .parallel(settings.parallel());
        if (settings.callbackErrorReporter() != null) {
            b.callbackErrorReporter(settings.callbackErrorReporter());
        }
        return b.build();
    }

    /** The content cache's root; default {@link SessionSettings#defaultCacheDir} for no environment. */
    public Path cacheDir() {
        return cacheDir;
    }

    /** Accept catalog files without sha256/sha1 (SPEC §3 {@code --allow-unverified}). */
    public boolean allowUnverified() {
        return allowUnverified;
    }

    /**
     * Transfer behaviour; its {@code maxParallel} is not used by downloads: a job's cap comes from
     * {@link #parallelOverride()} or the downloader's Priority.
     */
    public TransferConfig transferConfig() {
        return transferConfig;
    }

    /**
     * Shortest time between two progress callbacks of one job (default 100 ms, i.e. ≤ 10/s).
     */
    public Duration progressInterval() {
        return progressInterval;
    }

    /**
     * Files in flight per job when set (&gt; 0); otherwise derived from the downloader's Priority:
     * Low 1, Normal 6, High 10, ExtraHigh 16. The jobs of a session share one scheduler, which has at most
     * the largest cap among its unfinished jobs in flight. At most {@link TransferConfig#MAX_PARALLEL}: a
     * larger value is capped.
     */
    public int parallelOverride() {
        return parallelOverride;
    }

    /**
     * Told about every exception a user callback throws ({@code what} names the callback); the download
     * goes on. Default: one line on standard error.
     */
    public BiConsumer<String, Throwable> callbackErrorReporter() {
        return callbackErrorReporter;
    }

    /** Builder; every setting has the default its getter documents. */
    public static final class Builder {
        private Path cacheDir;
        private boolean allowUnverified;
        private TransferConfig transferConfig = TransferConfig.builder().build();
        private Duration progressInterval = SessionSettings.DEFAULT_PROGRESS_INTERVAL;
        private int parallelOverride;
        private BiConsumer<String, Throwable> callbackErrorReporter = CallbackErrors.standardError();

        private Builder() {}

        public Builder cacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        public Builder allowUnverified(boolean allow) {
            this.allowUnverified = allow;
            return this;
        }

        public Builder transferConfig(TransferConfig config) {
            this.transferConfig = Objects.requireNonNull(config);
            return this;
        }

        public Builder progressInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("progressInterval must be positive");
            }
            this.progressInterval = interval;
            return this;
        }

        public Builder parallel(int filesInFlight) {
            this.parallelOverride = Math.min(filesInFlight, TransferConfig.MAX_PARALLEL);
            return this;
        }

        public Builder callbackErrorReporter(BiConsumer<String, Throwable> reporter) {
            this.callbackErrorReporter = Objects.requireNonNull(reporter);
            return this;
        }

        public PortableOptions build() {
            return new PortableOptions(this);
        }
    }
}
