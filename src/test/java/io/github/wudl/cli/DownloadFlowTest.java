package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.DownloadedFile;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.UpdateDownloadResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The download command's flow against a scripted backend: exit codes, report, --out, timeout. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class DownloadFlowTest {
    private static final String A = "11111111-1111-1111-1111-111111111111";
    private static final String B = "22222222-2222-2222-2222-222222222222";

    @TempDir
    Path tmp;

    private String catalog;
    private Path cacheA;
    private Path cacheB;

    @BeforeEach
    void files() throws Exception {
        catalog = Files.writeString(tmp.resolve("catalog.json"), "{}").toString();
        Files.createDirectories(tmp.resolve("cache"));
        cacheA = Files.writeString(tmp.resolve("cache/a"), "AAAA");
        cacheB = Files.writeString(tmp.resolve("cache/b"), "BBBBBB");
    }

    private FakeBackend backend(boolean secondFails) {
        return new FakeBackend(
                List.of(
                        new FakeBackend.FakeUpdate(A, "Update A", "5000001", 4, false, true),
                        new FakeBackend.FakeUpdate(B, "Update B", "5000002", 6, false, false),
                        new FakeBackend.FakeUpdate(
                                "33333333-3333-3333-3333-333333333333", "Installed", "5000003", 9, true, false)),
                i -> i == 0
                        ? new UpdateDownloadResult(
                                0,
                                OperationResultCode.Succeeded,
                                List.of(new DownloadedFile("a.msu", cacheA, 4, null, false)),
                                1,
                                null)
                        : secondFails
                                ? new UpdateDownloadResult(
                                        HResult.WU_E_PT_HTTP_STATUS_NOT_FOUND.code(),
                                        OperationResultCode.Failed,
                                        List.of(new DownloadedFile("b.cab", null, 6, null, false)),
                                        0,
                                        "WU_E_PT_HTTP_STATUS_NOT_FOUND (0x80244019): b.cab: not found")
                                : new UpdateDownloadResult(
                                        0,
                                        OperationResultCode.Succeeded,
                                        List.of(new DownloadedFile("b.cab", cacheB, 6, null, true)),
                                        0,
                                        null));
    }

    private Map<?, ?> report() throws Exception {
        return new ObjectMapper().readValue(tmp.resolve("report.json").toFile(), Map.class);
    }

    @Test
    void successPlacesFilesWritesTheReportAndExits0() throws Exception {
        FakeBackend backend = backend(false);
        CommandLineTest.Run r = CommandLineTest.run(
                backend.opener(),
                "download",
                "--catalog",
                catalog,
                "--cache",
                tmp.resolve("cache").toString(),
                "--out",
                tmp.resolve("out").toString(),
                "--priority",
                "high",
                "--report",
                tmp.resolve("report.json").toString());
        assertEquals(ExitCode.OK, r.status(), r.toString());
        assertEquals(DownloadPriority.High, backend.priorityUsed);
        assertEquals(DownloadType.Full, backend.typeUsed);
        assertEquals("AAAA", Files.readString(tmp.resolve("out").resolve(A).resolve("a.msu")));
        assertEquals("BBBBBB", Files.readString(tmp.resolve("out").resolve(B).resolve("b.cab")));

        assertTrue(r.out().contains("[100%]"), "log-line progress ends at 100 %: " + r.out());
        assertTrue(r.out().contains("Succeeded: 2 of 2 updates succeeded, 4 B downloaded, 6 B from cache"), r.out());
        Map<?, ?> report = report();
        assertEquals("Succeeded", report.get("resultCode"));
        assertEquals(0, report.get("hresult"));
        assertEquals(4, report.get("bytesDownloaded"));
        List<?> updates = (List<?>) report.get("updates");
        assertEquals(2, updates.size());
        Map<?, ?> file = (Map<?, ?>) ((List<?>) ((Map<?, ?>) updates.get(0)).get("files")).get(0);
        assertEquals(
                tmp.resolve("out").resolve(A).resolve("a.msu").toAbsolutePath().toString(), file.get("path"));
        assertEquals(1, ((Map<?, ?>) updates.get(0)).get("retries"));
    }

    @Test
    void aFailedUpdateExits1AndNamesItsHresult() throws Exception {
        CommandLineTest.Run r = CommandLineTest.run(
                backend(true).opener(),
                "download",
                "--catalog",
                catalog,
                "--cache",
                tmp.resolve("cache").toString(),
                "--quiet",
                "--report",
                tmp.resolve("report.json").toString());
        assertEquals(ExitCode.FAILED, r.status(), r.toString());
        assertTrue(!r.out().contains("[100%]") && !r.out().contains("[  0%]"), "--quiet: no progress: " + r.out());
        assertTrue(r.out().contains("WU_E_PT_HTTP_STATUS_NOT_FOUND"), "summary table: " + r.out());
        Map<?, ?> u = (Map<?, ?>) ((List<?>) report().get("updates")).get(1);
        assertEquals("WU_E_PT_HTTP_STATUS_NOT_FOUND", u.get("hresultName"));
        assertEquals("SucceededWithErrors", report().get("resultCode"));
    }

    @Test
    void reportOnStdoutMovesPeoplesOutputToStderr() throws Exception {
        CommandLineTest.Run r = CommandLineTest.run(
                backend(false).opener(),
                "download",
                "--catalog",
                catalog,
                "--cache",
                tmp.resolve("cache").toString(),
                "--report",
                "-");
        assertEquals(ExitCode.OK, r.status(), r.toString());
        Map<?, ?> report = new ObjectMapper().readValue(r.out(), Map.class);
        assertEquals("Succeeded", report.get("resultCode"));
        assertTrue(r.err().contains("Succeeded: 2 of 2"), r.err());
    }

    @Test
    void noMatchIsNotAnError() throws Exception {
        FakeBackend empty = new FakeBackend(List.of(), i -> null);
        CommandLineTest.Run r = CommandLineTest.run(
                empty.opener(),
                "download",
                "--catalog",
                catalog,
                "--cache",
                tmp.resolve("cache").toString(),
                "--report",
                tmp.resolve("report.json").toString());
        assertEquals(ExitCode.OK, r.status(), r.toString());
        assertTrue(r.out().contains("nothing to download"), r.out());
        assertEquals(List.of(), report().get("updates"));
    }

    @Test
    void badCriteriaAndImpossibleBootstrapperAreBadInput() {
        CommandLineTest.Run r = CommandLineTest.run(
                backend(false).opener(),
                "download",
                "--catalog",
                catalog,
                "--cache",
                tmp.resolve("cache").toString(),
                "--criteria",
                "Title='x'");
        assertEquals(ExitCode.USAGE, r.status(), r.toString());
        assertTrue(r.err().contains("unsupported search term") && r.err().contains("Title='x'"), r.err());

        r = CommandLineTest.run(
                backend(false).opener(),
                "download",
                "--catalog",
                catalog,
                "--cache",
                tmp.resolve("cache").toString(),
                "--type",
                "bootstrapper");
        assertEquals(ExitCode.USAGE, r.status(), r.toString());
        assertTrue(r.err().contains("WU_E_NOT_SUPPORTED") && r.err().contains("has no bootstrapper"), r.err());
    }

    @Test
    void timeoutAbortsTheJobAndExits3WithAReport() throws Exception {
        FakeBackend hanging = backend(false);
        hanging.hangUntilAbort = true;
        CommandLineTest.Run r = CommandLineTest.run(
                hanging.opener(),
                "download",
                "--catalog",
                catalog,
                "--cache",
                tmp.resolve("cache").toString(),
                "--timeout",
                "0.3",
                "--report",
                tmp.resolve("report.json").toString());
        assertEquals(ExitCode.ABORTED, r.status(), r.toString());
        assertTrue(r.err().contains("aborting: --timeout of 300 ms reached"), r.err());
        assertTrue(r.out().contains("Aborted: --timeout"), r.out());
        assertEquals("Aborted", report().get("resultCode"));
        assertEquals(
                "WU_E_CALL_CANCELLED", ((Map<?, ?>) ((List<?>) report().get("updates")).get(0)).get("hresultName"));
    }

    @Test
    void searchListsAndJson() throws Exception {
        CommandLineTest.Run r =
                CommandLineTest.run(backend(false).opener(), "search", "--catalog", catalog, "IsInstalled=1");
        assertEquals(0, r.status(), r.toString());
        assertTrue(
                r.out().contains("33333333-3333-3333-3333-333333333333")
                        && r.out().contains("1 update,"),
                r.out());
        r = CommandLineTest.run(backend(false).opener(), "search", "--catalog", catalog, "--json");
        Map<?, ?> doc = new ObjectMapper().readValue(r.out(), Map.class);
        assertEquals(2, ((List<?>) doc.get("updates")).size());
        r = CommandLineTest.run(new FakeBackend(List.of(), i -> null).opener(), "search", "--catalog", catalog);
        assertEquals(0, r.status());
        assertTrue(r.out().contains("No update"), r.out());
    }
}
