package io.github.wudl.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Guid.GUID;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.lang.ref.Reference;
import java.nio.charset.StandardCharsets;

/**
 * Late-bound calls through IDispatch (vtable slots 5 GetIDsOfNames and 6 Invoke), by the DISPIDs of
 * wua-reference §1. Arguments go in as VARIANTs in reverse order, as IDispatch::Invoke wants them; every
 * BSTR and interface reference made for the call is given back after it, and so is the result VARIANT once
 * read ({@link Variants#read}: an interface result comes back as a {@link ComRef} of its own).
 */
final class Automation {
    static final int SLOT_GET_IDS_OF_NAMES = 5;
    static final int SLOT_INVOKE = 6;
    static final short DISPATCH_METHOD = 1;
    static final short DISPATCH_PROPERTYGET = 2;
    static final short DISPATCH_PROPERTYPUT = 4;
    static final int DISPID_PROPERTYPUT = -3;

    private static final int P = Native.POINTER_SIZE;

    private final Bstrs.Allocator bstrs;

    Automation(Bstrs.Allocator bstrs) {
        this.bstrs = bstrs;
    }

    /** A property's value; {@code name} only labels errors. */
    Object get(Pointer disp, int dispId, String name, Object... args) {
        return invoke(disp, dispId, name, DISPATCH_PROPERTYGET, false, args);
    }

    void put(Pointer disp, int dispId, String name, Object value) {
        invoke(disp, dispId, name, DISPATCH_PROPERTYPUT, true, value);
    }

    /** A method call; returns its result (null for none). */
    Object call(Pointer disp, int dispId, String name, Object... args) {
        return invoke(disp, dispId, name, (short) (DISPATCH_METHOD | DISPATCH_PROPERTYGET), false, args);
    }

    /** GetIDsOfNames for one member name: for members wua-reference gives no DISPID for. */
    int dispId(Pointer disp, String name) {
        byte[] chars = (name + "\0").getBytes(StandardCharsets.UTF_16LE);
        Memory wide = new Memory(chars.length);
        wide.write(0, chars, 0, chars.length);
        Memory names = new Memory(P);
        names.setPointer(0, wide);
        Memory id = new Memory(4);
        int hr;
        try {
            hr = Com.call(disp, SLOT_GET_IDS_OF_NAMES, new GUID.ByReference(Iids.IID_NULL), names, 1, 0, id);
        } finally {
            // only native memory points at the name: keep its Memory from being freed before the call is over
            Reference.reachabilityFence(wide);
        }
        HResults.check(hr, "GetIDsOfNames(\"" + name + "\")");
        return id.getInt(0);
    }

    private Object invoke(Pointer disp, int dispId, String name, short flags, boolean put, Object... args) {
        int n = args.length;
        Memory params = new Memory(2L * P + 8);
        params.clear();
        Memory argv = n == 0 ? null : new Memory((long) n * Variants.SIZE);
        if (argv != null) {
            argv.clear(); // all VT_EMPTY: a failed write leaves nothing for the finally to free wrongly
        }
        Memory named = null;
        try {
            for (int i = 0; i < n; i++) {
                // IDispatch takes arguments last-first
                Pointer slot = argv.share((long) (n - 1 - i) * Variants.SIZE);
                slot.clear(Variants.SIZE);
                Variants.write(slot, args[i], bstrs);
            }
            params.setPointer(0, argv);
            params.setInt(2L * P, n);
            if (put) {
                named = new Memory(4);
                named.setInt(0, DISPID_PROPERTYPUT);
                params.setPointer(P, named);
                params.setInt(2L * P + 4, 1);
            }
            Memory result = Variants.allocate();
            Memory excep = new Memory(8L * P);
            excep.clear();
            Memory argErr = new Memory(4);
            int hr = Com.call(
                    disp,
                    SLOT_INVOKE,
                    dispId,
                    new GUID.ByReference(Iids.IID_NULL),
                    0,
                    flags,
                    params,
                    put ? null : result,
                    excep,
                    argErr);
            if (hr == HResult.DISP_E_EXCEPTION.code()) {
                throw exception(name, excep);
            }
            HResults.check(hr, name);
            try {
                return put ? null : Variants.read(result);
            } finally {
                Variants.clear(result, bstrs);
            }
        } finally {
            for (int i = 0; i < n; i++) {
                Variants.clear(argv.share((long) i * Variants.SIZE), bstrs);
            }
            // DISPPARAMS reaches these through native pointers only: keep them until the call is over
            Reference.reachabilityFence(argv);
            Reference.reachabilityFence(named);
        }
    }

    /**
     * The error a member raised through EXCEPINFO: its scode (WUA puts its WU_E_* there) and description;
     * the EXCEPINFO's BSTRs are freed. Layout: wCode, wReserved, then bstrSource, bstrDescription,
     * bstrHelpFile at 1, 2 and 3 pointers, dwHelpContext at 4, pvReserved at 5, pfnDeferredFillIn at 6 and
     * scode at 7 pointers.
     */
    private WuaException exception(String name, Memory excep) {
        int scode = excep.getInt(7L * P);
        String description = "";
        for (int i = 1; i <= 3; i++) {
            Pointer b = excep.getPointer((long) i * P);
            if (b != null) {
                if (i == 2) {
                    description = Bstrs.read(b).strip();
                }
                bstrs.free(b);
            }
        }
        int code = scode != 0 ? scode : HResult.DISP_E_EXCEPTION.code();
        try {
            HResults.check(code, name);
        } catch (WuaException e) {
            return description.isEmpty() ? e : new WuaException(code, e.detail() + " (" + description + ")", null);
        }
        return new WuaException(
                HResult.DISP_E_EXCEPTION, name + " raised an exception without an error code: " + description);
    }
}
