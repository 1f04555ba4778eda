package io.github.wudl.windows;

import com.sun.jna.AltCallingConvention;
import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Guid.GUID;
import com.sun.jna.ptr.PointerByReference;
import com.sun.jna.win32.StdCallLibrary;
import io.github.wudl.wua.HResult;
import java.lang.reflect.Proxy;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import java.util.function.IntSupplier;

/**
 * A COM object built in Java that WUA calls back: an {@code IDispatch} whose {@code Invoke(DISPID 0)} hands
 * {@code (job, args)} to a {@link Handler}. This is the "DISPID-0 alternative" of BeginDownload
 * (wua-reference §3.4), the path a script function takes.
 *
 * <p>What it promises:
 * <ul>
 * <li><b>Layout.</b> {@link #pointer()} points at a cell holding a pointer to a 7-slot IDispatch vtable
 *     (QueryInterface, AddRef, Release, GetTypeInfoCount, GetTypeInfo, GetIDsOfNames, Invoke). The vtable and
 *     its seven JNA callbacks are shared by all instances and live as long as this class; each method finds
 *     its object by the {@code this} pointer in a static registry.</li>
 * <li><b>Interfaces.</b> QueryInterface answers IUnknown and IDispatch (same pointer, AddRef'ed) and IMarshal
 *     (delegated to the aggregated free-threaded marshaler's QueryInterface, E_NOINTERFACE without one). It
 *     never answers the typed callback IIDs: WUA would then call slot 3 as {@code Invoke(job, args)}, which here
 *     is GetTypeInfoCount (the §3.4 crash). Everything else is E_NOINTERFACE with {@code *ppv = NULL}.</li>
 * <li><b>Lifetime.</b> A real reference count, 1 at creation for the Java side ({@link #release()}). While it is
 *     above 0 the registry keeps the object and its native cell strongly reachable, whatever the Java caller
 *     still holds. At 0 the marshaler is released and the object leaves the registry; its cell is freed by
 *     the garbage collector later, never while a count is held.</li>
 * <li><b>Invoke.</b> Reads DISPPARAMS (arguments in reverse order: {@code rgvarg[cArgs-1]} is the job,
 *     {@code rgvarg[cArgs-2]} the args; VT_DISPATCH, VT_UNKNOWN or VT_BYREF of those; VT_EMPTY, VT_NULL or a
 *     missing argument give null; any other type DISP_E_TYPEMISMATCH with {@code *puArgErr} set). It AddRefs
 *     the non-null pointers, posts the handler to the executor and returns S_OK at once: it never blocks and
 *     never runs the handler itself. The pointers are Released on the executor thread right after the handler
 *     returns or throws; a handler exception goes to that thread's uncaught-exception handler. If the executor
 *     rejects the task the pointers are Released at once and Invoke still returns S_OK.</li>
 * <li><b>No exception reaches native code.</b> Every callback body catches Throwable and returns E_UNEXPECTED;
 *     so does a call on an object whose count already reached 0 (a caller bug, answered only while its cell
 *     happens to be still allocated).</li>
 * </ul>
 * Named arguments are ignored; a negative count or more named than total gives DISP_E_BADPARAMCOUNT. The
 * argument order is the IDispatch convention, not verified against WUA itself (wua-reference §3.4).
 * Thread-safe: with the marshaler aggregated the object is agile and may be called on any thread at once.
 * Calling convention: stdcall on 32-bit Windows (callbacks made {@link AltCallingConvention} by {@link #slot}),
 * the platform's C convention elsewhere, matching {@link Com}.
 */
final class DispatchCallback {
    /**
     * Receives one Invoke(DISPID 0). Runs on the executor, never inside Invoke. The two pointers are AddRef'ed
     * inside Invoke and Released (via Com.release) right after handle returns or throws, on the same executor
     * thread.
     */
    interface Handler {
        void handle(Pointer job, Pointer args);
    }

