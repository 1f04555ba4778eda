package io.github.wudl.agent;

import io.github.wudl.wua.Sizes;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The build page's view of one {@code wuDownload} report (SPEC §4): a row per update (title, KB, result,
 * HRESULT name, size, whether its content came from the cache) and the totals. Built on the controller from
 * {@link AgentResult#toMap()}; the plugin copies the rows into its own persisted action. Tolerant: a report
 * missing a key (one written by an older engine, or an empty-handed one) gives blanks and zeros, never an
 * exception, because the page must render whatever the build left. Immutable.
 */
public final class ReportTable {
    /** Whether an update's content came from the cache: all of it, some of it, or none (or it has no files). */
    public enum FromCache {
        ALL,
        PART,
        NONE
    }

    /** One update of the report. */
    public record Row(
            String id, String title, String kb, String resultCode, String hresultName, long size, FromCache fromCache) {
        /** {@code yes}, {@code partly} or {@code no}, as the page shows it. */
        public String fromCacheText() {
            return switch (fromCache) {
                case ALL -> "yes";
                case PART -> "partly";
                case NONE -> "no";
            };
        }
    }

    private final String resultCode;
    private final List<Row> rows;
    private final long bytesDownloaded;
    private final long durationMs;

    private ReportTable(String resultCode, List<Row> rows, long bytesDownloaded, long durationMs) {
        this.resultCode = resultCode;
        this.rows = List.copyOf(rows);
        this.bytesDownloaded = bytesDownloaded;
        this.durationMs = durationMs;
    }

    /** The table of {@code report}, a map as {@link AgentResult#toMap()} gives it. */
    public static ReportTable of(Map<String, ?> report) {
        List<Row> rows = new ArrayList<>();
        if (report.get("updates") instanceof List<?> updates) {
            for (Object o : updates) {
                if (o instanceof Map<?, ?> u) {
                    rows.add(row(u));
                }
            }
        }
        return new ReportTable(
                text(report.get("resultCode")),
                rows,
                number(report.get("bytesDownloaded")),
                number(report.get("durationMs")));
    }

    private static Row row(Map<?, ?> u) {
        long size = 0;
        int files = 0;
        int cached = 0;
        if (u.get("files") instanceof List<?> list) {
            for (Object o : list) {
                if (o instanceof Map<?, ?> f) {
                    files++;
                    size = Sizes.add(size, number(f.get("size")));
                    if (Boolean.TRUE.equals(f.get("fromCache"))) {
                        cached++;
                    }
                }
            }
        }
        FromCache fromCache =
                files == 0 || cached == 0 ? FromCache.NONE : cached == files ? FromCache.ALL : FromCache.PART;
        return new Row(
                text(u.get("id")),
                text(u.get("title")),
                kbs(u.get("kb")),
                text(u.get("resultCode")),
                text(u.get("hresultName")),
                size,
                fromCache);
    }

    public String resultCode() {
        return resultCode;
    }

    public List<Row> rows() {
        return rows;
    }
    /** What this call fetched that was not in the cache already (the report's {@code bytesDownloaded}). */
    public long bytesDownloaded() {
        return bytesDownloaded;
    }

    public long durationMs() {
        return durationMs;
    }

    /** The sum of the updates' sizes (saturating). */
    public long totalSize() {
        long t = 0;
        for (Row r : rows) {
            t = Sizes.add(t, r.size());
        }
        return t;
    }

    /** How many updates ended with {@code resultCode}, e.g. {@code Succeeded}. */
    public int count(String resultCode) {
        return (int)
                rows.stream().filter(r -> r.resultCode().equals(resultCode)).count();
    }

    /** The report's {@code kb} (a list of article numbers; a single value from older reports) as "KB1, KB2". */
    private static String kbs(Object kb) {
        List<String> out = new ArrayList<>();
        for (Object k : kb instanceof List<?> l ? l : kb == null ? List.of() : List.of(kb)) {
            String t = text(k).trim();
            if (!t.isEmpty()) {
                out.add(t.regionMatches(true, 0, "KB", 0, 2) ? t : "KB" + t);
            }
        }
        return String.join(", ", out);
    }

    private static String text(Object o) {
        return o == null ? "" : String.valueOf(o);
    }

    private static long number(Object o) {
        return o instanceof Number n && n.longValue() > 0 ? n.longValue() : 0;
    }
}
