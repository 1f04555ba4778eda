package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadedFile;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.UpdateDownloadResult;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ReportBuilderTest {
    static final Path CACHE = Path.of("/cache").toAbsolutePath();
    static final List<FakeBackend.FakeUpdate> UPDATES = List.of(
            new FakeBackend.FakeUpdate(
                    "11111111-1111-1111-1111-111111111111",
                    "Cumulative Update (KB5099901)",
                    "5099901",
                    3000,
                    false,
                    false),
            new FakeBackend.FakeUpdate(
                    "22222222-2222-2222-2222-222222222222",
                    "Servicing Stack (KB5099902)",
                    "5099902",
                    500,
                    false,
                    false));

    static DownloadResult mixedResult() {
        UpdateDownloadResult ok = new UpdateDownloadResult(
                0,
                OperationResultCode.Succeeded,
                List.of(
                        new DownloadedFile("a.msu", CACHE.resolve("ab/a"), 1000, "aa".repeat(32), false),
                        new DownloadedFile("b.cab", CACHE.resolve("cd/b"), 2000, "bb".repeat(32), true)),
                2,
                null);
        int notFound = HResult.WU_E_PT_HTTP_STATUS_NOT_FOUND.code();
        UpdateDownloadResult failed = new UpdateDownloadResult(
                notFound,
                OperationResultCode.Failed,
                List.of(new DownloadedFile("c.exe", null, 500, null, false)),
                5,
                "WU_E_PT_HTTP_STATUS_NOT_FOUND (0x80244019): c.exe was not found");
        return new DownloadResult(0, OperationResultCode.SucceededWithErrors, List.of(ok, failed));
    }

    @Test
    @SuppressWarnings("unchecked")
    void buildsTheSpecDocument() throws Exception {
        Path placed = Path.of("/out/11111111-1111-1111-1111-111111111111/a.msu").toAbsolutePath();
        Map<String, Object> m = ReportBuilder.of(mixedResult(), UPDATES)
                .durationMs(1234)
                .placed(0, "a.msu", placed)
                .toMap();
        assertEquals(
                List.of(
                        "resultCode",
                        "hresult",
                        "hresultName",
                        "updates",
                        "bytesDownloaded",
                        "bytesFetched",
                        "bytesResumed",
                        "durationMs"),
                List.copyOf(m.keySet()));
        assertEquals("SucceededWithErrors", m.get("resultCode"));
        assertEquals(0, m.get("hresult"));
        assertEquals(1000L, m.get("bytesDownloaded"), "only files fetched by this job count");
        assertEquals(1234L, m.get("durationMs"));

        List<Map<String, Object>> updates = (List<Map<String, Object>>) m.get("updates");
        Map<String, Object> u0 = updates.get(0);
        assertEquals("11111111-1111-1111-1111-111111111111", u0.get("id"));
        assertEquals("Cumulative Update (KB5099901)", u0.get("title"));
        assertEquals("Succeeded", u0.get("resultCode"));
        assertEquals(0, u0.get("hresult"));
        assertEquals("S_OK", u0.get("hresultName"));
        assertEquals(2, u0.get("retries"));
        assertNull(u0.get("message"));
        List<Map<String, Object>> files = (List<Map<String, Object>>) u0.get("files");
        assertEquals(
                Map.of(
                        "name",
                        "a.msu",
                        "path",
                        placed.toString(),
                        "size",
                        1000L,
                        "sha256",
                        "aa".repeat(32),
                        "fromCache",
                        false,
                        "cachePath",
                        CACHE.resolve("ab/a").toString()),
                files.get(0));
        assertEquals(CACHE.resolve("cd/b").toString(), files.get(1).get("path"), "not placed: the cache path");
        assertEquals(true, files.get(1).get("fromCache"));

        Map<String, Object> u1 = updates.get(1);
        assertEquals("Failed", u1.get("resultCode"));
        assertEquals(0x80244019, u1.get("hresult"));
        assertEquals("WU_E_PT_HTTP_STATUS_NOT_FOUND", u1.get("hresultName"));
        assertEquals("WU_E_PT_HTTP_STATUS_NOT_FOUND (0x80244019): c.exe was not found", u1.get("message"));
        assertNull(((List<Map<String, Object>>) u1.get("files")).get(0).get("path"));
    }

    @Test
    void jsonRoundTripsToTheSameData() throws Exception {
        Map<String, Object> m =
                ReportBuilder.of(mixedResult(), UPDATES).durationMs(5).toMap();
        Map<?, ?> back = new ObjectMapper().readValue(ReportBuilder.toJson(m), Map.class);
        assertEquals("SucceededWithErrors", back.get("resultCode"));
        assertEquals(
                -2145107943,
                ((Map<?, ?>) ((List<?>) back.get("updates")).get(1)).get("hresult"),
                "signed 32-bit, as COM and JScript show it");
        assertEquals(1000, back.get("bytesDownloaded"));
    }

    @Test
    void emptySelectionIsASuccessWithNoUpdates() {
        Map<String, Object> m = ReportBuilder.empty(7);
        assertEquals("Succeeded", m.get("resultCode"));
        assertEquals(List.of(), m.get("updates"));
        assertEquals(0L, m.get("bytesDownloaded"));
        assertTrue(ReportBuilder.toJson(m).contains("\"durationMs\" : 7"));
    }

    @Test
    void aStreamedDocumentIsTheTextOfTheWholeOne() throws Exception {
        Map<String, Object> head = new java.util.LinkedHashMap<>();
        head.put("resultCode", "Succeeded");
        head.put("criteria", "IsInstalled=0");
        List<Integer> items = List.of(1, 2, 3);
        java.util.function.Function<Integer, Object> each =
                n -> Map.of("n", n, "names", List.of("a" + n, "b\"" + n), "empty", List.of());
        Map<String, Object> whole = new java.util.LinkedHashMap<>(head);
        whole.put("updates", items.stream().map(each).toList());
        java.io.StringWriter streamed = new java.io.StringWriter();
        ReportBuilder.writeJson(streamed, head, "updates", items, each);
        assertEquals(ReportBuilder.toJson(whole), streamed.toString());

        java.io.StringWriter none = new java.io.StringWriter();
        ReportBuilder.writeJson(none, head, "updates", List.<Integer>of(), each);
        Map<?, ?> read = new ObjectMapper().readValue(none.toString(), Map.class);
        assertEquals(List.of(), read.get("updates"));
        assertEquals("IsInstalled=0", read.get("criteria"));
    }
}
