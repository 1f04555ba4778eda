package io.github.wudl.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadedFile;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.Sizes;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateDownloadResult;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * Builds the {@code --report} document of SPEC §4 from a {@link DownloadResult} and the job's updates:
 *
 * <pre>{"resultCode": "Succeeded", "hresult": 0, "hresultName": "S_OK",
 *  "updates": [{"id", "title", "kb", "revision", "resultCode", "hresult", "hresultName", "retries", "message",
 *               "files": [{"name", "path", "size", "sha256", "fromCache", "cachePath"}]}],
 *  "bytesDownloaded": N, "bytesFetched": N, "bytesResumed": N, "durationMs": N}</pre>
 *
 * The SPEC keys are exact; {@code hresultName} (top level), {@code kb}, {@code revision}, {@code retries},
 * {@code message} (why the update failed; absent when it did not), {@code cachePath}, {@code bytesFetched}
 * (what crossed the network) and {@code bytesResumed} (what partial files of earlier runs supplied) are
 * extras; {@code bytesDownloaded} keeps its meaning, the sizes of the files this job obtained that were not in
 * the cache already. A file's {@code path} is absolute: where {@code --out} placed it, else the
 * cache file. The map holds only maps, lists, strings, numbers, booleans and nulls, so the Jenkins step can
 * return it to a pipeline as is. Pure: no I/O, no clock.
 */
public final class ReportBuilder {
    /**
     * Jackson's streaming generator, not an ObjectMapper: the reports hold only maps, lists and scalars, and
     * setting up data binding cost a cold {@code wudl search --json} about 150 ms of its 1.1 s.
     */
    private static final JsonFactory JSON = new JsonFactory();

    private final DownloadResult result;
    private final List<? extends Update> updates;
    private final Map<Integer, Map<String, Path>> placed = new HashMap<>();
    private long durationMs;

    private ReportBuilder(DownloadResult result, List<? extends Update> updates) {
        this.result = result;
        this.updates = List.copyOf(updates);
    }

    /** A report of {@code result}; {@code updates} are the job's Updates, in the result's order. */
    public static ReportBuilder of(DownloadResult result, List<? extends Update> updates) {
        return new ReportBuilder(result, updates);
    }

    /** The report of a selection that matched no update: Succeeded, nothing downloaded. */
    public static Map<String, Object> empty(long durationMs) {
        return of(new DownloadResult(HResult.S_OK.code(), OperationResultCode.Succeeded, List.of()), List.of())
                .durationMs(durationMs)
                .toMap();
    }

    public ReportBuilder durationMs(long millis) {
        this.durationMs = millis;
        return this;
    }

