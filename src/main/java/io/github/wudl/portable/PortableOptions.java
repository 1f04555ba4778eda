package io.github.wudl.portable;

import io.github.wudl.job.CallbackErrors;
import io.github.wudl.transfer.TransferConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BiConsumer;

/**
 * Settings of a portable session: where the content cache is, whether unverified files are allowed, how
 * transfers behave and how often progress is reported. Immutable; make one with {@link #builder()}.
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
        this.cacheDir = b.cacheDir != null ? b.cacheDir : CacheLocation.defaultCacheDir();
        this.allowUnverified = b.allowUnverified;
        this.transferConfig = b.transferConfig;
        this.progressInterval = b.progressInterval;
        this.parallelOverride = b.parallelOverride;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** The content cache's root; default {@link CacheLocation#defaultCacheDir()}. */
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
     * Shortest time between two progress callbacks of one job (default 100 ms, i.e. ≤ 10/s; environment:
     * {@code WUDL_PROGRESS_INTERVAL_MS}, which is how {@code wudl run} scripts get a different rate).
     */
    public Duration progressInterval() {
        return progressInterval;
    }

    /**
     * Files in flight per job when set (&gt; 0); otherwise derived from the downloader's Priority:
     * Low 1, Normal 6, High 10, ExtraHigh 16. The jobs of a session share one scheduler, which has at most
     * the largest cap among its unfinished jobs in flight. Environment: {@code WUDL_PARALLEL}. At most
     * {@link TransferConfig#MAX_PARALLEL}: a larger value is capped, and a larger {@code WUDL_PARALLEL} is
     * said so once per process on standard error.
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
        private static final AtomicBoolean PARALLEL_CAP_SAID = new AtomicBoolean();
        private Path cacheDir;
        private boolean allowUnverified;
        private TransferConfig transferConfig = TransferConfig.builder().build();
        private Duration progressInterval =
                Duration.ofMillis(positiveFromEnvironment("WUDL_PROGRESS_INTERVAL_MS", 100));
        private int parallelOverride = parallelFromEnvironment();
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

        /** WUDL_PARALLEL, capped; the cap is announced once per process (every session builds options). */
        private static int parallelFromEnvironment() {
            long n = positiveFromEnvironment("WUDL_PARALLEL", 0);
            if (n > TransferConfig.MAX_PARALLEL) {
                if (PARALLEL_CAP_SAID.compareAndSet(false, true)) {
                    System.err.println("wudl: WUDL_PARALLEL=" + n + " is more than the " + TransferConfig.MAX_PARALLEL
                            + " files in flight wudl allows; using " + TransferConfig.MAX_PARALLEL + ".");
                }
                return TransferConfig.MAX_PARALLEL;
            }
            return (int) n;
        }

        /** A positive whole number from the environment, else {@code fallback} (a bad value is ignored). */
        private static long positiveFromEnvironment(String name, long fallback) {
            String v = System.getenv(name);
            try {
                long n = v == null ? fallback : Long.parseLong(v.trim());
                return n > 0 ? n : fallback;
            } catch (NumberFormatException e) {
                return fallback;
            }
        }
    }
}
