package io.github.wudl.portable;

import io.github.wudl.transfer.TransferConfig;
import io.github.wudl.transfer.Warnings;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

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
    private final Consumer<String> warnings;

    private PortableOptions(Builder b) {
        this.warnings = b.warnings;
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

    /** Transfer behaviour; {@code maxParallel} is replaced per job from the downloader's Priority. */
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
     * Low 1, Normal 6, High 10, ExtraHigh 16. Environment: {@code WUDL_PARALLEL}.
     */
    public int parallelOverride() {
        return parallelOverride;
    }

    /** Gets one line per warning: what is worth a user's attention but does not stop the work. */
    public Consumer<String> warnings() {
        return warnings;
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
        private Duration progressInterval = Duration.ofMillis(positiveFromEnvironment("WUDL_PROGRESS_INTERVAL_MS", 100));
        private int parallelOverride = (int) positiveFromEnvironment("WUDL_PARALLEL", 0);
        private Consumer<String> warnings = Warnings.STDERR;
        private BiConsumer<String, Throwable> callbackErrorReporter = (what, error) ->
                System.err.println("wudl: the " + what + " threw " + error + "; the download goes on");

        private Builder() {
        }

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
            this.parallelOverride = filesInFlight;
            return this;
        }

        /** Where warnings go, one line each without prefix (default: standard error, see {@link Warnings}). */
        public Builder warnings(Consumer<String> sink) {
            this.warnings = Objects.requireNonNull(sink);
            return this;
        }

        public Builder callbackErrorReporter(BiConsumer<String, Throwable> reporter) {
            this.callbackErrorReporter = Objects.requireNonNull(reporter);
            return this;
        }

        public PortableOptions build() {
            return new PortableOptions(this);
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
