package io.github.wudl.windows;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;

/** HRESULTs coming back from COM, turned into the engine's exception with WUA's name for the code. */
final class HResults {
    private HResults() {}

    static boolean failed(int hr) {
        return hr < 0;
    }

    /**
     * Returns {@code hr} when it is a success code (S_OK, S_FALSE, WU_S_*); otherwise throws a
     * {@link WuaException} carrying it, named when wudl knows the code ({@code 0x8024xxxx} and the COM codes
     * of wua-reference §2), with {@code what} saying which call failed and a remedy where one is known.
     */
    static int check(int hr, String what) {
        if (!failed(hr)) {
            return hr;
        }
        // the exception's message starts with the code's name and number; the detail says which call and why
        throw new WuaException(hr, what + " failed" + remedy(hr), null);
    }

    private static String remedy(int hr) {
        HResult known = HResult.forCode(hr);
        if (known == null) {
            return "; look the code up in Windows Update's log (Get-WindowsUpdateLog)";
        }
        switch (known) {
            case REGDB_E_CLASSNOTREG:
            case CLASS_E_CLASSNOTAVAILABLE:
                return ": the Windows Update Agent is not installed or not registered on this machine";
            case WU_E_NOT_SUPPORTED:
                return ": this Windows Update Agent does not offer it";
            default:
                return ": " + known.meaning();
        }
    }
}
