package io.github.wudl.backend;

import io.github.wudl.transfer.TransferConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.function.Consumer;

/**
 * The options of a session that every backend takes, from whoever asks: the command line, the script host,
 * the Jenkins steps (whose options reach the engine as the command line's arguments) and embedders. Immutable;
 * make one with {@link #fromEnvironment} (what the command line does: defaults, then the environment) or
 * {@link #builder()} (defaults only), and change it with {@link #toBuilder()}.
 *
 * <p>This class is the one place where a session's environment variables are read: {@code WUDL_CACHE} (and
 * the platform's cache folders), {@code WUDL_PARALLEL}, {@code WUDL_PROGRESS_INTERVAL_MS}. Each backend maps
 * the settings to its own configuration and applies its own default where a setting is unset (null).
 */
public final class SessionSettings {
    /** Shortest time between two progress callbacks of a job unless told otherwise: at most 10 a second. */
    public static final Duration DEFAULT_PROGRESS_INTERVAL = Duration.ofMillis(100);

    private final Path cacheDir;
    private final boolean allowUnverified;
    private final Duration stallTimeout;
    private final int parallel;
    private final Duration progressInterval;
    private final BiConsumer<String, Throwable> callbackErrorReporter;
    private final Consumer<String> warnings;
    private final String language;
    private final boolean includeSuperseded;
    private final Path testOnlyTrustRoot;

    private SessionSettings(Builder b) {
        cacheDir = (b.cacheDir != null ? b.cacheDir : defaultCacheDir(Map.of())).toAbsolutePath();
        allowUnverified = b.allowUnverified;
        stallTimeout = b.stallTimeout;
        parallel = b.parallel;
        progressInterval = b.progressInterval;
        callbackErrorReporter = b.callbackErrorReporter;
        warnings = b.warnings;
        language = b.language;
        includeSuperseded = b.includeSuperseded;
        testOnlyTrustRoot = b.testOnlyTrustRoot;
    }

    /** Every setting at its default; the cache folder as {@link #defaultCacheDir} gives it for no variables. */
    public static Builder builder() {
        return new Builder();
    }

    /**
     * Defaults, then what {@code env} says (the command line passes the process's environment; an embedder
     * its own map). A variable whose value is not a positive whole number is ignored; a {@code WUDL_PARALLEL}
     * above {@link TransferConfig#MAX_PARALLEL} is capped, and {@code notices} is told so in one line.
     */
    public static SessionSettings fromEnvironment(Map<String, String> env, Consumer<String> notices) {
        Builder b = builder().cacheDir(defaultCacheDir(env));
        long progressMs = positive(env.get("WUDL_PROGRESS_INTERVAL_MS"));
        if (progressMs > 0) {
            b.progressInterval(Duration.ofMillis(progressMs));
        }
        long parallel = positive(env.get("WUDL_PARALLEL"));
        if (parallel > TransferConfig.MAX_PARALLEL) {
            notices.accept("WUDL_PARALLEL=" + parallel + " is more than the " + TransferConfig.MAX_PARALLEL
                    + " files in flight wudl allows; using " + TransferConfig.MAX_PARALLEL + ".");
        }
        return b.parallel((int) Math.min(parallel, TransferConfig.MAX_PARALLEL)).build();
    }

    /**
     * Where the content cache lives when nobody says (SPEC §4 {@code --cache}): {@code WUDL_CACHE}; else
     * {@code %LOCALAPPDATA%\wudl} on Windows; else {@code $XDG_CACHE_HOME/wudl}; else {@code ~/.cache/wudl}.
     * Absolute.
     */
    public static Path defaultCacheDir(Map<String, String> env) {
        String explicit = env.get("WUDL_CACHE");
        if (given(explicit)) {
            return Path.of(explicit).toAbsolutePath();
        }
        boolean windows =
                System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows");
        String localAppData = env.get("LOCALAPPDATA");
        if (windows && given(localAppData)) {
            return Path.of(localAppData, "wudl").toAbsolutePath();
        }
        String xdg = env.get("XDG_CACHE_HOME");
        if (given(xdg)) {
            return Path.of(xdg, "wudl").toAbsolutePath();
        }
        return Path.of(System.getProperty("user.home"), ".cache", "wudl").toAbsolutePath();
    }

    public Builder toBuilder() {
        return new Builder(this);
    }

    /** The content cache's root, absolute (the portable backend's; WUA keeps content in its own store). */
    public Path cacheDir() {
        return cacheDir;
    }

    /** Accept catalog files that have no sha256/sha1 (SPEC §3 {@code --allow-unverified}). */
    public boolean allowUnverified() {
        return allowUnverified;
    }

    /**
     * How long no progress may last: for the portable backend no byte of a transfer for this long is a stall
     * (retried from where it stopped); for WUA a job whose progress has not moved is aborted. Null: the
     * backend's default (portable 60 s; WUA 15 minutes, since its own downloads pause for minutes).
     */
    public Duration stallTimeout() {
        return stallTimeout;
    }