    private static final int S_OK = HResult.S_OK.code();
    private static final int E_UNEXPECTED = HResult.E_UNEXPECTED.code();
    private static final int E_POINTER = HResult.E_POINTER.code();
    private static final int E_NOINTERFACE = HResult.E_NOINTERFACE.code();

    /** COM methods are stdcall on 32-bit Windows; JNA rejects that convention elsewhere. */
    private static final boolean STDCALL = Com.STDCALL;

    /** Objects whose count is above 0, by the address of their native cell. */
    private static final Map<Long, DispatchCallback> LIVE = new ConcurrentHashMap<>();

    // One vtable for every instance; these static fields keep the callbacks (so their trampolines) alive for good.
    private static final Callback[] SLOTS = {
        slot(QueryInterface.class, (self, riid, ppv) -> guard(() -> find(self).queryInterface(riid, ppv)), STDCALL),
        slot(AddRef.class, self -> guard(() -> find(self).addRef()), STDCALL),
        slot(Release.class, self -> guard(() -> find(self).releaseRef()), STDCALL),
        slot(
                GetTypeInfoCount.class,
                (self, pctinfo) -> guard(() -> {
                    if (pctinfo == null) {
                        return E_POINTER;
                    }
                    pctinfo.setInt(0, 0);
                    return S_OK;
                }),
                STDCALL),
        slot(
                GetTypeInfo.class,
                (self, iTInfo, lcid, ppTInfo) -> guard(() -> {
                    if (ppTInfo != null) {
                        ppTInfo.setPointer(0, null);
                    }
                    return HResult.E_NOTIMPL.code();
                }),
                STDCALL),
        slot(
                GetIDsOfNames.class,
                (self, riid, names, cNames, lcid, rgDispId) -> guard(() -> {
                    for (int i = 0; rgDispId != null && i < cNames && i < 1024; i++) {
                        rgDispId.setInt(4L * i, -1); // DISPID_UNKNOWN
                    }
                    return HResult.DISP_E_UNKNOWNNAME.code();
                }),
                STDCALL),
        slot(
                Invoke.class,
                (self, dispId, riid, lcid, wFlags, params, result, excep, argErr) ->
                        guard(() -> find(self).invoke(dispId, params, result, argErr)),
                STDCALL),
    };
    private static final Memory VTABLE = new Memory((long) SLOTS.length * Native.POINTER_SIZE);

    static {
        for (int i = 0; i < SLOTS.length; i++) {
            VTABLE.setPointer((long) i * Native.POINTER_SIZE, CallbackReference.getFunctionPointer(SLOTS[i]));
        }
    }

    private final Memory cell = new Memory(Native.POINTER_SIZE);
    private final Pointer pointer = new Pointer(Pointer.nativeValue(cell));
    private final AtomicInteger count = new AtomicInteger(1);
    private final AtomicBoolean javaReleased = new AtomicBoolean();
    private final Handler handler;
    private final Executor executor;
    private volatile Pointer ftm;

    private DispatchCallback(Handler handler, Executor executor) {
        this.handler = handler;
        this.executor = executor;
        cell.setPointer(0, VTABLE);
    }

    /**
     * A new object with a count of 1. {@code ftmFactory}, given this object's IUnknown (the controlling outer
     * unknown), returns the aggregated free-threaded marshaler's IUnknown, or null for none: on Windows a
     * function calling ole32 CoCreateFreeThreadedMarshaler, in tests a fake. A null ftmFactory means no
     * marshaler.
     */
    static DispatchCallback create(Handler handler, Executor executor, Function<Pointer, Pointer> ftmFactory) {
        DispatchCallback cb = new DispatchCallback(
                Objects.requireNonNull(handler, "handler"), Objects.requireNonNull(executor, "executor"));
        LIVE.put(Pointer.nativeValue(cb.pointer), cb); // registered first: the marshaler may call back through it
        try {
            cb.ftm = ftmFactory == null ? null : ftmFactory.apply(cb.pointer);
        } catch (RuntimeException | Error e) {
            LIVE.remove(Pointer.nativeValue(cb.pointer));
            throw e;
        }
        return cb;
    }

