package io.github.wudl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNotSame;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.AltCallingConvention;
import com.sun.jna.Callback;
import com.sun.jna.CallbackReference;
import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Guid.GUID;
import com.sun.jna.ptr.PointerByReference;
import io.github.wudl.wua.HResult;
import java.lang.ref.Reference;
import java.lang.ref.WeakReference;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;

/**
 * Drives {@link DispatchCallback} through its real native vtable: every call below goes through a JNA
 * {@code Function} built from the function pointer read out of native memory, exactly as WUA would call it.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class DispatchCallbackTest {
    private static final int P = Native.POINTER_SIZE;
    private static final int SLOT_GET_TYPE_INFO_COUNT = 3;
    private static final int SLOT_GET_TYPE_INFO = 4;
    private static final int SLOT_GET_IDS_OF_NAMES = 5;
    private static final int SLOT_INVOKE = 6;
    private static final short DISPATCH_METHOD = 1;
    private static final Pointer JUNK = new Pointer(0xDEADBEE0L);

    private final List<Throwable> uncaught = new CopyOnWriteArrayList<>();
    private final AtomicReference<Thread> executorThread = new AtomicReference<>();
    private final List<DispatchCallback> toRelease = new ArrayList<>();
    private ExecutorService executor;
    private int baseline;

    @BeforeEach
    void setUp() {
        baseline = DispatchCallback.liveObjects();
        executor = Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "dispatch-callback-test");
            t.setDaemon(true);
            t.setUncaughtExceptionHandler((th, e) -> uncaught.add(e));
            executorThread.set(t);
            return t;
        });
    }

    @AfterEach
    void tearDown() {
        toRelease.forEach(DispatchCallback::release);
        executor.shutdownNow();
    }

    private DispatchCallback fake() {
        DispatchCallback cb = DispatchCallback.create((j, a) -> {}, Runnable::run, null);
        toRelease.add(cb);
        return cb;
    }

    /** A callback on the executor that adds each call's job and args to {@code got}, then counts {@code done} down. */
    private DispatchCallback recorder(List<Pointer> got, CountDownLatch done) {
        DispatchCallback cb = DispatchCallback.create(
                (j, a) -> {
                    got.add(j);
                    got.add(a);
                    done.countDown();
                },
                executor,
                null);
        toRelease.add(cb);
        return cb;
    }

    /** Waits until every task posted so far on the single-thread executor has finished. */
    private void drain() throws Exception {
        executor.submit(() -> {}).get(10, TimeUnit.SECONDS);
    }

    private static int qi(Pointer obj, GUID iid, PointerByReference out) {
        out.setValue(JUNK);
        return Com.call(obj, Com.SLOT_QUERY_INTERFACE, new GUID.ByReference(iid), out);
    }

    private static int invoke(Pointer obj, int dispId, Pointer dispParams, Pointer result, Pointer argErr) {
        return Com.call(
                obj,
                SLOT_INVOKE,
                dispId,
                new GUID.ByReference(Iids.IID_NULL),
                0,
                DISPATCH_METHOD,
                dispParams,
                result,
                null,
                argErr);
    }

    /** A DISPPARAMS with {@code vts.length} positional VARIANTs; the VARIANT array stays reachable from the result. */
    private static final class DispParams {
        final Memory variants;
        final Memory params = new Memory(2L * P + 8);

        DispParams(int[] vts, Pointer[] values) {
            variants = new Memory(Math.max(1, vts.length) * (long) Variants.SIZE);
            variants.clear();
            for (int i = 0; i < vts.length; i++) {
                variants.setShort((long) i * Variants.SIZE, (short) vts[i]);
                variants.setPointer((long) i * Variants.SIZE + 8, values[i]);
            }
            params.clear();
            params.setPointer(0, vts.length == 0 ? null : variants);
            params.setPointer(P, null);
            params.setInt(2L * P, vts.length);
            params.setInt(2L * P + 4, 0);
        }

        /** rgvarg[1] = job, rgvarg[0] = args: the reverse order of IDispatch::Invoke. */
        static DispParams jobAndArgs(int vt, Pointer job, Pointer args) {
            return new DispParams(new int[] {vt, vt}, new Pointer[] {args, job});
        }
    }

    /** A minimal native IUnknown standing in for the free-threaded marshaler: QI answers anything with MARKER. */
    private static final class FakeMarshaler {
        static final Pointer MARKER = new Pointer(0x12345670L);
        final AtomicInteger addRefs = new AtomicInteger();
        final AtomicInteger releases = new AtomicInteger();
        final AtomicReference<GUID> askedFor = new AtomicReference<>();
        final Unknown3 qi = (self, riid, ppv) -> {
            askedFor.set(new GUID(riid));
            ppv.setPointer(0, MARKER);
            return 0;
        };
        final Unknown1 addRef = self -> addRefs.incrementAndGet();
        final Unknown1 release = self -> releases.incrementAndGet();
        final Memory vtable = new Memory(3L * P);
        final Memory object = new Memory(P);

        FakeMarshaler() {
            vtable.setPointer(0, CallbackReference.getFunctionPointer(qi));
            vtable.setPointer(P, CallbackReference.getFunctionPointer(addRef));
            vtable.setPointer(2L * P, CallbackReference.getFunctionPointer(release));
            object.setPointer(0, vtable);
        }

        // JNA calls invoke from native code, through the vtable
        @SuppressWarnings("UnusedMethod")
        interface Unknown3 extends Callback {
            int invoke(Pointer self, Pointer riid, Pointer ppv);
        }

        // JNA calls invoke from native code, through the vtable
        @SuppressWarnings("UnusedMethod")
        interface Unknown1 extends Callback {
            int invoke(Pointer self);
        }
    }

    @Test
    void queryInterfaceForIUnknownAndIDispatchGivesTheSamePointerAndAddRefs() {
        DispatchCallback cb = fake();
        PointerByReference out = new PointerByReference();
        assertEquals(0, qi(cb.pointer(), Iids.IID_IUNKNOWN, out));
        assertEquals(cb.pointer(), out.getValue());
        assertEquals(2, cb.refCount());
        assertEquals(0, qi(cb.pointer(), Iids.IID_IDISPATCH, out));
        assertEquals(cb.pointer(), out.getValue());
        assertEquals(3, cb.refCount());
        assertEquals(cb.pointer(), Com.queryInterface(cb.pointer(), Iids.IID_IDISPATCH));
        assertEquals(4, cb.refCount());
        assertEquals(3, Com.release(cb.pointer()));
        assertEquals(2, Com.release(cb.pointer()));
        assertEquals(1, Com.release(cb.pointer()));
    }

    @Test
    void refusesTheTypedCallbackIidsIMarshalWithoutMarshalerAndAnythingElse() {
        DispatchCallback cb = fake();
        GUID[] refused = {
            Iids.IID_PROGRESS_CHANGED_CALLBACK,
            Iids.IID_COMPLETED_CALLBACK,
            Iids.IID_IMARSHAL,
            Iids.IID_IDOWNLOAD_JOB,
            new GUID("{6B29FC40-CA47-1067-B31D-00DD010662DA}")
        };
        for (GUID iid : refused) {
            PointerByReference out = new PointerByReference();
            assertEquals(HResult.E_NOINTERFACE.code(), qi(cb.pointer(), iid, out), iid.toGuidString());
            assertNull(out.getValue(), "*ppv must be NULL for " + iid.toGuidString());
        }
        assertEquals(1, cb.refCount());
        assertEquals(
                HResult.E_POINTER.code(),
                Com.call(cb.pointer(), Com.SLOT_QUERY_INTERFACE, new GUID.ByReference(Iids.IID_IUNKNOWN), null));
        assertEquals(1, cb.refCount());
    }

    @Test
    void iMarshalIsDelegatedToTheMarshalerWhichIsReleasedWithTheObject() {
        FakeMarshaler ftm = new FakeMarshaler();
        try {
            AtomicReference<Pointer> outer = new AtomicReference<>();
            DispatchCallback cb = DispatchCallback.create((j, a) -> {}, executor, o -> {
                outer.set(o);
                return ftm.object;
            });
            assertEquals(cb.pointer(), outer.get());
            assertEquals(baseline + 1, DispatchCallback.liveObjects());
            PointerByReference out = new PointerByReference();
            assertEquals(0, qi(cb.pointer(), Iids.IID_IMARSHAL, out));
            assertEquals(FakeMarshaler.MARKER, out.getValue());
            assertEquals(Iids.IID_IMARSHAL, ftm.askedFor.get());
            assertEquals(HResult.E_NOINTERFACE.code(), qi(cb.pointer(), Iids.IID_COMPLETED_CALLBACK, out));
            assertEquals(1, cb.refCount());
            assertEquals(0, ftm.releases.get());
            cb.release();
            assertEquals(1, ftm.releases.get());
            assertEquals(baseline, DispatchCallback.liveObjects());
        } finally {
            Reference.reachabilityFence(ftm);
        }
    }

    @Test
    void aDispatchCallbackCanStandInForTheMarshalerAndGetsItsReferenceBack() {
        DispatchCallback inner = fake();
        DispatchCallback cb = DispatchCallback.create((j, a) -> {}, executor, o -> {
            Com.addRef(inner.pointer());
            return inner.pointer();
        });
        assertEquals(2, inner.refCount());
        PointerByReference out = new PointerByReference();
        assertEquals(HResult.E_NOINTERFACE.code(), qi(cb.pointer(), Iids.IID_IMARSHAL, out)); // the inner has none
        assertNull(out.getValue());
        cb.release();
        assertEquals(1, inner.refCount());
    }

    @Test
    void countsReferencesAndLeavesTheRegistryAfterTheLastRelease() {
        DispatchCallback cb = DispatchCallback.create((j, a) -> {}, executor, null);
        try {
            assertEquals(baseline + 1, DispatchCallback.liveObjects());
            assertEquals(1, cb.refCount());
            assertEquals(2, Com.addRef(cb.pointer()));
            assertEquals(3, Com.addRef(cb.pointer()));
            assertEquals(2, Com.release(cb.pointer()));
            cb.release();
            assertEquals(1, cb.refCount());
            cb.release(); // the Java side's reference is dropped once only
            assertEquals(1, cb.refCount());
            assertEquals(baseline + 1, DispatchCallback.liveObjects());
            assertEquals(0, Com.release(cb.pointer()));
            assertEquals(0, cb.refCount());
            assertEquals(baseline, DispatchCallback.liveObjects());
            // A (buggy) call after the end: cb still holds the cell, so this is safe here; it must fail, not throw.
            assertEquals(HResult.E_UNEXPECTED.code(), qi(cb.pointer(), Iids.IID_IUNKNOWN, new PointerByReference()));
        } finally {
            Reference.reachabilityFence(cb);
        }
    }

    @Test
    void invokeHandsJobAndArgsToTheHandlerOnTheExecutorWithAReferenceHeld() throws Exception {
        DispatchCallback job = fake();
        DispatchCallback args = fake();
        CountDownLatch entered = new CountDownLatch(1);
        CountDownLatch proceed = new CountDownLatch(1);
        AtomicReference<Pointer> gotJob = new AtomicReference<>();
        AtomicReference<Pointer> gotArgs = new AtomicReference<>();
        AtomicReference<Thread> ranOn = new AtomicReference<>();
        DispatchCallback cb = DispatchCallback.create(
                (j, a) -> {
                    gotJob.set(j);
                    gotArgs.set(a);
                    ranOn.set(Thread.currentThread());
                    entered.countDown();
                    try {
                        proceed.await(10, TimeUnit.SECONDS);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                },
                executor,
                null);
        toRelease.add(cb);
        DispParams dp = DispParams.jobAndArgs(Variants.VT_DISPATCH, job.pointer(), args.pointer());
        try {
            Memory result = new Memory(Variants.SIZE);
            result.setShort(0, (short) 3); // VT_I4, to see it reset
            assertEquals(0, invoke(cb.pointer(), 0, dp.params, result, null));
            assertEquals(0, result.getShort(0));
            assertTrue(entered.await(10, TimeUnit.SECONDS));
            assertEquals(job.pointer(), gotJob.get());
            assertEquals(args.pointer(), gotArgs.get());
            assertSame(executorThread.get(), ranOn.get());
            assertNotSame(Thread.currentThread(), ranOn.get());
            assertEquals(2, job.refCount());
            assertEquals(2, args.refCount());
            proceed.countDown();
            drain();
            assertEquals(1, job.refCount());
            assertEquals(1, args.refCount());
            assertTrue(uncaught.isEmpty(), uncaught.toString());
        } finally {
            Reference.reachabilityFence(dp);
        }
    }

    @Test
    void invokeReturnsBeforeTheHandlerRuns() {
        DispatchCallback job = fake();
        DispatchCallback args = fake();
        Queue<Runnable> queued = new ArrayDeque<>();
        AtomicInteger calls = new AtomicInteger();
        DispatchCallback cb = DispatchCallback.create((j, a) -> calls.incrementAndGet(), queued::add, null);
        toRelease.add(cb);
        DispParams dp = DispParams.jobAndArgs(Variants.VT_UNKNOWN, job.pointer(), args.pointer());
        try {
            assertEquals(0, invoke(cb.pointer(), 0, dp.params, null, null));
            assertEquals(0, calls.get());
            assertEquals(1, queued.size());
            assertEquals(2, job.refCount());
            assertEquals(2, args.refCount());
            queued.remove().run();
            assertEquals(1, calls.get());
            assertEquals(1, job.refCount());
            assertEquals(1, args.refCount());
        } finally {
            Reference.reachabilityFence(dp);
        }
    }

    @Test
    void byRefDispatchArgumentsAreDereferenced() throws Exception {
        DispatchCallback job = fake();
        DispatchCallback args = fake();
        Memory jobRef = new Memory(P);
        jobRef.setPointer(0, job.pointer());
        Memory argsRef = new Memory(P);
        argsRef.setPointer(0, args.pointer());
        List<Pointer> got = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        DispatchCallback cb = recorder(got, done);
        int vt = Variants.VT_BYREF | Variants.VT_DISPATCH;
        DispParams dp = DispParams.jobAndArgs(vt, jobRef, argsRef);
        try {
            assertEquals(0, invoke(cb.pointer(), 0, dp.params, null, null));
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(List.of(job.pointer(), args.pointer()), got);
            drain();
            assertEquals(1, job.refCount());
            assertEquals(1, args.refCount());
        } finally {
            Reference.reachabilityFence(dp);
            Reference.reachabilityFence(jobRef);
            Reference.reachabilityFence(argsRef);
        }
    }

    @Test
    void missingArgumentsArriveAsNull() throws Exception {
        DispatchCallback job = fake();
        List<Pointer> got = new CopyOnWriteArrayList<>();
        CountDownLatch done = new CountDownLatch(2);
        DispatchCallback cb = recorder(got, done);
        DispParams one = new DispParams(new int[] {Variants.VT_DISPATCH}, new Pointer[] {job.pointer()});
        DispParams none = new DispParams(new int[0], new Pointer[0]);
        try {
            assertEquals(0, invoke(cb.pointer(), 0, one.params, null, null));
            assertEquals(0, invoke(cb.pointer(), 0, none.params, null, null));
            assertTrue(done.await(10, TimeUnit.SECONDS));
            assertEquals(job.pointer(), got.get(0));
            assertNull(got.get(1));
            assertNull(got.get(2));
            assertNull(got.get(3));
            drain();
            assertEquals(1, job.refCount());
        } finally {
            Reference.reachabilityFence(one);
            Reference.reachabilityFence(none);
        }
    }

    @Test
    void refusesOtherDispIdsNullParamsAndWrongTypes() throws Exception {
        DispatchCallback job = fake();
        AtomicInteger calls = new AtomicInteger();
        DispatchCallback cb = DispatchCallback.create((j, a) -> calls.incrementAndGet(), executor, null);
        toRelease.add(cb);
        DispParams dp = DispParams.jobAndArgs(Variants.VT_DISPATCH, job.pointer(), job.pointer());
        DispParams i4 = new DispParams(new int[] {3, Variants.VT_DISPATCH}, new Pointer[] {null, job.pointer()});
        try {
            assertEquals(HResult.DISP_E_MEMBERNOTFOUND.code(), invoke(cb.pointer(), 5, dp.params, null, null));
            assertEquals(HResult.E_POINTER.code(), invoke(cb.pointer(), 0, null, null, null));
            Memory argErr = new Memory(4);
            argErr.setInt(0, -1);
            assertEquals(HResult.DISP_E_TYPEMISMATCH.code(), invoke(cb.pointer(), 0, i4.params, null, argErr));
            assertEquals(0, argErr.getInt(0));
            drain();
            assertEquals(0, calls.get());
            assertEquals(1, job.refCount());
        } finally {
            Reference.reachabilityFence(dp);
            Reference.reachabilityFence(i4);
        }
    }

    @Test
    void aThrowingHandlerIsReportedAndTheReferencesAreStillReleased() throws Exception {
        DispatchCallback job = fake();
        DispatchCallback args = fake();
        RuntimeException boom = new IllegalStateException("boom");
        DispatchCallback cb = DispatchCallback.create(
                (j, a) -> {
                    throw boom;
                },
                executor,
                null);
        toRelease.add(cb);
        DispParams dp = DispParams.jobAndArgs(Variants.VT_DISPATCH, job.pointer(), args.pointer());
        try {
            assertEquals(0, invoke(cb.pointer(), 0, dp.params, null, null));
            drain();
            assertEquals(List.of(boom), uncaught);
            assertEquals(1, job.refCount());
            assertEquals(1, args.refCount());
        } finally {
            Reference.reachabilityFence(dp);
        }
    }

    @Test
    void aRejectingExecutorStillGivesSOkAndReleasesTheReferences() {
        DispatchCallback job = fake();
        DispatchCallback args = fake();
        DispatchCallback cb = DispatchCallback.create(
                (j, a) -> {},
                r -> {
                    throw new RejectedExecutionException("shut down");
                },
                null);
        toRelease.add(cb);
        DispParams dp = DispParams.jobAndArgs(Variants.VT_DISPATCH, job.pointer(), args.pointer());
        try {
            assertEquals(0, invoke(cb.pointer(), 0, dp.params, null, null));
            assertEquals(1, job.refCount());
            assertEquals(1, args.refCount());
        } finally {
            Reference.reachabilityFence(dp);
        }
    }

    @Test
    void typeInfoAndNamesAreNotOffered() {
        DispatchCallback cb = fake();
        Memory count = new Memory(4);
        count.setInt(0, 7);
        assertEquals(0, Com.call(cb.pointer(), SLOT_GET_TYPE_INFO_COUNT, count));
        assertEquals(0, count.getInt(0));
        PointerByReference info = new PointerByReference(JUNK);
        assertEquals(HResult.E_NOTIMPL.code(), Com.call(cb.pointer(), SLOT_GET_TYPE_INFO, 0, 0, info));
        assertNull(info.getValue());
        Memory ids = new Memory(8);
        ids.clear();
        assertEquals(
                HResult.DISP_E_UNKNOWNNAME.code(),
                Com.call(
                        cb.pointer(),
                        SLOT_GET_IDS_OF_NAMES,
                        new GUID.ByReference(Iids.IID_NULL),
                        new PointerByReference(),
                        2,
                        0,
                        ids));
        assertEquals(-1, ids.getInt(0));
        assertEquals(-1, ids.getInt(4));
    }

    /** Creates an object, keeps only its address, and drops the Java side's reference: COM's holds it. */
    private long createAndForget(CountDownLatch called, List<WeakReference<DispatchCallback>> weak) {
        DispatchCallback cb = DispatchCallback.create((j, a) -> called.countDown(), executor, null);
        weak.add(new WeakReference<>(cb));
        long address = Pointer.nativeValue(cb.pointer());
        Com.addRef(cb.pointer()); // the reference "WUA" holds
        cb.release();
        return address;
    }

    @Test
    void survivesGarbageCollectionWhileACountIsHeld() throws Exception {
        DispatchCallback job = fake();
        CountDownLatch called = new CountDownLatch(1);
        List<WeakReference<DispatchCallback>> weak = new ArrayList<>();
        Pointer address = new Pointer(createAndForget(called, weak));
        for (int i = 0; i < 5; i++) {
            System.gc();
            byte[][] garbage = new byte[64][];
            for (int k = 0; k < garbage.length; k++) {
                garbage[k] = new byte[64 * 1024];
            }
            assertNotNull(garbage[63]);
        }
        assertNotNull(weak.get(0).get(), "the registry must keep the object reachable");
        DispParams dp = new DispParams(new int[] {Variants.VT_DISPATCH}, new Pointer[] {job.pointer()});
        try {
            assertEquals(0, invoke(address, 0, dp.params, null, null));
            assertTrue(called.await(10, TimeUnit.SECONDS));
            drain();
            assertEquals(baseline + 2, DispatchCallback.liveObjects());
            assertEquals(0, Com.release(address));
            assertEquals(baseline + 1, DispatchCallback.liveObjects()); // only the fake job is left
            assertFalse(weak.isEmpty());
        } finally {
            Reference.reachabilityFence(dp);
        }
    }

    @Test
    void concurrentAddRefAndReleaseKeepTheCountExact() throws Exception {
        DispatchCallback cb = fake();
        int threads = 4;
        CountDownLatch start = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<java.util.concurrent.Future<?>> done = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                done.add(pool.submit(() -> {
                    start.await(10, TimeUnit.SECONDS);
                    for (int i = 0; i < 2000; i++) {
                        Com.addRef(cb.pointer());
                        Com.release(cb.pointer());
                    }
                    return null;
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<?> f : done) {
                f.get(30, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertEquals(1, cb.refCount());
        assertEquals(baseline + 1, DispatchCallback.liveObjects());
    }

    @Test
    void onThirtyTwoBitWindowsTheSlotsAreStdcallCallbacksThatDelegate() {
        DispatchCallback.AddRef body = self -> 42;
        assertSame(body, DispatchCallback.slot(DispatchCallback.AddRef.class, body, false));
        DispatchCallback.AddRef std = DispatchCallback.slot(DispatchCallback.AddRef.class, body, true);
        assertTrue(std instanceof AltCallingConvention);
        assertEquals(42, std.invoke(null));
    }

    /** Why the slots are plain Callbacks: JNA refuses the stdcall convention here (see {@code slot}). */
    @Test
    @EnabledOnOs(OS.LINUX)
    void jnaRefusesStdcallCallbacksOnLinux() {
        com.sun.jna.win32.StdCallLibrary.StdCallCallback std = new com.sun.jna.win32.StdCallLibrary.StdCallCallback() {
            // public, as JNA looks for the callback method among the public ones
            @SuppressWarnings({"unused", "EffectivelyPrivate"})
            public int callback(Pointer self) {
                return 0;
            }
        };
        assertThrows(IllegalArgumentException.class, () -> CallbackReference.getFunctionPointer(std));
    }

    @Test
    void theOle32FactoryLoadsNothingUntilApplied() {
        assertNotNull(DispatchCallback.ole32FreeThreadedMarshaler()); // ole32 is loaded only when applied (Windows)
    }

    @Test
    void aFailingMarshalerFactoryLeavesNothingRegistered() {
        IllegalStateException failure = new IllegalStateException("no FTM");
        IllegalStateException thrown = assertThrows(
                IllegalStateException.class,
                () -> DispatchCallback.create((j, a) -> {}, executor, o -> {
                    throw failure;
                }));
        assertSame(failure, thrown);
        assertEquals(baseline, DispatchCallback.liveObjects());
    }
}