    /** Records that file {@code fileName} of update {@code updateIndex} was also placed at {@code path}. */
    public ReportBuilder placed(int updateIndex, String fileName, Path path) {
        placed.computeIfAbsent(updateIndex, k -> new HashMap<>()).put(fileName, path.toAbsolutePath());
        return this;
    }

    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("resultCode", result.resultCode().name());
        m.put("hresult", result.hResult());
        m.put("hresultName", HResult.nameOf(result.hResult()));
        List<Object> list = new ArrayList<>();
        for (int i = 0; i < result.updateResults().size(); i++) {
            list.add(update(
                    i,
                    i < updates.size() ? updates.get(i) : null,
                    result.updateResults().get(i)));
        }
        m.put("updates", list);
        m.put("bytesDownloaded", bytesDownloaded(result));
        m.put("bytesFetched", bytesFetched(result));
        m.put("bytesResumed", bytesResumed(result));
        m.put("durationMs", durationMs);
        return m;
    }

    public String toJson() {
        return toJson(toMap());
    }

    /** {@code report} as indented JSON with a final newline. */
    public static String toJson(Map<String, Object> report) {
        StringWriter text = new StringWriter();
        try (JsonGenerator g = JSON.createGenerator(text)) {
            g.setPrettyPrinter(new DefaultPrettyPrinter()); // the layout of ObjectMapper's INDENT_OUTPUT
            write(g, report);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringWriter does not fail
        }
        return text + System.lineSeparator();
    }

    /**
     * Writes {@code head}'s entries and then {@code listKey}, an array of {@code each} of {@code items}, as one
     * JSON object laid out as {@link #toJson(Map)} lays it out (final newline included), to {@code out}. Each
     * item is made and written in turn: a search that shows 50,000 updates never holds their documents, or the
     * whole text, at once.
     */
    public static <T> void writeJson(
            Writer out, Map<String, Object> head, String listKey, Iterable<T> items, Function<T, Object> each)
            throws IOException {
        try (JsonGenerator g = JSON.createGenerator(out)) {
            g.disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);
            g.setPrettyPrinter(new DefaultPrettyPrinter());
            g.writeStartObject();
            for (Map.Entry<String, Object> e : head.entrySet()) {
                g.writeFieldName(e.getKey());
                write(g, e.getValue());
            }
            g.writeFieldName(listKey);
            g.writeStartArray();
            for (T item : items) {
                write(g, each.apply(item));
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        out.write(System.lineSeparator());
    }

    private static void write(JsonGenerator g, Object v) throws IOException {
        if (v == null) {
            g.writeNull();
        } else if (v instanceof Map<?, ?> map) {
            g.writeStartObject();
            for (Map.Entry<?, ?> e : map.entrySet()) {
                g.writeFieldName(String.valueOf(e.getKey()));
                write(g, e.getValue());
            }
            g.writeEndObject();
        } else if (v instanceof Collection<?> list) {
            g.writeStartArray();
            for (Object o : list) {
                write(g, o);
            }
            g.writeEndArray();
        } else if (v instanceof String s) {
            g.writeString(s);
        } else if (v instanceof Boolean b) {
            g.writeBoolean(b);
        } else if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
            g.writeNumber(((Number) v).longValue());
        } else if (v instanceof Double d) {
            g.writeNumber(d);
        } else if (v instanceof Float f) {
            g.writeNumber(f);
        } else if (v instanceof BigDecimal d) {
            g.writeNumber(d);
        } else if (v instanceof BigInteger i) {
            g.writeNumber(i);
        } else if (v instanceof Enum<?> e) {
            g.writeString(e.name());
        } else {
            throw new IllegalArgumentException("a report holds only maps, lists and scalars, not "
                    + v.getClass().getName());
        }
    }

    /**
     * Bytes this job fetched: the sizes of the obtained files that did not come from the cache. A failed
     * file's partial bytes are not counted; they stay in the cache for the next run.
     */
    public static long bytesDownloaded(DownloadResult result) {
        long n = 0;
        for (UpdateDownloadResult r : result.updateResults()) {
            for (DownloadedFile f : r.files()) {
                if (f.path() != null && !f.fromCache()) {
                    n = Sizes.add(n, f.size());
                }
            }
        }
        return n;
    }

    /**
     * Bytes that crossed the network for the files this job obtained ({@link DownloadedFile#bytesFetched});
     * a failed file's partial bytes are not counted.
     */
    public static long bytesFetched(DownloadResult result) {
        long n = 0;
        for (UpdateDownloadResult r : result.updateResults()) {
            for (DownloadedFile f : r.files()) {
                if (f.path() != null && !f.fromCache()) {
                    n = Sizes.add(n, f.bytesFetched());
                }
            }
        }
        return n;
    }

    /** Bytes of the obtained files that earlier runs' partial files supplied ({@link DownloadedFile#bytesResumed}). */
    public static long bytesResumed(DownloadResult result) {
        long n = 0;
        for (UpdateDownloadResult r : result.updateResults()) {
            for (DownloadedFile f : r.files()) {
                n = Sizes.add(n, f.bytesResumed());
            }
        }
        return n;
    }

    private Map<String, Object> update(int index, Update u, UpdateDownloadResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", u == null ? null : u.identity().updateID());
        m.put("title", u == null ? null : u.title());
        m.put("kb", u == null ? List.of() : List.copyOf(u.kbArticleIDs()));
        m.put("revision", u == null ? null : u.identity().revisionNumber());
        m.put("resultCode", r.resultCode().name());
        m.put("hresult", r.hResult());
        m.put("hresultName", HResult.nameOf(r.hResult()));
        m.put("retries", r.retries());
        if (r.message() != null) {
            m.put("message", r.message()); // only for updates that did not succeed
        }
        List<Object> files = new ArrayList<>();
        Map<String, Path> placedHere = placed.getOrDefault(index, Map.of());
        for (DownloadedFile f : r.files()) {
            Map<String, Object> fm = new LinkedHashMap<>();
            Path cachePath = f.path() == null ? null : f.path().toAbsolutePath();
            Path path = placedHere.getOrDefault(f.name(), cachePath);
            fm.put("name", f.name());
            fm.put("path", path == null ? null : path.toString());
            fm.put("size", f.size());
            fm.put("sha256", f.sha256());
            fm.put("fromCache", f.fromCache());
            fm.put("cachePath", cachePath == null ? null : cachePath.toString());
            files.add(fm);
        }
        m.put("files", files);
        return m;
    }
}