    /**
     * Files in flight per job when &gt; 0 (at most {@link TransferConfig#MAX_PARALLEL}); 0: from the
     * downloader's Priority (Low 1, Normal 6, High 10, ExtraHigh 16). Environment: {@code WUDL_PARALLEL}.
     */
    public int parallel() {
        return parallel;
    }

    /**
     * Shortest time between two progress callbacks of one job (default 100 ms); environment:
     * {@code WUDL_PROGRESS_INTERVAL_MS}.
     */
    public Duration progressInterval() {
        return progressInterval;
    }

    /**
     * Told about every exception a user callback throws ({@code what} names the callback; the download goes
     * on); null: one line on standard error.
     */
    public BiConsumer<String, Throwable> callbackErrorReporter() {
        return callbackErrorReporter;
    }

    /**
     * One-line warnings that stop nothing (a plain-http catalog, a cache folder others can write), without
     * prefix; null: standard error, prefixed {@code wudl: warning: }.
     */
    public Consumer<String> warnings() {
        return warnings;
    }

    /**
     * The language of titles and descriptions where a catalog has several (the offline scan file), e.g.
     * {@code "de"}; {@code ""} (the default): each update's own default language.
     */
    public String language() {
        return language;
    }

    /** Whether a catalog that knows supersedence (the offline scan file) lists superseded updates too. */
    public boolean includeSuperseded() {
        return includeSuperseded;
    }

    /**
     * A PEM certificate trusted as a code-signing root besides Microsoft's, for tests that sign their own scan
     * files ({@code --test-only-trust-root}); null (the default) for Microsoft's roots only.
     */
    public Path testOnlyTrustRoot() {
        return testOnlyTrustRoot;
    }

    private static boolean given(String v) {
        return v != null && !v.isBlank();
    }

    /** A positive whole number, or 0 for anything else (absent, blank, malformed, zero or negative). */
    private static long positive(String v) {
        if (v == null) {
            return 0;
        }
        try {
            return Math.max(0, Long.parseLong(v.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }

    /** Builder; every setting has the default its getter documents. */
    public static final class Builder {
        private Path cacheDir;
        private boolean allowUnverified;
        private Duration stallTimeout;
        private int parallel;
        private Duration progressInterval = DEFAULT_PROGRESS_INTERVAL;
        private BiConsumer<String, Throwable> callbackErrorReporter;
        private Consumer<String> warnings;
        private String language = "";
        private boolean includeSuperseded;
        private Path testOnlyTrustRoot;

        private Builder() {}

        private Builder(SessionSettings s) {
            cacheDir = s.cacheDir;
            allowUnverified = s.allowUnverified;
            stallTimeout = s.stallTimeout;
            parallel = s.parallel;
            progressInterval = s.progressInterval;
            callbackErrorReporter = s.callbackErrorReporter;
            warnings = s.warnings;
            language = s.language;
            includeSuperseded = s.includeSuperseded;
            testOnlyTrustRoot = s.testOnlyTrustRoot;
        }

        /** Null for the default folder. */
        public Builder cacheDir(Path dir) {
            this.cacheDir = dir;
            return this;
        }

        public Builder allowUnverified(boolean allow) {
            this.allowUnverified = allow;
            return this;
        }

        /** Positive, or null for the backend's default. */
        public Builder stallTimeout(Duration timeout) {
            if (timeout != null && (timeout.isNegative() || timeout.isZero())) {
                throw new IllegalArgumentException("stallTimeout must be positive");
            }
            this.stallTimeout = timeout;
            return this;
        }

        /** 0 for "from the Priority"; a value above {@link TransferConfig#MAX_PARALLEL} is capped. */
        public Builder parallel(int filesInFlight) {
            if (filesInFlight < 0) {
                throw new IllegalArgumentException("parallel must not be negative");
            }
            this.parallel = Math.min(filesInFlight, TransferConfig.MAX_PARALLEL);
            return this;
        }

        public Builder progressInterval(Duration interval) {
            if (interval.isNegative() || interval.isZero()) {
                throw new IllegalArgumentException("progressInterval must be positive");
            }
            this.progressInterval = interval;
            return this;
        }

        /** Null for the default (standard error). */
        public Builder callbackErrorReporter(BiConsumer<String, Throwable> reporter) {
            this.callbackErrorReporter = reporter;
            return this;
        }

        /** Null for the default (standard error). */
        public Builder warnings(Consumer<String> sink) {
            this.warnings = sink;
            return this;
        }

        /** Null or blank for each update's default language. */
        public Builder language(String tag) {
            this.language = tag == null ? "" : tag.strip();
            return this;
        }

        public Builder includeSuperseded(boolean include) {
            this.includeSuperseded = include;
            return this;
        }

        /** Null for Microsoft's roots only. */
        public Builder testOnlyTrustRoot(Path pem) {
            this.testOnlyTrustRoot = pem;
            return this;
        }

        public SessionSettings build() {
            return new SessionSettings(this);
        }
    }
}
