package io.github.wudl.wua;

import java.util.HashMap;
import java.util.Map;

/**
 * The HRESULTs wudl produces or recognises, with WUA's symbolic names and numbers (from the SDK's
 * {@code wuerror.h}; see {@code shared/wua-reference.md} §2).
 *
 * <p>{@link #code()} is the signed 32-bit value, as COM, JNA and JScript show it; {@link #hex()} the
 * conventional unsigned spelling. {@link #nameOf(int)} names any code, known or not.
 */
public enum HResult {
    S_OK(0x00000000, "the operation succeeded"),
    WU_S_MARKED_FOR_DISCONNECT(0x00240004, "the callbacks are released once the running callback returns"),
    WU_S_ALREADY_DOWNLOADED(0x00240008, "the update is already downloaded"),
    WU_S_DM_ALREADYDOWNLOADING(0x00246001, "the update is already being downloaded"),

    WU_E_NO_SERVICE(0x80240001, "the agent could not provide the service"),
    WU_E_NOT_INITIALIZED(0x80240004, "the object is not initialized"),
    WU_E_INVALIDINDEX(0x80240007, "the index is outside the collection"),
    WU_E_ITEMNOTFOUND(0x80240008, "the key was not found"),
    WU_E_OPERATIONINPROGRESS(0x80240009, "a conflicting operation is already running"),
    WU_E_COULDNOTCANCEL(0x8024000A, "the operation cannot be cancelled"),
    WU_E_CALL_CANCELLED(0x8024000B, "the operation was cancelled"),
    WU_E_NOOP(0x8024000C, "there was nothing to do"),
    WU_E_DUPLICATE_ITEM(0x80240013, "the item is already in the list"),
    WU_E_SERVICE_STOP(0x8024001E, "the service is shutting down"),
    WU_E_NO_CONNECTION(0x8024001F, "the network is not available"),
    WU_E_TIME_OUT(0x80240021, "the operation timed out"),
    WU_E_ALL_UPDATES_FAILED(0x80240022, "every update failed"),
    WU_E_EULAS_DECLINED(0x80240023, "all licence agreements were declined"),
    WU_E_NO_UPDATE(0x80240024, "there are no updates to process"),
    WU_E_URL_TOO_LONG(0x80240027, "the URL is too long"),
    WU_E_INVALID_PROXY_SERVER(0x80240030, "the proxy setting is not valid"),
    WU_E_DOWNLOAD_FAILED(0x80240034, "the update failed to download"),
    WU_E_UPDATE_NOT_PROCESSED(0x80240035, "the update was not processed"),
    WU_E_INVALID_OPERATION(0x80240036, "the object is locked down and cannot do this"),
    WU_E_NOT_SUPPORTED(0x80240037, "the operation is not supported"),
    WU_E_WINHTTP_INVALID_FILE(0x80240038, "the downloaded file has an unexpected content type"),
    WU_E_BAD_FILE_URL(0x80240046, "the URL does not name a file"),
    WU_E_UNEXPECTED(0x80240FFF, "an unexpected error occurred"),

