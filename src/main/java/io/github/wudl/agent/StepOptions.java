package io.github.wudl.agent;

import io.github.wudl.cli.CliOptions;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * The options of one Jenkins step, {@code wuDownload} or {@code wuScript} (SPEC §6), as plain immutable Java:
 * validated by {@link #validate()} with the same messages the plugin's form checks show
 * ({@code checkXxx} return null when a value is fine), and turned into the engine's command line by
 * {@link #toArguments}. Deliberately not {@link java.io.Serializable}: what crosses the remoting channel or
 * rests in a build's {@code program.dat} is {@link #toWire()}, JDK types only, because Jenkins (JEP-200)
 * refuses classes of a library jar there.
 *
 * <p>Blank strings mean "not given" everywhere, as Jenkins forms send them; the engine's defaults then apply.
 */
public final class StepOptions {
    /** Which step, and so which command: {@code download} or {@code run}. */
    public enum Kind {
        DOWNLOAD,
        SCRIPT
    }

    private final Kind kind;
    private final String catalog;
    private final String criteria;
    private final String downloadType;
    private final String outputDir;
    private final String cacheDir;
    private final String priority;
    private final Integer stallTimeout;
    private final Integer timeout;
    private final boolean allowUnverified;
    private final boolean failOnError;
    private final String file;
    private final List<String> args;
    private final List<String> allowRead;
    private final String language;
    private final boolean includeSuperseded;
    private final String testOnlyTrustRoot;
    private final List<String> kb;
    private final List<String> product;
    private final List<String> classification;
    private final List<String> arch;
    private final List<String> hide;
    private final List<String> unhide;
    private final String releasedSince;
    private final String memoryLimit;
    private final String codePage;
    private final String lock;

    private StepOptions(Builder b) {
        kind = b.kind;
        catalog = blankToNull(b.catalog);
        criteria = blankToNull(b.criteria);
        downloadType = blankToNull(b.downloadType);
        outputDir = blankToNull(b.outputDir);
        cacheDir = blankToNull(b.cacheDir);
        priority = blankToNull(b.priority);
        stallTimeout = b.stallTimeout;
        timeout = b.timeout;
        allowUnverified = b.allowUnverified;
        failOnError = b.failOnError;
        file = blankToNull(b.file);
        args = List.copyOf(b.args);
        allowRead =
                b.allowRead.stream().filter(d -> !isBlank(d)).map(String::trim).toList();
        language = blankToNull(b.language);
        includeSuperseded = b.includeSuperseded;
        testOnlyTrustRoot = blankToNull(b.testOnlyTrustRoot);
        kb = given(b.kb);
        product = given(b.product);
        classification = given(b.classification);
        arch = given(b.arch);
        hide = given(b.hide);
        unhide = given(b.unhide);
        releasedSince = blankToNull(b.releasedSince);
        memoryLimit = blankToNull(b.memoryLimit);
        codePage = blankToNull(b.codePage);
        lock = blankToNull(b.lock);
    }

    private static List<String> given(List<String> values) {
        return values.stream().filter(v -> !isBlank(v)).map(String::trim).toList();
    }

    /** Options of {@code wuDownload} over {@code catalog} (a path or an http(s) URL). */
    public static Builder download(String catalog) {
        return new Builder(Kind.DOWNLOAD).catalog(catalog);
    }

    /** Options of {@code wuScript} running {@code file} (relative to the workspace, or absolute). */
    public static Builder script(String file) {
        return new Builder(Kind.SCRIPT).file(file);
    }

    public Kind kind() {
        return kind;
    }

    public String catalog() {
        return catalog;
    }

    public String criteria() {
        return criteria;
    }

    public String downloadType() {
        return downloadType;
    }

    public String outputDir() {
        return outputDir;
    }

    public String cacheDir() {
        return cacheDir;
    }

    public String priority() {
        return priority;
    }
    /** Seconds, or null for the engine's default (60). */
    public Integer stallTimeout() {
        return stallTimeout;
    }
    /** Seconds, or null for no limit. */
    public Integer timeout() {
        return timeout;
    }

    public boolean allowUnverified() {
        return allowUnverified;
    }
    /** Whether a failed update fails the step (default true); {@code wuScript} ignores it. */
    public boolean failOnError() {
        return failOnError;
    }

    public String file() {
        return file;
    }

    public List<String> args() {
        return args;
    }
    /** Folders besides the workspace whose catalogs a {@code wuScript} script may register ({@code --allow-read}). */
    public List<String> allowRead() {
        return allowRead;
    }

    /** Titles and descriptions of an offline scan file in this language, or null for each update's own. */
    public String language() {
        return language;
    }

    /** Whether superseded updates of an offline scan file are listed too. */
    public boolean includeSuperseded() {
        return includeSuperseded;
    }

    /** For tests only: a PEM root certificate also trusted as a signer of offline scan files, or null. */
    public String testOnlyTrustRoot() {
        return testOnlyTrustRoot;
    }

    /** {@code wuDownload} only: KB numbers an update must have one of (empty: any). */
    public List<String> kb() {
        return kb;
    }

    /** {@code wuDownload} only: product names or CategoryIDs (empty: any). */
    public List<String> product() {
        return product;
    }

    /** {@code wuDownload} only: classification names or CategoryIDs (empty: any). */
    public List<String> classification() {
        return classification;
    }

    /** {@code wuDownload} only: architectures, x64, x86 or arm64 (empty: any). */
    public List<String> arch() {
        return arch;
    }

    /** {@code wuDownload} only: update IDs or KB numbers to hide before the search (machine state, kept). */
    public List<String> hide() {
        return hide;
    }

    /** {@code wuDownload} only: update IDs or KB numbers to show again before the search. */
    public List<String> unhide() {
        return unhide;
    }

    /** {@code wuDownload} only: the first day (YYYY-MM-DD, UTC) of LastDeploymentChangeTime, or null for any. */
    public String releasedSince() {
        return releasedSince;
    }

    /** {@code wuScript} only: the most memory the script may fill (512m, 2g), or null for the default (1g). */
    public String memoryLimit() {
        return memoryLimit;
    }

    /** {@code wuDownload} only: a lock file (from {@code wudl lock}) whose pinned updates are downloaded, or null. */
    public String lock() {
        return lock;
    }

    /** {@code wuScript} only: the ANSI code page of a script that is neither UTF-16 nor UTF-8, or null (1252). */
    public String codePage() {
        return codePage;
    }

    /** Every problem with these options, one sentence each; empty when they are fine. */
    public List<String> problems() {
        List<String> p = new ArrayList<>();
        if (kind == Kind.DOWNLOAD) {
            if (lock == null || catalog != null) {
                add(p, checkCatalog(catalog)); // with a lock, the catalog defaults to the lock's
            }
            if (lock != null
                    && (criteria != null
                            || !kb.isEmpty()
                            || !product.isEmpty()
                            || !classification.isEmpty()
                            || !arch.isEmpty()
                            || releasedSince != null)) {
                p.add("lock: the lock is the selection; leave criteria, kb, product, classification, arch and"
                        + " releasedSince out.");
            }
            add(p, checkDownloadType(downloadType));
            add(p, checkPriority(priority));
            add(p, checkSeconds("stallTimeout", stallTimeout));
            kb.forEach(k -> add(p, checkKb(k)));
            arch.forEach(a -> add(p, checkArch(a)));
            hide.forEach(t -> add(p, checkUpdateTarget("hide", t)));
            unhide.forEach(t -> add(p, checkUpdateTarget("unhide", t)));
            add(p, checkReleasedSince(releasedSince));
        } else {
            if (!kb.isEmpty()
                    || !product.isEmpty()
                    || !classification.isEmpty()
                    || !arch.isEmpty()
                    || !hide.isEmpty()
                    || !unhide.isEmpty()
                    || lock != null
                    || releasedSince != null) {
                p.add("kb, product, classification, arch, releasedSince, hide, unhide and lock belong to wuDownload; a"
                        + " wuScript script selects updates with its own search criteria and hides them with"
                        + " IsHidden.");
            }
            add(p, checkScriptFile(file));
            add(p, checkMemoryLimit(memoryLimit));
            add(p, checkCodePage(codePage));
            if (catalog != null) {
                add(p, checkCatalog(catalog));
            }
        }
        add(p, checkSeconds("timeout", timeout));
        add(p, checkLanguage(language));
        return p;
    }

    /** Throws {@link IllegalArgumentException} with the {@link #problems()} joined, if there are any. */
    public StepOptions validate() {
        List<String> p = problems();
        if (!p.isEmpty()) {
            throw new IllegalArgumentException(String.join("; ", p));
        }
        return this;
    }

    /**
     * The engine's command line for these options (without {@code java -jar}).
     *
     * @param reportFile where {@code download} writes its {@code --report} JSON; ignored for {@code run}
     */
    public List<String> toArguments(String reportFile) {
        return toArguments(reportFile, null);
    }

    /**
     * As {@link #toArguments(String)}; for {@code run}, {@code workspace} (when not null) is the first
     * {@code --allow-read} folder, so a script may register the catalogs of its own workspace and nothing else
     * that the step does not name.
     */
    public List<String> toArguments(String reportFile, String workspace) {
        validate();
        List<String> a = new ArrayList<>();
        if (kind == Kind.DOWNLOAD) {
            a.add("download");
            addIf(a, "--catalog", catalog); // absent only with a lock, whose catalog it then is
            addIf(a, "--criteria", criteria);
            addIf(a, "--type", downloadType == null ? null : downloadType.trim().toLowerCase(Locale.ROOT));
            addIf(a, "--cache", cacheDir);
            addIf(a, "--out", outputDir);
            addIf(a, "--priority", priority == null ? null : priority.trim().toLowerCase(Locale.ROOT));
            addIf(a, "--stall-timeout", stallTimeout == null ? null : stallTimeout.toString());
            addIf(a, "--timeout", timeout == null ? null : timeout.toString());
            if (allowUnverified) {
                a.add("--allow-unverified");
            }
            scanFileArguments(a);
            kb.forEach(k -> addIf(a, "--kb", k));
            product.forEach(v -> addIf(a, "--product", v));
            classification.forEach(v -> addIf(a, "--classification", v));
            arch.forEach(v -> addIf(a, "--arch", v));
            addIf(a, "--lock", lock);
            hide.forEach(v -> addIf(a, "--hide", v));
            unhide.forEach(v -> addIf(a, "--unhide", v));
            addIf(a, "--released-since", releasedSince);
            a.addAll(List.of("--report", Objects.requireNonNull(reportFile, "reportFile")));
        } else {
            a.add("run");
            addIf(a, "--catalog", catalog);
            addIf(a, "--cache", cacheDir);
            addIf(a, "--timeout", timeout == null ? null : timeout.toString());
            addIf(a, "--allow-read", workspace);
            for (String dir : allowRead) {
                addIf(a, "--allow-read", dir);
            }
            scanFileArguments(a);
            addIf(a, "--memory-limit", memoryLimit);
            addIf(a, "--code-page", codePage);
            // "--" ends wudl's options: a script named "-x.js" is still the script, its arguments its own
            a.add("--");
            a.add(file);
            a.addAll(args);
        }
        return a;
    }

    private void scanFileArguments(List<String> a) {
        addIf(a, "--language", language);
        if (includeSuperseded) {
            a.add("--include-superseded");
        }
        addIf(a, "--test-only-trust-root", testOnlyTrustRoot);
    }

    /**
     * These options as JDK types only: a {@link HashMap} of {@link String}, {@link Integer}, {@link Boolean}
     * and {@link ArrayList} of strings; absent values are absent keys. {@link #fromWire} reads it back.
     */
    // a HashMap, not a Map, on purpose: the wire form must be Serializable, and the Jenkins plugin keeps and
    // sends it as one (a field of program.dat, a remoting callable's value)
    @SuppressWarnings("NonApiType")
    public HashMap<String, Object> toWire() {
        HashMap<String, Object> m = new HashMap<>();
        m.put("kind", kind.name());
        putIf(m, "catalog", catalog);
        putIf(m, "criteria", criteria);
        putIf(m, "downloadType", downloadType);
        putIf(m, "outputDir", outputDir);
        putIf(m, "cacheDir", cacheDir);
        putIf(m, "priority", priority);
        putIf(m, "stallTimeout", stallTimeout);
        putIf(m, "timeout", timeout);
        m.put("allowUnverified", allowUnverified);
        m.put("failOnError", failOnError);
        putIf(m, "file", file);
        m.put("args", new ArrayList<>(args));
        m.put("allowRead", new ArrayList<>(allowRead));
        putIf(m, "language", language);
        m.put("includeSuperseded", includeSuperseded);
        putIf(m, "testOnlyTrustRoot", testOnlyTrustRoot);
        m.put("kb", new ArrayList<>(kb));
        m.put("product", new ArrayList<>(product));
        m.put("classification", new ArrayList<>(classification));
        m.put("arch", new ArrayList<>(arch));
        m.put("hide", new ArrayList<>(hide));
        m.put("unhide", new ArrayList<>(unhide));
        putIf(m, "releasedSince", releasedSince);
        putIf(m, "memoryLimit", memoryLimit);
        putIf(m, "codePage", codePage);
        putIf(m, "lock", lock);
        return m;
    }

    /**
     * The options that {@link #toWire()} gave.
     *
     * @throws IllegalArgumentException naming the key when {@code wire} is not such a map
     */
    public static StepOptions fromWire(Map<String, ?> wire) {
        Kind kind;
        try {
            kind = Kind.valueOf(String.valueOf(wire.get("kind")));
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(
                    "step options: 'kind' is " + wire.get("kind") + ", not DOWNLOAD or SCRIPT");
        }
        return new Builder(kind)
                .catalog(wireValue(wire, "catalog", String.class))
                .criteria(wireValue(wire, "criteria", String.class))
                .downloadType(wireValue(wire, "downloadType", String.class))
                .outputDir(wireValue(wire, "outputDir", String.class))
                .cacheDir(wireValue(wire, "cacheDir", String.class))
                .priority(wireValue(wire, "priority", String.class))
                .stallTimeout(wireValue(wire, "stallTimeout", Integer.class))
                .timeout(wireValue(wire, "timeout", Integer.class))
                .allowUnverified(Boolean.TRUE.equals(wireValue(wire, "allowUnverified", Boolean.class)))
                .failOnError(!Boolean.FALSE.equals(wireValue(wire, "failOnError", Boolean.class)))
                .file(wireValue(wire, "file", String.class))
                .args(wireStrings(wire, "args"))
                .allowRead(wireStrings(wire, "allowRead"))
                .language(wireValue(wire, "language", String.class))
                .includeSuperseded(Boolean.TRUE.equals(wireValue(wire, "includeSuperseded", Boolean.class)))
                .testOnlyTrustRoot(wireValue(wire, "testOnlyTrustRoot", String.class))
                .kb(wireStrings(wire, "kb"))
                .product(wireStrings(wire, "product"))
                .classification(wireStrings(wire, "classification"))
                .arch(wireStrings(wire, "arch"))
                .hide(wireStrings(wire, "hide"))
                .unhide(wireStrings(wire, "unhide"))
                .releasedSince(wireValue(wire, "releasedSince", String.class))
                .memoryLimit(wireValue(wire, "memoryLimit", String.class))
                .codePage(wireValue(wire, "codePage", String.class))
                .lock(wireValue(wire, "lock", String.class))
                .build();
    }

    private static <T> T wireValue(Map<String, ?> wire, String key, Class<T> type) {
        Object v = wire.get(key);
        if (v != null && !type.isInstance(v)) {
            throw new IllegalArgumentException(
                    "step options: '" + key + "' is a " + v.getClass().getName() + ", not a " + type.getSimpleName());
        }
        return type.cast(v);
    }

    private static List<String> wireStrings(Map<String, ?> wire, String key) {
        List<?> list = wireValue(wire, key, List.class);
        List<String> out = new ArrayList<>();
        if (list != null) {
            for (Object o : list) {
                out.add(wireValue(Map.of(key, o), key, String.class));
            }
        }
        return out;
    }

    private static void putIf(Map<String, Object> m, String key, Object value) {
        if (value != null) {
            m.put(key, value);
        }
    }

    /**
     * The arguments in a form's text area: one per line, as written (spaces kept, a trailing CR dropped);
     * lines that are empty or only blanks are skipped, so a final newline adds no empty argument.
     */
    public static List<String> argsFromLines(String text) {
        List<String> out = new ArrayList<>();
        if (text != null) {
            for (String line : text.split("\n", -1)) {
                String l = line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
                if (!l.isBlank()) {
                    out.add(l);
                }
            }
        }
        return out;
    }

    /** {@code args} for a form's text area, one per line: the inverse of {@link #argsFromLines}. */
    public static String argsToLines(List<String> args) {
        return args == null ? "" : String.join("\n", args);
    }

    // ---- checks shared with the plugin's doCheckXxx: null when fine, else one sentence -------------------

    /** The catalog must be given: a catalog.json path (relative to the workspace) or an http(s) URL. */
    public static String checkCatalog(String value) {
        return isBlank(value)
                ? "A catalog is required: a catalog.json path in the workspace or an http(s) URL (or a lock that"
                        + " names one)."
                : null;
    }

    /** {@code full} or {@code bootstrapper}; blank means full. */
    public static String checkDownloadType(String value) {
        return isBlank(value) ? null : parse(() -> CliOptions.downloadType(value));
    }

    /** {@code low}, {@code normal}, {@code high} or {@code extrahigh}; blank means normal. */
    public static String checkPriority(String value) {
        return isBlank(value) ? null : parse(() -> CliOptions.priority(value));
    }

    /** A whole number of seconds above 0, as a form sends it; blank means the default. */
    public static String checkSeconds(String field, String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            return checkSeconds(field, Integer.valueOf(value.trim()));
        } catch (NumberFormatException e) {
            return field + ": '" + value + "' is not a whole number of seconds; write e.g. 60.";
        }
    }

    /** Null (the default) or a number of seconds above 0. */
    public static String checkSeconds(String field, Integer seconds) {
        if (seconds == null) {
            return null;
        }
        return seconds <= 0
                ? field + ": " + seconds + " is not positive; give a number of seconds above 0, e.g. 60."
                : null;
    }

    /** A KB number, digits with or without "KB" before them; blank means none. */
    public static String checkKb(String value) {
        if (isBlank(value) || CliOptions.isKb(value)) {
            return null;
        }
        return "kb: '" + value.trim() + "' is not a KB number; write digits such as 5050000 or KB5050000.";
    }

    /** An update ID (GUID) or a KB number, for {@code field} ({@code hide} or {@code unhide}); blank means none. */
    public static String checkUpdateTarget(String field, String value) {
        if (isBlank(value) || CliOptions.isUpdateId(value) || CliOptions.isKb(value)) {
            return null;
        }
        return field + ": '" + value.trim() + "' is neither an update ID (a GUID) nor a KB number; write"
                + " 7a1c3f9e-0b2d-4c5e-8f60-1a2b3c4d5e6f or KB5050000.";
    }

    /** {@code x64}, {@code x86} or {@code arm64}; blank means any. */
    public static String checkArch(String value) {
        if (isBlank(value) || CliOptions.ARCHITECTURES.contains(value.trim().toLowerCase(Locale.ROOT))) {
            return null;
        }
        return "arch: '" + value.trim() + "' is not an architecture; write x64, x86 or arm64.";
    }

    /** A size such as 512m or 2g, at least 64m; blank means the default (1g). */
    public static String checkMemoryLimit(String value) {
        if (isBlank(value)) {
            return null;
        }
        long bytes = CliOptions.memoryLimitBytes(value);
        if (bytes < 0) {
            return "memoryLimit: '" + value.trim() + "' is not a size; write one such as 512m or 2g.";
        }
        return bytes < CliOptions.MIN_MEMORY_LIMIT
                ? "memoryLimit: '" + value.trim() + "' is too small; the script host needs 64m."
                : null;
    }

    /** A Windows code page number (932) or charset name (Shift_JIS); blank means the default (1252). */
    public static String checkCodePage(String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            io.github.wudl.script.CodePages.of(value);
            return null;
        } catch (IllegalArgumentException e) {
            return "codePage: " + e.getMessage() + ".";
        }
    }

    /** A day written YYYY-MM-DD; blank means any. */
    public static String checkReleasedSince(String value) {
        if (isBlank(value)) {
            return null;
        }
        try {
            java.time.LocalDate.parse(value.trim());
            return null;
        } catch (java.time.format.DateTimeParseException e) {
            return "releasedSince: '" + value.trim() + "' is not a day; write it as 2026-11-01.";
        }
    }

    /** A language tag such as en, de or pt-BR; blank means each update's own default language. */
    public static String checkLanguage(String value) {
        if (isBlank(value) || value.trim().matches("[A-Za-z0-9-]{1,20}")) {
            return null;
        }
        return "language: '" + value.trim() + "' is not a language tag; write one such as en, de or pt-BR.";
    }

    /** The script file must be given, a {@code .js} file. */
    public static String checkScriptFile(String value) {
        if (isBlank(value)) {
            return "A script file is required: the path of a .js file in the workspace.";
        }
        return null;
    }

    private static String parse(Runnable parse) {
        try {
            parse.run();
            return null;
        } catch (IllegalArgumentException e) {
            return e.getMessage();
        }
    }

    private static void add(List<String> problems, String problem) {
        if (problem != null) {
            problems.add(problem);
        }
    }

    private static void addIf(List<String> a, String option, String value) {
        if (value != null) {
            a.add(option);
            a.add(value);
        }
    }

    private static boolean isBlank(String s) {
        return s == null || s.isBlank();
    }

    private static String blankToNull(String s) {
        return isBlank(s) ? null : s.trim();
    }

    @Override
    public String toString() {
        return kind == Kind.DOWNLOAD ? "wuDownload " + catalog : "wuScript " + file;
    }

    /** Builds {@link StepOptions}; null and blank values mean "not given". Not thread-safe. */
    public static final class Builder {
        private final Kind kind;
        private String catalog;
        private String criteria;
        private String downloadType;
        private String outputDir;
        private String cacheDir;
        private String priority;
        private Integer stallTimeout;
        private Integer timeout;
        private boolean allowUnverified;
        private boolean failOnError = true;
        private String file;
        private List<String> args = List.of();
        private List<String> allowRead = List.of();
        private String language;
        private boolean includeSuperseded;
        private String testOnlyTrustRoot;
        private List<String> kb = List.of();
        private List<String> product = List.of();
        private List<String> classification = List.of();
        private List<String> arch = List.of();
        private List<String> hide = List.of();
        private List<String> unhide = List.of();
        private String releasedSince;
        private String memoryLimit;
        private String codePage;
        private String lock;

        private Builder(Kind kind) {
            this.kind = kind;
        }

        public Builder catalog(String v) {
            catalog = v;
            return this;
        }

        public Builder criteria(String v) {
            criteria = v;
            return this;
        }

        public Builder downloadType(String v) {
            downloadType = v;
            return this;
        }

        public Builder outputDir(String v) {
            outputDir = v;
            return this;
        }

        public Builder cacheDir(String v) {
            cacheDir = v;
            return this;
        }

        public Builder priority(String v) {
            priority = v;
            return this;
        }

        public Builder stallTimeout(Integer seconds) {
            stallTimeout = seconds;
            return this;
        }

        public Builder timeout(Integer seconds) {
            timeout = seconds;
            return this;
        }

        public Builder allowUnverified(boolean v) {
            allowUnverified = v;
            return this;
        }

        public Builder failOnError(boolean v) {
            failOnError = v;
            return this;
        }

        public Builder file(String v) {
            file = v;
            return this;
        }

        public Builder args(List<String> v) {
            args = v == null ? List.of() : List.copyOf(v);
            return this;
        }

        public Builder allowRead(List<String> v) {
            allowRead = v == null ? List.of() : List.copyOf(v);
            return this;
        }

        public Builder language(String v) {
            language = v;
            return this;
        }

        public Builder includeSuperseded(boolean v) {
            includeSuperseded = v;
            return this;
        }

        /** For tests only: a PEM root certificate also trusted to sign offline scan files. */
        public Builder testOnlyTrustRoot(String v) {
            testOnlyTrustRoot = v;
            return this;
        }

        public Builder kb(List<String> v) {
            kb = v == null ? List.of() : v.stream().filter(Objects::nonNull).toList();
            return this;
        }

        public Builder product(List<String> v) {
            product =
                    v == null ? List.of() : v.stream().filter(Objects::nonNull).toList();
            return this;
        }

        public Builder classification(List<String> v) {
            classification =
                    v == null ? List.of() : v.stream().filter(Objects::nonNull).toList();
            return this;
        }

        public Builder arch(List<String> v) {
            arch = v == null ? List.of() : v.stream().filter(Objects::nonNull).toList();
            return this;
        }

        public Builder hide(List<String> v) {
            hide = v == null ? List.of() : v.stream().filter(Objects::nonNull).toList();
            return this;
        }

        public Builder unhide(List<String> v) {
            unhide = v == null ? List.of() : v.stream().filter(Objects::nonNull).toList();
            return this;
        }

        public Builder lock(String v) {
            lock = v;
            return this;
        }

        public Builder codePage(String v) {
            codePage = v;
            return this;
        }

        public Builder memoryLimit(String v) {
            memoryLimit = v;
            return this;
        }

        public Builder releasedSince(String v) {
            releasedSince = v;
            return this;
        }

        /** The options, unchecked: call {@link StepOptions#validate()} or {@link StepOptions#problems()}. */
        public StepOptions build() {
            return new StepOptions(this);
        }
    }
}
