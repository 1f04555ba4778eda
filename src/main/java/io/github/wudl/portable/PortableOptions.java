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
 * The portable backend's reading of a {@link SessionSettings}: the settings themselves, plus the
 * {@link TransferConfig} its transfers run with (the settings' stall timeout and warnings in it). Immutable;
 * made by {@link #from} (what {@link PortableBackend#openSession(String, SessionSettings)} does), or with
 * {@link #builder()} by an embedder or test that also tunes the transfers (retries, back-off, buffers). Reads
 * no environment: {@link SessionSettings#fromEnvironment} does that.
 */
public final class PortableOptions {
    private final SessionSettings settings;
    private final TransferConfig transferConfig;

    private PortableOptions(SessionSettings settings, TransferConfig transferConfig) {
        this.settings = settings;
        this.transferConfig = transferConfig;
    }

    public static Builder builder() {
        return new Builder();
    }

    /**
     * The portable reading of {@code settings}: the transfer defaults of {@link TransferConfig}, with the
     * settings' stall timeout and warnings sink where they have one.
     */
    public static PortableOptions from(SessionSettings settings) {
        TransferConfig.Builder transfer = TransferConfig.builder();
        if (settings.warnings() != null) {
            transfer.warnings(new Warnings(settings.warnings()));
        }
        if (settings.stallTimeout() != null) {
            transfer.stallTimeout(settings.stallTimeout());
        }
        return new PortableOptions(settings, transfer.build());
    }

    /** The settings these options were made from. */
    public SessionSettings settings() {
        return settings;
    }

    /** The content cache's root ({@link SessionSettings#cacheDir()}). */
    public Path cacheDir() {
        return settings.cacheDir();
    }

    /** Accept catalog files without sha256/sha1 (SPEC §3 {@code --allow-unverified}). */
    public boolean allowUnverified() {
        return settings.allowUnverified();
    }

    /**
     * Transfer behaviour; its {@code maxParallel} is not used by downloads: a job's cap comes from
     * {@link #parallelOverride()} or the downloader's Priority.
     */
    public TransferConfig transferConfig() {
        return transferConfig;
    }

    /** Shortest time between two progress callbacks of one job ({@link SessionSettings#progressInterval()}). */
    public Duration progressInterval() {
        return settings.progressInterval();
    }

    /**
     * Files in flight per job when set (&gt; 0); otherwise derived from the downloader's Priority:
     * Low 1, Normal 6, High 10, ExtraHigh 16. The jobs of a session share one scheduler, which has at most
     * the largest cap among its unfinished jobs in flight. At most {@link TransferConfig#MAX_PARALLEL}.
     */
    public int parallelOverride() {
        return settings.parallel();
    }

    /**
     * Told about every exception a user callback throws ({@code what} names the callback); the download
     * goes on. Default: one line on standard error.
     */
    public BiConsumer<String, Throwable> callbackErrorReporter() {
        BiConsumer<String, Throwable> r = settings.callbackErrorReporter();
        return r != null ? r : CallbackErrors.standardError();
    }

    /** Builder over {@link SessionSettings.Builder}; every setting has the default its getter documents. */
    public static final class Builder {
        private final SessionSettings.Builder settings = SessionSettings.builder();
        private TransferConfig transferConfig = TransferConfig.builder().build();

        private Builder() {}

        public Builder cacheDir(Path dir) {
            settings.cacheDir(dir);
            return this;
        }

        public Builder allowUnverified(boolean allow) {
            settings.allowUnverified(allow);
            return this;
        }

        /** Used as it is: its stall timeout and warnings are the session's. */
        public Builder transferConfig(TransferConfig config) {
            this.transferConfig = Objects.requireNonNull(config);
            return this;
        }

        public Builder progressInterval(Duration interval) {
            settings.progressInterval(interval);
            return this;
        }

        public Builder parallel(int filesInFlight) {
            settings.parallel(filesInFlight);
            return this;
        }

        public Builder callbackErrorReporter(BiConsumer<String, Throwable> reporter) {
            settings.callbackErrorReporter(Objects.requireNonNull(reporter));
            return this;
        }

        public PortableOptions build() {
            TransferConfig t = transferConfig;
            return new PortableOptions(settings.stallTimeout(t.stallTimeout()).build(), t);
        }
    }
}