    WU_E_PT_HTTP_STATUS_BAD_REQUEST(0x80244016, "the server answered HTTP 400 Bad Request"),
    WU_E_PT_HTTP_STATUS_DENIED(0x80244017, "the server answered HTTP 401 Unauthorized"),
    WU_E_PT_HTTP_STATUS_FORBIDDEN(0x80244018, "the server answered HTTP 403 Forbidden"),
    WU_E_PT_HTTP_STATUS_NOT_FOUND(0x80244019, "the server answered HTTP 404 Not Found"),
    WU_E_PT_HTTP_STATUS_BAD_METHOD(0x8024401A, "the server answered HTTP 405 Method Not Allowed"),
    WU_E_PT_HTTP_STATUS_PROXY_AUTH_REQ(0x8024401B, "the proxy answered HTTP 407 Proxy Authentication Required"),
    WU_E_PT_HTTP_STATUS_REQUEST_TIMEOUT(0x8024401C, "the server answered HTTP 408 Request Timeout"),
    WU_E_PT_HTTP_STATUS_CONFLICT(0x8024401D, "the server answered HTTP 409 Conflict"),
    WU_E_PT_HTTP_STATUS_GONE(0x8024401E, "the server answered HTTP 410 Gone"),
    WU_E_PT_HTTP_STATUS_SERVER_ERROR(0x8024401F, "the server answered HTTP 500 Internal Server Error"),
    WU_E_PT_HTTP_STATUS_NOT_SUPPORTED(0x80244020, "the server answered HTTP 501 Not Implemented"),
    WU_E_PT_HTTP_STATUS_BAD_GATEWAY(0x80244021, "the server answered HTTP 502 Bad Gateway"),
    WU_E_PT_HTTP_STATUS_SERVICE_UNAVAIL(0x80244022, "the server answered HTTP 503 Service Unavailable"),
    WU_E_PT_HTTP_STATUS_GATEWAY_TIMEOUT(0x80244023, "the server answered HTTP 504 Gateway Timeout"),
    WU_E_PT_HTTP_STATUS_VERSION_NOT_SUP(0x80244024, "the server answered HTTP 505 HTTP Version Not Supported"),
    WU_E_PT_FILE_LOCATIONS_CHANGED(0x80244025, "the file locations changed"),
    WU_E_PT_HTTP_STATUS_NOT_MAPPED(0x8024402B, "the server answered an HTTP status with no WUA mapping"),
    WU_E_PT_WINHTTP_NAME_NOT_RESOLVED(0x8024402C, "the server's host name could not be resolved"),
    WU_E_PT_UNEXPECTED(0x80244FFF, "an unexpected transport error occurred"),

    WU_E_DM_URLNOTAVAILABLE(0x80246001, "the file has no URL"),
    WU_E_DM_INCORRECTFILEHASH(0x80246002, "the downloaded file does not match its digest"),
    WU_E_DM_UNKNOWNALGORITHM(0x80246003, "the digest algorithm is unknown"),
    WU_E_DM_NEEDDOWNLOADREQUEST(0x80246004, "a download request is needed"),
    WU_E_DM_NONETWORK(0x80246005, "there is no network connection"),
    WU_E_DM_NOTDOWNLOADED(0x80246007, "the update has not been downloaded"),
    WU_E_DM_DOWNLOADLOCATIONCHANGED(0x8024600A, "the download location changed"),
    WU_E_DM_CONTENTCHANGED(0x8024600B, "the content changed on the server while it was being downloaded"),
    WU_E_DM_UNAUTHORIZED(0x8024600E, "the server refused authorization"),
    WU_E_DM_DOWNLOADFILEPATHUNKNOWN(0x80246011, "the download path is unknown"),
    WU_E_DM_DOWNLOADFILEMISSING(0x80246012, "a downloaded file is missing"),
    WU_E_DM_READRANGEFAILED(0x80246014, "the server did not return the requested byte range"),
    WU_E_DM_DOWNLOADTYPE_CONFLICT(0x8024601F, "the update is being downloaded with another download type"),
    WU_E_DM_UNEXPECTED(0x80246FFF, "an unexpected download error occurred"),

