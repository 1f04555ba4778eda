package io.github.wudl.wua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

class HResultTest {
    @Test
    void numbersMatchWuaReference() {
        assertEquals(0x80240024, HResult.WU_E_NO_UPDATE.code());
        assertEquals(-2145124316, HResult.WU_E_NO_UPDATE.code());
        assertEquals(-2145124298, HResult.WU_E_INVALID_OPERATION.code());
        assertEquals(-2145124297, HResult.WU_E_NOT_SUPPORTED.code());
        assertEquals(-2145124341, HResult.WU_E_CALL_CANCELLED.code());
        assertEquals(-2145099774, HResult.WU_E_DM_INCORRECTFILEHASH.code());
        assertEquals(-2145099765, HResult.WU_E_DM_CONTENTCHANGED.code());
        assertEquals(-2145099775, HResult.WU_E_DM_URLNOTAVAILABLE.code());
        assertEquals(-2145107943, HResult.WU_E_PT_HTTP_STATUS_NOT_FOUND.code());
        assertEquals(0x80020005, HResult.DISP_E_TYPEMISMATCH.code());
        assertEquals(0x800401F3, HResult.CO_E_CLASSSTRING.code());
        assertEquals(2359300, HResult.WU_S_MARKED_FOR_DISCONNECT.code());
        assertEquals("0x80240024", HResult.WU_E_NO_UPDATE.hex());
    }

    @Test
    void codesAreUnique() {
        Set<Integer> seen = new HashSet<>();
        for (HResult h : HResult.values()) {
            assertTrue(seen.add(h.code()), "duplicate code " + h);
        }
    }

    @Test
    void httpStatusTableFollowsWuerror() {
        int[] statuses = {400, 401, 403, 404, 405, 407, 408, 409, 410, 500, 501, 502, 503, 504, 505};
        int[] codes = {
            0x80244016,
            0x80244017,
            0x80244018,
            0x80244019,
            0x8024401A,
            0x8024401B,
            0x8024401C,
            0x8024401D,
            0x8024401E,
            0x8024401F,
            0x80244020,
            0x80244021,
            0x80244022,
            0x80244023,
            0x80244024
        };
        for (int i = 0; i < statuses.length; i++) {
            assertEquals(codes[i], HResult.forHttpStatus(statuses[i]).code(), "HTTP " + statuses[i]);
        }
        assertEquals(HResult.WU_E_PT_HTTP_STATUS_NOT_MAPPED, HResult.forHttpStatus(406));
        assertEquals(HResult.WU_E_PT_HTTP_STATUS_NOT_MAPPED, HResult.forHttpStatus(429));
    }

    @Test
    void exceptionCarriesNumberNameAndSentence() {
        WuaException e = new WuaException(HResult.WU_E_NO_UPDATE, "add at least one update");
        assertEquals(HResult.WU_E_NO_UPDATE.code(), e.hresult());
        assertEquals("WU_E_NO_UPDATE", e.hresultName());
        assertEquals("WU_E_NO_UPDATE (0x80240024): add at least one update", e.getMessage());
        assertEquals("0x12345678", new WuaException(0x12345678, "x", null).hresultName());
    }

    @Test
    void enumsKeepWuaNumbers() {
        assertEquals(0, DownloadType.Full.value());
        assertEquals(1, DownloadType.UpdateBootstrapper.value());
        assertEquals(1, DownloadPhase.Initializing.value());
        assertEquals(3, DownloadPhase.Verifying.value());
        assertEquals(2, DownloadPriority.Normal.value());
        assertEquals(4, DownloadPriority.ExtraHigh.value());
        assertEquals(5, OperationResultCode.Aborted.value());
        assertEquals(OperationResultCode.SucceededWithErrors, OperationResultCode.fromValue(3));
        assertEquals(
                HResult.E_INVALIDARG.code(),
                assertThrows(WuaException.class, () -> DownloadPhase.fromValue(0))
                        .hresult());
        assertEquals(DownloadPriority.ExtraHigh, WuaEnum.fromName(DownloadPriority.class, "extrahigh"));
    }

    @Test
    void overallResultCodeRules() {
        UpdateDownloadResult ok = UpdateDownloadResult.of(0, OperationResultCode.Succeeded);
        UpdateDownloadResult bad =
                UpdateDownloadResult.of(HResult.WU_E_PT_HTTP_STATUS_NOT_FOUND.code(), OperationResultCode.Failed);
        assertEquals(OperationResultCode.Succeeded, DownloadResult.overall(java.util.List.of(ok, ok), false));
        assertEquals(
                OperationResultCode.SucceededWithErrors, DownloadResult.overall(java.util.List.of(ok, bad), false));
        assertEquals(OperationResultCode.Failed, DownloadResult.overall(java.util.List.of(bad, bad), false));
        assertEquals(OperationResultCode.Aborted, DownloadResult.overall(java.util.List.of(ok, bad), true));
    }
}
