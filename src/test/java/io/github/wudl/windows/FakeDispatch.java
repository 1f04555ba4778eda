package io.github.wudl.windows;

import com.sun.jna.Callback;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import io.github.wudl.wua.HResult;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A COM object with an IDispatch vtable, built in native memory for tests: it records what each Invoke
 * received (read back from the DISPPARAMS with {@link Variants#read}) and answers with a scripted result, so
 * {@link Automation}'s marshalling is checked through real native calls on any OS.
 */
final class FakeDispatch {
    interface QueryInterface extends Callback {
        int invoke(Pointer self, Pointer riid, Pointer ppv);
    }

    interface Ref extends Callback {
        int invoke(Pointer self);
    }

    interface GetTypeInfoCount extends Callback {
        int invoke(Pointer self, Pointer count);
    }

    interface GetTypeInfo extends Callback {
        int invoke(Pointer self, int index, int lcid, Pointer info);
    }

    interface GetIDsOfNames extends Callback {
        int invoke(Pointer self, Pointer riid, Pointer names, int count, int lcid, Pointer ids);
    }

    interface Invoke extends Callback {
        int invoke(
                Pointer self,
                int dispId,
                Pointer riid,
                int lcid,
                short flags,
                Pointer params,
                Pointer result,
                Pointer excepInfo,
                Pointer argErr);
    }

    /** What one Invoke saw; args in call order (first argument first). */
    record Call(int dispId, int flags, List<Object> args, List<Integer> named, boolean resultWanted) {}

    /** What Invoke answers: an HRESULT, and a value to put into the result VARIANT when there is one. */
    interface Answer {
        int answer(Call call, Pointer result, Pointer excepInfo);
    }

    /**
     * Every fake ever made, kept for the life of the test JVM: a ComRef a test forgot is released later by its
     * Cleaner, and that Release must find the object's memory still there, as a real COM object would be.
     */
    private static final List<FakeDispatch> NEVER_FREED = new java.util.concurrent.CopyOnWriteArrayList<>();

    final AtomicInteger refs = new AtomicInteger(1);
    final List<Call> calls = new ArrayList<>();
    final Map<String, Integer> ids = new ConcurrentHashMap<>();
    volatile Answer answer = (c, r, e) -> HResult.S_OK.code();
    private final Memory object = new Memory(Native.POINTER_SIZE);
    private final Memory vtable = new Memory(7L * Native.POINTER_SIZE);
    private final List<Callback> keep = new ArrayList<>();

    FakeDispatch() {
        QueryInterface qi = (self, riid, ppv) -> {
            ppv.setPointer(0, self);
            refs.incrementAndGet();
            return 0;
        };
        Ref addRef = self -> refs.incrementAndGet();
        Ref release = self -> refs.decrementAndGet();
        GetTypeInfoCount count = (self, c) -> {
            c.setInt(0, 0);
            return 0;
        };
        GetTypeInfo info = (self, i, lcid, p) -> HResult.E_NOTIMPL.code();
        GetIDsOfNames names = (self, riid, rgsz, n, lcid, out) -> {
            Pointer wide = rgsz.getPointer(0);
            int len = 0;
            while (wide.getShort(len * 2L) != 0) {
                len++;
            }
            String name = new String(wide.getByteArray(0, len * 2), StandardCharsets.UTF_16LE);
            Integer id = ids.get(name);
            if (id == null) {
                out.setInt(0, -1);
                return HResult.DISP_E_UNKNOWNNAME.code();
            }
            out.setInt(0, id);
            return 0;
        };
        Invoke invoke = (self, dispId, riid, lcid, flags, params, result, excep, argErr) -> {
            int n = params.getInt(2L * Native.POINTER_SIZE);
            int nNamed = params.getInt(2L * Native.POINTER_SIZE + 4);
            Pointer argv = params.getPointer(0);
            List<Object> args = new ArrayList<>();
            for (int i = n - 1; i >= 0; i--) { // last-first on the wire
                Object v = Variants.read(argv.share((long) i * Variants.SIZE));
                if (v instanceof ComRef r) {
                    args.add(Pointer.nativeValue(r.pointer()));
                    r.close();
                } else {
                    args.add(v);
                }
            }
            List<Integer> named = new ArrayList<>();
            for (int i = 0; i < nNamed; i++) {
                named.add(params.getPointer(Native.POINTER_SIZE).getInt(4L * i));
            }
            Call call = new Call(dispId, flags, args, named, result != null);
            synchronized (calls) {
                calls.add(call);
            }
            return answer.answer(call, result, excep);
        };
        keep.addAll(List.of(qi, addRef, release, count, info, names, invoke));
        for (int i = 0; i < keep.size(); i++) {
            vtable.setPointer(
                    (long) i * Native.POINTER_SIZE, com.sun.jna.CallbackReference.getFunctionPointer(keep.get(i)));
        }
        object.setPointer(0, vtable);
        NEVER_FREED.add(this);
    }

    Pointer pointer() {
        return object;
    }

    /**
     * A fake WUA object whose members, by DISPID, answer the given values (a FakeDispatch answers as an
     * AddRef'ed VT_DISPATCH, anything else through {@link Variants#write}); other DISPIDs are
     * DISP_E_MEMBERNOTFOUND. Values may be changed while it is in use.
     */
    static FakeDispatch members(Bstrs.Allocator bstrs, Map<Integer, Object> values) {
        FakeDispatch f = new FakeDispatch();
        f.values.putAll(values);
        f.answer = (call, result, excep) -> {
            if (!f.values.containsKey(call.dispId())) {
                return HResult.DISP_E_MEMBERNOTFOUND.code();
            }
            Object v = f.values.get(call.dispId());
            if (result != null) {
                if (v instanceof FakeDispatch d) {
                    result.setShort(0, Variants.VT_DISPATCH);
                    result.setPointer(8, d.pointer());
                    d.refs.incrementAndGet();
                } else if (v != NONE) {
                    Variants.write(result, v, bstrs);
                }
            }
            return 0;
        };
        return f;
    }

    /** A member that exists and returns nothing (a method such as CleanUp). */
    static final Object NONE = new Object();

    final Map<Integer, Object> values = new ConcurrentHashMap<>();

    /** A latch that opens at the first call of member {@code dispId} (which is answered as before). */
    java.util.concurrent.CountDownLatch whenCalled(int dispId) {
        java.util.concurrent.CountDownLatch called = new java.util.concurrent.CountDownLatch(1);
        Answer before = answer;
        answer = (call, result, excep) -> {
            if (call.dispId() == dispId) {
                called.countDown();
            }
            return before.answer(call, result, excep);
        };
        return called;
    }

    /** The calls made so far of member {@code dispId}. */
    List<Call> callsOf(int dispId) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.dispId() == dispId).toList();
        }
    }

    Call last() {
        synchronized (calls) {
            return calls.get(calls.size() - 1);
        }
    }
}
