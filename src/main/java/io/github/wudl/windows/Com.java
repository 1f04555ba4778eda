package io.github.wudl.windows;

import com.sun.jna.Function;
import com.sun.jna.Native;
import com.sun.jna.Platform;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Guid.GUID;
import com.sun.jna.ptr.PointerByReference;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;

/**
 * Raw COM calls through an object's vtable: {@code obj} points at a pointer to the vtable, slot {@code n} is
 * the n-th function pointer, and every method takes {@code obj} as its first argument and returns an HRESULT.
 * No apartment checks here: callers run on the thread their objects belong to ({@link ComThread}).
 */
final class Com {
    /** COM methods are stdcall; that differs from the C convention only on 32-bit Windows. */
    static final boolean STDCALL = Platform.isWindows() && !Platform.is64Bit();

    private static final int CONVENTION = STDCALL ? Function.ALT_CONVENTION : Function.C_CONVENTION;

    static final int SLOT_QUERY_INTERFACE = 0;
    static final int SLOT_ADD_REF = 1;
    static final int SLOT_RELEASE = 2;

    private Com() {}

    /** The function in vtable slot {@code slot} of {@code obj}. */
    static Function method(Pointer obj, int slot) {
        if (obj == null) {
            throw new WuaException(HResult.E_POINTER, "a COM call on a null object (vtable slot " + slot + ")");
        }
        Pointer vtable = obj.getPointer(0);
        return Function.getFunction(vtable.getPointer((long) slot * Native.POINTER_SIZE), CONVENTION);
    }

    /** Calls slot {@code slot} of {@code obj} with {@code args} after {@code obj}; returns the HRESULT. */
    static int call(Pointer obj, int slot, Object... args) {
        Object[] all = new Object[args.length + 1];
        all[0] = obj;
        System.arraycopy(args, 0, all, 1, args.length);
        return method(obj, slot).invokeInt(all);
    }

    /** Like {@link #call} but throws a {@link WuaException} naming {@code what} when the HRESULT is a failure. */
    static int check(Pointer obj, int slot, String what, Object... args) {
        return HResults.check(call(obj, slot, args), what);
    }

    /** IUnknown::AddRef; returns the new count (for tests and diagnostics only, as COM says). */
    static int addRef(Pointer obj) {
        return method(obj, SLOT_ADD_REF).invokeInt(new Object[] {obj});
    }

    /** IUnknown::Release; returns the new count. Null is ignored. */
    static int release(Pointer obj) {
        return obj == null ? 0 : method(obj, SLOT_RELEASE).invokeInt(new Object[] {obj});
    }

    /** IUnknown::QueryInterface: the interface (AddRef'ed, to be released), or null for E_NOINTERFACE. */
    static Pointer queryInterface(Pointer obj, GUID iid) {
        PointerByReference out = new PointerByReference();
        int hr = call(obj, SLOT_QUERY_INTERFACE, new GUID.ByReference(iid), out);
        if (hr == HResult.E_NOINTERFACE.code()) {
            return null;
        }
        HResults.check(hr, "QueryInterface(" + iid + ")");
        return out.getValue();
    }
}