    E_NOTIMPL(0x80004001, "not implemented"),
    E_OUTOFMEMORY(0x8007000E, "not enough memory"),
    E_NOINTERFACE(0x80004002, "no such interface"),
    E_POINTER(0x80004003, "a required argument was null"),
    E_FAIL(0x80004005, "unspecified failure"),
    E_ACCESSDENIED(0x80070005, "access was denied"),
    ERROR_DISK_FULL(0x80070070, "there is not enough space on the disk"),
    E_INVALIDARG(0x80070057, "an argument is not valid"),
    E_UNEXPECTED(0x8000FFFF, "an unexpected failure occurred"),
    DISP_E_MEMBERNOTFOUND(0x80020003, "no such member"),
    DISP_E_TYPEMISMATCH(0x80020005, "an argument has the wrong type"),
    DISP_E_UNKNOWNNAME(0x80020006, "the name is not a known member"),
    DISP_E_EXCEPTION(0x80020009, "the callee raised an exception"),
    DISP_E_BADPARAMCOUNT(0x8002000E, "the number of arguments is wrong"),
    /** JScript's runtime error 438, raised for a name an automation object does not have. */
    JS_E_UNSUPPORTED_MEMBER(0x800A01B6, "Object doesn't support this property or method"),
    /** JScript's runtime error 62, raised by a TextStream read at its end. */
    JS_E_INPUT_PAST_END(0x800A003E, "Input past end of file"),
    /** What WSH's GetObject raises for a moniker it cannot bind. */
    MK_E_SYNTAX(0x800401E4, "Invalid syntax"),
    CLASS_E_CLASSNOTAVAILABLE(0x80040111, "the class is not available"),
    REGDB_E_CLASSNOTREG(0x80040154, "the class is not registered"),
    CO_E_CLASSSTRING(0x800401F3, "the ProgID is not a known class"),
    RPC_E_CHANGED_MODE(0x80010106, "the thread's COM apartment mode cannot be changed"),
    RPC_E_WRONG_THREAD(0x8001010E, "the object was called on the wrong thread");

    private static final Map<Integer, HResult> BY_CODE = new HashMap<>();

    static {
        for (HResult h : values()) {
            BY_CODE.put(h.code, h);
        }
    }

    private final int code;
    private final String meaning;

    HResult(int code, String meaning) {
        this.code = code;
        this.meaning = meaning;
    }

    /** The signed 32-bit value (as JScript's {@code e.number} shows it). */
    public int code() {
        return code;
    }

    /** {@code 0x80240024}-style spelling. */
    public String hex() {
        return hex(code);
    }

    /** A short phrase saying what the code means. */
    public String meaning() {
        return meaning;
    }

    /** True for success codes (severity bit clear). */
    public boolean succeeded() {
        return code >= 0;
    }

    /** The known constant for {@code code}, or null. */
    public static HResult forCode(int code) {
        return BY_CODE.get(code);
    }

    /** The symbolic name of any code, or its hex spelling when wudl does not know it. */
    public static String nameOf(int code) {
        HResult h = BY_CODE.get(code);
        return h != null ? h.name() : hex(code);
    }

    public static String hex(int code) {
        return String.format("0x%08X", code);
    }

    /**
     * The WUA code for a failed HTTP status: the WU_E_PT_HTTP_STATUS_* table of {@code wuerror.h}, and
     * WU_E_PT_HTTP_STATUS_NOT_MAPPED for any status that table does not list (406, 411+, …).
     */
    public static HResult forHttpStatus(int status) {
        switch (status) {
            case 400:
                return WU_E_PT_HTTP_STATUS_BAD_REQUEST;
            case 401:
                return WU_E_PT_HTTP_STATUS_DENIED;
            case 403:
                return WU_E_PT_HTTP_STATUS_FORBIDDEN;
            case 404:
                return WU_E_PT_HTTP_STATUS_NOT_FOUND;
            case 405:
                return WU_E_PT_HTTP_STATUS_BAD_METHOD;
            case 407:
                return WU_E_PT_HTTP_STATUS_PROXY_AUTH_REQ;
            case 408:
                return WU_E_PT_HTTP_STATUS_REQUEST_TIMEOUT;
            case 409:
                return WU_E_PT_HTTP_STATUS_CONFLICT;
            case 410:
                return WU_E_PT_HTTP_STATUS_GONE;
            case 500:
                return WU_E_PT_HTTP_STATUS_SERVER_ERROR;
            case 501:
                return WU_E_PT_HTTP_STATUS_NOT_SUPPORTED;
            case 502:
                return WU_E_PT_HTTP_STATUS_BAD_GATEWAY;
            case 503:
                return WU_E_PT_HTTP_STATUS_SERVICE_UNAVAIL;
            case 504:
                return WU_E_PT_HTTP_STATUS_GATEWAY_TIMEOUT;
            case 505:
                return WU_E_PT_HTTP_STATUS_VERSION_NOT_SUP;
            default:
                return WU_E_PT_HTTP_STATUS_NOT_MAPPED;
        }
    }
}
