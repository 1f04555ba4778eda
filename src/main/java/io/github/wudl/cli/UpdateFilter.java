package io.github.wudl.cli;

import io.github.wudl.wua.Category;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateDownloadContent;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * What {@code --kb}, {@code --product}, {@code --classification} and {@code --arch} select, on top of the
 * search criteria (WUA's grammar has no term for them): an update passes when it matches one value of every
 * option given. Immutable; the empty filter passes everything.
 *
 * <ul>
 *   <li>{@code --kb 5050000} (or {@code KB5050000}): one of its KBArticleIDs.
 *   <li>{@code --product}, {@code --classification}: a category of that Type ({@code Product},
 *       {@code UpdateClassification}) whose CategoryID equals the value, or whose name contains it, ignoring
 *       case; a catalog whose categories have no Type matches by id or name alone.
 *   <li>{@code --arch x64|x86|arm64}: the architecture the file names (an update's own and its bundled
 *       updates') or else the title say, e.g. {@code -x64_} or "for x64-based Systems".
 *   <li>{@code --released-since 2026-11-01}: LastDeploymentChangeTime on or after that day (UTC); an update
 *       whose catalog gives no such time does not pass. (WUA's criteria have no term for it.)
 * </ul>
 */
record UpdateFilter(
        List<String> kb,
        List<String> products,
        List<String> classifications,
        List<String> arches,
        LocalDate releasedSince) {
    static final UpdateFilter NONE = new UpdateFilter(List.of(), List.of(), List.of(), List.of(), null);

    UpdateFilter {
        kb = kb.stream().map(k -> k.replaceFirst("(?i)^kb", "")).toList();
        products = List.copyOf(products);
        classifications = List.copyOf(classifications);
        arches = arches.stream().map(a -> a.toLowerCase(Locale.ROOT)).toList();
        for (String k : kb) {
            if (!k.matches("[0-9]{1,12}")) {
                throw new UsageError("--kb " + k + ": not a KB number; give digits such as 5050000 or KB5050000");
            }
        }
        for (String a : arches) {
            if (!CliOptions.ARCHITECTURES.contains(a)) {
                throw new UsageError("--arch " + a + ": give one of x64, x86, arm64");
            }
        }
    }

    boolean isEmpty() {
        return kb.isEmpty()
                && products.isEmpty()
                && classifications.isEmpty()
                && arches.isEmpty()
                && releasedSince == null;
    }

    /** The updates of {@code updates} that pass, in their order. */
    List<Update> apply(List<Update> updates) {
        List<Update> out = new ArrayList<>();
        for (Update u : updates) {
            if (passes(u)) {
                out.add(u);
            }
        }
        return out;
    }

    boolean passes(Update u) {
        return (kb.isEmpty() || u.kbArticleIDs().stream().anyMatch(kb::contains))
                && (products.isEmpty() || products.stream().anyMatch(p -> inCategory(u, "Product", p)))
                && (classifications.isEmpty()
                        || classifications.stream().anyMatch(c -> inCategory(u, "UpdateClassification", c)))
                && (arches.isEmpty() || arches.contains(arch(u)))
                && (releasedSince == null || releasedOnOrAfter(u, releasedSince));
    }

    /** Whether the update's LastDeploymentChangeTime (UTC) is on or after {@code day}; false when it has none. */
    private static boolean releasedOnOrAfter(Update u, LocalDate day) {
        Instant t = u.lastDeploymentChangeTime();
        return t != null && !t.isBefore(day.atStartOfDay(ZoneOffset.UTC).toInstant());
    }

    private static boolean inCategory(Update u, String type, String value) {
        String wanted = value.toLowerCase(Locale.ROOT);
        for (Category c : u.categories()) {
            boolean typed = c.type().isEmpty() || c.type().equals(type);
            if (typed
                    && (c.categoryID().equalsIgnoreCase(value)
                            || c.name().toLowerCase(Locale.ROOT).contains(wanted))) {
                return true;
            }
        }
        return false;
    }

    /** The update's architecture as its file names or title say: "x64", "x86", "arm64", or "". */
    static String arch(Update u) {
        List<String> names = new ArrayList<>();
        collectNames(u, names, 0);
        for (String name : names) {
            String found = archOf(name);
            if (!found.isEmpty()) {
                return found;
            }
        }
        return archOf(u.title());
    }

    private static void collectNames(Update u, List<String> names, int depth) {
        for (UpdateDownloadContent c : u.downloadContents()) {
            String url = c.downloadUrl();
            names.add(url.substring(url.lastIndexOf('/') + 1));
        }
        if (depth < 4) {
            for (Update child : u.bundledUpdates()) {
                collectNames(child, names, depth + 1);
            }
        }
    }

    private static final Pattern ARM64 = Pattern.compile("(?i)(^|[^a-z0-9])arm64([^a-z0-9]|$)");
    private static final Pattern X64 = Pattern.compile("(?i)(^|[^a-z0-9])(x64|amd64)([^a-z0-9]|$)");
    private static final Pattern X86 = Pattern.compile("(?i)(^|[^a-z0-9])x86([^a-z0-9]|$)");

    private static String archOf(String text) {
        if (ARM64.matcher(text).find()) {
            return "arm64";
        }
        if (X64.matcher(text).find()) {
            return "x64";
        }
        return X86.matcher(text).find() ? "x86" : "";
    }
}