    /** The object's IDispatch* (== its IUnknown*), to hand to WUA. A plain address: holding it keeps nothing alive. */
    Pointer pointer() {
        return pointer;
    }

    /** The current reference count, for tests and diagnostics. */
    int refCount() {
        return count.get();
    }

    /** Drops the Java side's own reference (the count starts at 1 for it). Later calls do nothing. */
    void release() {
        if (javaReleased.compareAndSet(false, true)) {
            releaseRef();
        }
    }

    /** How many objects the registry still keeps alive (count above 0). */
    static int liveObjects() {
        return LIVE.size();
    }

    /** An ole32-backed ftmFactory (Windows only). ole32 is loaded on the first call of the returned function. */
    static Function<Pointer, Pointer> ole32FreeThreadedMarshaler() {
        return outer -> {
            PointerByReference out = new PointerByReference();
            HResults.check(
                    Ole32Ftm.Holder.INSTANCE.CoCreateFreeThreadedMarshaler(outer, out),
                    "CoCreateFreeThreadedMarshaler");
            return out.getValue();
        };
    }

    /** The one ole32 function jna-platform's Ole32 does not map (WINAPI, hence StdCallLibrary). */
    interface Ole32Ftm extends StdCallLibrary {
        int CoCreateFreeThreadedMarshaler(Pointer punkOuter, PointerByReference ppunkMarshal);

        final class Holder {
            static final Ole32Ftm INSTANCE = Native.load("ole32", Ole32Ftm.class);

            private Holder() {}
        }
    }

    private int queryInterface(Pointer riid, Pointer ppv) {
        if (ppv == null) {
            return E_POINTER;
        }
        ppv.setPointer(0, null);
        if (riid == null) {
            return E_POINTER;
        }
        GUID iid = new GUID(riid);
        if (iid.equals(Iids.IID_IUNKNOWN) || iid.equals(Iids.IID_IDISPATCH)) {
            addRef();
            ppv.setPointer(0, pointer);
            return S_OK;
        }
        Pointer marshaler = ftm;
        if (iid.equals(Iids.IID_IMARSHAL) && marshaler != null) {
            return Com.call(marshaler, Com.SLOT_QUERY_INTERFACE, riid, ppv);
        }
        return E_NOINTERFACE; // including Iids.IID_PROGRESS_CHANGED_CALLBACK and IID_COMPLETED_CALLBACK, on purpose
    }

    private int addRef() {
        return Math.max(count.updateAndGet(n -> n <= 0 ? n : n + 1), 0); // never resurrects a released object
    }

    private int releaseRef() {
        int n = count.decrementAndGet();
        if (n == 0) {
            LIVE.remove(Pointer.nativeValue(pointer));
            Pointer marshaler = ftm;
            ftm = null;
            Com.release(marshaler);
        }
        return Math.max(n, 0);
    }

    private int invoke(int dispId, Pointer params, Pointer result, Pointer argErr) {
        if (dispId != 0) {
            return HResult.DISP_E_MEMBERNOTFOUND.code();
        }
        if (params == null) {
            return E_POINTER;
        }
        int p = Native.POINTER_SIZE;
        Pointer rgvarg = params.getPointer(0);
        int cArgs = params.getInt(2L * p);
        int cNamed = params.getInt(2L * p + 4);
        if (cArgs < 0 || cNamed < 0 || cNamed > cArgs) {
            return HResult.DISP_E_BADPARAMCOUNT.code();
        }
        if (cArgs > 0 && rgvarg == null) {
            return E_POINTER;
        }
        Pointer[] objects = new Pointer[2]; // job, args
        for (int k = 0; k < 2 && k < cArgs; k++) {
            int index = cArgs - 1 - k;
            Pointer variant = rgvarg.share((long) index * Variants.SIZE);
            int vt = variant.getShort(0) & 0xFFFF;
            if (vt == Variants.VT_DISPATCH || vt == Variants.VT_UNKNOWN) {
                objects[k] = variant.getPointer(8);
            } else if (vt == (Variants.VT_BYREF | Variants.VT_DISPATCH)
                    || vt == (Variants.VT_BYREF | Variants.VT_UNKNOWN)) {
                Pointer ref = variant.getPointer(8);
                objects[k] = ref == null ? null : ref.getPointer(0);
            } else if (vt != Variants.VT_EMPTY && vt != Variants.VT_NULL) {
                if (argErr != null) {
                    argErr.setInt(0, index);
                }
                return HResult.DISP_E_TYPEMISMATCH.code();
            }
        }
        if (result != null) {
            result.setMemory(0, Variants.SIZE, (byte) 0); // VT_EMPTY
        }
        Pointer job = objects[0];
        Pointer args = objects[1];
        for (Pointer o : objects) {
            if (o != null) {
                Com.addRef(o); // a bad pointer would crash here, not throw: Com.addRef only throws for null
            }
        }
        try {
            executor.execute(() -> deliver(job, args));
        } catch (RuntimeException e) { // rejected: nobody will release them but us
            releaseBoth(job, args);
        }
        return S_OK;
    }

