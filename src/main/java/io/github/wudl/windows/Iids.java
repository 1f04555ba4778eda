package io.github.wudl.windows;

import com.sun.jna.platform.win32.Guid.GUID;

/** Interface and class IDs of COM and WUA (wua-reference §1), as JNA GUIDs. */
final class Iids {
    static final GUID IID_IUNKNOWN = new GUID("{00000000-0000-0000-C000-000000000046}");
    static final GUID IID_IDISPATCH = new GUID("{00020400-0000-0000-C000-000000000046}");
    static final GUID IID_IMARSHAL = new GUID("{00000003-0000-0000-C000-000000000046}");
    /** IID_NULL: the riid that IDispatch::Invoke requires. */
    static final GUID IID_NULL = new GUID("{00000000-0000-0000-0000-000000000000}");

    static final GUID CLSID_UPDATE_SESSION = new GUID("{4CB43D7F-7EEE-4906-8698-60DA1C38F2FE}");
    static final GUID CLSID_UPDATE_COLLECTION = new GUID("{13639463-00DB-4646-803D-528026140D88}");

    static final GUID IID_IUPDATE_SESSION = new GUID("{816858A4-260D-4260-933A-2585F1ABC76B}");
    static final GUID IID_IUPDATE_DOWNLOADER = new GUID("{68F1C6F9-7ECC-4666-A464-247FE12496C3}");
    static final GUID IID_IUPDATE_DOWNLOADER_EX = new GUID("{94726306-F12A-482A-A774-FB4F870D98C0}");
    static final GUID IID_IDOWNLOAD_JOB = new GUID("{C574DE85-7358-43F6-AAE8-8697E62D8BA7}");
    static final GUID IID_IUPDATE_COLLECTION = new GUID("{07F7438C-7709-4CA5-B518-91279288134E}");
    /** The typed callback IIDs: the DISPID-0 callback object must never claim these (wua-reference §3.4). */
    static final GUID IID_PROGRESS_CHANGED_CALLBACK = new GUID("{8C3F1CDD-6173-4591-AEBD-A56A53CA77C1}");

    static final GUID IID_COMPLETED_CALLBACK = new GUID("{77254866-9F5B-4C8E-B9E2-C77A8530D64B}");

    private Iids() {}
}
