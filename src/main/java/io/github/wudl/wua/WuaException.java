package io.github.wudl.wua;

/**
 * The one exception of the object model: a failed WUA call, carrying the HRESULT number, its symbolic name
 * and a sentence a person can act on.
 *
 * <p>{@link #getMessage()} reads {@code WU_E_NO_UPDATE (0x80240024): <sentence>}, so every log line and
 * every script error names the code. {@link #detail()} is the sentence alone.
 */
public class WuaException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int hresult;
    private final String detail;

    public WuaException(HResult hresult, String detail) {
        this(hresult.code(), detail, null);
    }

    public WuaException(HResult hresult, String detail, Throwable cause) {
        this(hresult.code(), detail, cause);
    }

    public WuaException(int hresult, String detail, Throwable cause) {
        super(
                (HResult.forCode(hresult) == null
                                ? HResult.hex(hresult)
                                : HResult.nameOf(hresult) + " (" + HResult.hex(hresult) + ")")
                        + ": " + detail,
                cause);
        this.hresult = hresult;
        this.detail = detail;
    }

    /** The HRESULT as a signed 32-bit integer. */
    public int hresult() {
        return hresult;
    }

    /** The symbolic name ({@code WU_E_NO_UPDATE}), or the hex spelling for a code wudl does not know. */
    public String hresultName() {
        return HResult.nameOf(hresult);
    }

    /** The known constant, or null for a code wudl does not know (possible on the Windows backend). */
    public HResult known() {
        return HResult.forCode(hresult);
    }

    /** The actionable sentence, without the code. */
    public String detail() {
        return detail;
    }
}
