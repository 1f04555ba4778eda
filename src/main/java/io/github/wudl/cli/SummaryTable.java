package io.github.wudl.cli;

import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadedFile;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.Sizes;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateDownloadResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The table printed after a download — one row per update (title, KB, result code, HRESULT name, size,
 * whether it came from the cache) — and a closing line with the overall result, bytes and duration. Pure.
 */
public final class SummaryTable {
    private static final String[] HEADER = {"#", "Update", "KB", "Result", "HRESULT", "Size", "From cache"};
    private static final int TITLE_WIDTH = 56;

    private SummaryTable() {}

    /** The table and the closing line, each element one line without terminator. */
    public static List<String> lines(DownloadResult result, List<? extends Update> updates, long durationMs) {
        List<String[]> rows = new ArrayList<>();
        rows.add(HEADER);
        List<UpdateDownloadResult> results = result.updateResults();
        for (int i = 0; i < results.size(); i++) {
            Update u = i < updates.size() ? updates.get(i) : null;
            UpdateDownloadResult r = results.get(i);
            rows.add(new String[] {
                String.valueOf(i + 1),
                ProgressFormat.trim(u == null ? "?" : u.title(), TITLE_WIDTH),
                u == null || u.kbArticleIDs().isEmpty() ? "-" : "KB" + String.join(",KB", u.kbArticleIDs()),
                r.resultCode().name(),
                HResult.nameOf(r.hResult()),
                r.files().isEmpty() ? "-" : ProgressFormat.bytes(size(r.files(), false)),
                fromCache(r.files())
            });
        }
        int[] widths = new int[HEADER.length];
        for (String[] row : rows) {
            for (int c = 0; c < row.length; c++) {
                widths[c] = Math.max(widths[c], row[c].length());
            }
        }
        List<String> out = new ArrayList<>();
        for (int n = 0; n < rows.size(); n++) {
            out.add(format(rows.get(n), widths));
            if (n == 0) {
                String[] rule = new String[widths.length];
                for (int c = 0; c < widths.length; c++) {
                    rule[c] = "-".repeat(widths[c]);
                }
                out.add(format(rule, widths));
            }
        }
        for (int i = 0; i < results.size(); i++) {
            String why = results.get(i).message();
            if (why != null && results.get(i).resultCode() != OperationResultCode.Succeeded) {
                out.add("  " + (i + 1) + ": " + why); // the why behind a failed row: which file, which URL, what to do
            }
        }
        out.add(closingLine(result, durationMs));
        return out;
    }

    /**
     * {@code Succeeded: 3 of 3 updates, 20.0 MiB downloaded, 0 B from cache, in 1.2 s}: "downloaded" is what
     * crossed the network; when partial files of an earlier run supplied bytes, {@code , 1.4 MiB resumed from an
     * earlier run} follows it.
     */
    public static String closingLine(DownloadResult result, long durationMs) {
        List<UpdateDownloadResult> results = result.updateResults();
        long ok = results.stream()
                .filter(r -> r.resultCode() == OperationResultCode.Succeeded)
                .count();
        long cached = 0;
        for (UpdateDownloadResult r : results) {
            cached = Sizes.add(cached, size(r.files(), true));
        }
        StringBuilder b = new StringBuilder();
        b.append(result.resultCode().name());
        if (result.hResult() != 0) {
            b.append(" (").append(HResult.nameOf(result.hResult())).append(')');
        }
        b.append(": ")
                .append(ok)
                .append(" of ")
                .append(results.size())
                .append(results.size() == 1 ? " update" : " updates")
                .append(" succeeded, ")
                .append(ProgressFormat.bytes(ReportBuilder.bytesFetched(result)))
                .append(" downloaded, ");
        long resumed = ReportBuilder.bytesResumed(result);
        if (resumed > 0) {
            b.append(ProgressFormat.bytes(resumed)).append(" resumed from an earlier run, ");
        }
        b.append(ProgressFormat.bytes(cached)).append(" from cache, in ").append(ProgressFormat.duration(durationMs));
        return b.toString();
    }

    private static long size(List<DownloadedFile> files, boolean onlyFromCache) {
        long n = 0;
        for (DownloadedFile f : files) {
            if (!onlyFromCache || (f.fromCache() && f.path() != null)) {
                n = Sizes.add(n, f.size());
            }
        }
        return n;
    }

    private static String fromCache(List<DownloadedFile> files) {
        if (files.isEmpty()) {
            return "-";
        }
        long hits = files.stream().filter(DownloadedFile::fromCache).count();
        return hits == files.size() ? "yes" : hits == 0 ? "no" : "partly";
    }

    private static String format(String[] row, int[] widths) {
        StringBuilder b = new StringBuilder();
        for (int c = 0; c < row.length; c++) {
            if (c > 0) {
                b.append("  ");
            }
            // numbers read best right-aligned, text left-aligned
            boolean right = c == 0 || c == 5;
            String cell = row[c];
            String pad = " ".repeat(widths[c] - cell.length());
            b.append(right ? pad + cell : c == row.length - 1 ? cell : cell + pad);
        }
        return b.toString();
    }
}
