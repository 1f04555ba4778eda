package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.OperationResultCode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
class SummaryTableTest {
    @Test
    void oneRowPerUpdateThenTheOverallLine() {
        List<String> lines = SummaryTable.lines(ReportBuilderTest.mixedResult(), ReportBuilderTest.UPDATES, 1500);
        assertEquals(6, lines.size(), String.join("\n", lines));
        String row = "%s  %-29s  %-9s  %-9s  %-29s  %7s  %s";
        assertEquals(String.format(row, "#", "Update", "KB", "Result", "HRESULT", "Size", "From cache"), lines.get(0));
        assertTrue(lines.get(1).matches("[- ]+"), lines.get(1));
        assertEquals(
                String.format(
                        row,
                        "1",
                        "Cumulative Update (KB5099901)",
                        "KB5099901",
                        "Succeeded",
                        "S_OK",
                        "2.9 KiB",
                        "partly"),
                lines.get(2));
        assertEquals(
                String.format(
                        row,
                        "2",
                        "Servicing Stack (KB5099902)",
                        "KB5099902",
                        "Failed",
                        "WU_E_PT_HTTP_STATUS_NOT_FOUND",
                        "500 B",
                        "no"),
                lines.get(3));
        assertEquals(
                "  2: WU_E_PT_HTTP_STATUS_NOT_FOUND (0x80244019): c.exe was not found",
                lines.get(4),
                "a failed update's reason follows the table");
        assertEquals(
                "SucceededWithErrors: 1 of 2 updates succeeded, 1000 B downloaded, 2.0 KiB from cache, in 1.5 s",
                lines.get(5));
    }

    @Test
    void closingLineNamesAFailingHresult() {
        DownloadResult aborted = new DownloadResult(0x8024000B, OperationResultCode.Aborted, List.of());
        assertEquals(
                "Aborted (WU_E_CALL_CANCELLED): 0 of 0 updates succeeded, 0 B downloaded, 0 B from cache, in 20 ms",
                SummaryTable.closingLine(aborted, 20));
    }
}