    private void deliver(Pointer job, Pointer args) {
        try {
            handler.handle(job, args);
        } catch (Throwable t) {
            report(t);
        } finally {
            releaseBoth(job, args);
        }
    }

    private static void releaseBoth(Pointer job, Pointer args) {
        for (Pointer p : new Pointer[] {args, job}) {
            try {
                Com.release(p);
            } catch (Throwable t) {
                report(t);
            }
        }
    }

    private static void report(Throwable t) {
        Thread thread = Thread.currentThread();
        try {
            thread.getUncaughtExceptionHandler().uncaughtException(thread, t);
        } catch (Throwable ignored) {
            // the reporter failed too; nothing sensible is left to do on a callback thread
        }
    }

    private static DispatchCallback find(Pointer self) {
        DispatchCallback cb = self == null ? null : LIVE.get(Pointer.nativeValue(self));
        if (cb == null) {
            throw new IllegalStateException("call on an unknown or released DispatchCallback " + self);
        }
        return cb;
    }

    /** Runs a callback body; nothing it throws may unwind into native code. */
    private static int guard(IntSupplier body) {
        try {
            return body.getAsInt();
        } catch (Throwable t) {
            return E_UNEXPECTED;
        }
    }

    /**
     * {@code body}, or with {@code stdcall} a proxy that is also an {@link AltCallingConvention}: JNA gives such
     * callbacks the stdcall convention. (StdCallCallback cannot be used: on Linux x86-64 JNA 5.18.1 refuses it
     * with "Invalid calling convention 63".)
     */
    @SuppressWarnings("unchecked")
    static <T extends Callback> T slot(Class<T> type, T body, boolean stdcall) {
        if (!stdcall) {
            return body;
        }
        return (T) Proxy.newProxyInstance(
                type.getClassLoader(),
                new Class<?>[] {type, AltCallingConvention.class},
                (proxy, method, args) -> method.invoke(body, args));
    }

    // The vtable slots, in order.
    interface QueryInterface extends Callback {
        int invoke(Pointer self, Pointer riid, Pointer ppv);
    }

    interface AddRef extends Callback {
        int invoke(Pointer self);
    }

    interface Release extends Callback {
        int invoke(Pointer self);
    }

    interface GetTypeInfoCount extends Callback {
        int invoke(Pointer self, Pointer pctinfo);
    }

    interface GetTypeInfo extends Callback {
        int invoke(Pointer self, int iTInfo, int lcid, Pointer ppTInfo);
    }

    interface GetIDsOfNames extends Callback {
        int invoke(Pointer self, Pointer riid, Pointer rgszNames, int cNames, int lcid, Pointer rgDispId);
    }

    interface Invoke extends Callback {
        int invoke(
                Pointer self,
                int dispIdMember,
                Pointer riid,
                int lcid,
                short wFlags,
                Pointer pDispParams,
                Pointer pVarResult,
                Pointer pExcepInfo,
                Pointer puArgErr);
    }
}
