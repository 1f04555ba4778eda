package io.github.wudl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Guid.GUID;
import io.github.wudl.wua.DownloadPhase;
import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.WuaException;
import java.math.BigDecimal;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The Windows job's callback path end to end, with WUA's side played by objects built in native memory: a
 * call of the callback object's Invoke(DISPID 0), as WUA makes it, reaches the engine callback on the job's
 * dispatcher thread with the progress read through the DISPIDs of wua-reference §1.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WuaDownloadJobTest {
    private static final BigDecimal BEYOND_DOUBLE = new BigDecimal("9007199254740993"); // 2^53 + 1

    private final Bstrs.InMemory bstrs = new Bstrs.InMemory();
    private final ComThread com = ComThread.withInitializer(() -> 0);
    private final Wua wua = new Wua(com, new Automation(bstrs), null);
    private final FakeDispatch updateResult = FakeDispatch.members(bstrs, Map.of(
            Wua.RESULT_HRESULT, 0, Wua.RESULT_RESULT_CODE, OperationResultCode.InProgress.value()));
    private final FakeDispatch progress = FakeDispatch.members(bstrs, Map.of(
            Wua.PROGRESS_CURRENT_UPDATE_BYTES_DOWNLOADED, BEYOND_DOUBLE,
            Wua.PROGRESS_CURRENT_UPDATE_BYTES_TO_DOWNLOAD, new BigDecimal("9007199254750000"),
            Wua.PROGRESS_CURRENT_UPDATE_INDEX, 1,
            Wua.PROGRESS_PERCENT_COMPLETE, 40,
            Wua.PROGRESS_TOTAL_BYTES_DOWNLOADED, BEYOND_DOUBLE.add(BigDecimal.TEN),
            Wua.PROGRESS_TOTAL_BYTES_TO_DOWNLOAD, new BigDecimal("9007199254760000"),
            Wua.PROGRESS_GET_UPDATE_RESULT, updateResult,
            Wua.PROGRESS_CURRENT_UPDATE_DOWNLOAD_PHASE, DownloadPhase.Downloading.value(),
            Wua.PROGRESS_CURRENT_UPDATE_PERCENT_COMPLETE, 99));
    private final FakeDispatch args = FakeDispatch.members(bstrs, Map.of(Wua.ARGS_PROGRESS, progress));
    private final FakeDispatch comJob = FakeDispatch.members(bstrs, Map.of(
            Wua.JOB_IS_COMPLETED, false, Wua.JOB_REQUEST_ABORT, FakeDispatch.NONE,
            Wua.JOB_CLEAN_UP, FakeDispatch.NONE, Wua.JOB_GET_PROGRESS, progress));
    private final UpdateCollection updates = UpdateCollection.readOnlySnapshot(List.of(update(), update()));
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final List<DownloadProgress> seen = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final List<WuaDownloadJob> jobs = new ArrayList<>();

    @AfterEach
    void releaseCallbacks() {
        jobs.forEach(WuaDownloadJob::releaseCallbacks);
    }

    private static Update update() {
        return (Update) java.lang.reflect.Proxy.newProxyInstance(Update.class.getClassLoader(),
                new Class<?>[] {Update.class}, (p, m, a) -> {
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    private WuaDownloadJob job(Object state, Duration stall, io.github.wudl.wua.DownloadCompletedCallback onCompleted) {
        WuaDownloadJob j = new WuaDownloadJob(wua, null, updates, (job, a) -> {
            threads.add(Thread.currentThread().getName());
            seen.add(a.progress());
            events.add("P");
        }, onCompleted, state, new WindowsOptions(stall, null));
        jobs.add(j);
        return j;
    }

    /** A fake IUpdateDownloader whose EndDownload returns an IDownloadResult with {@code code}. */
    private FakeDispatch downloaderEnding(OperationResultCode code) {
        FakeDispatch result = FakeDispatch.members(bstrs, Map.of(Wua.RESULT_HRESULT, HResult.S_OK.code(),
                Wua.RESULT_RESULT_CODE, code.value(), Wua.RESULT_GET_UPDATE_RESULT, updateResult));
        return FakeDispatch.members(bstrs, Map.of(Wua.DOWNLOADER_END_DOWNLOAD, result));
    }

    /** Calls the callback object's Invoke(DISPID 0, job, args) through its vtable, as WUA does. */
    private static int invokeAsWua(DispatchCallback cb, Pointer job, Pointer args) {
        int p = Native.POINTER_SIZE;
        Memory argv = new Memory(2L * Variants.SIZE);
        argv.clear();
        argv.setShort(0, Variants.VT_DISPATCH); // rgvarg[0]: the args (last-first)
        argv.setPointer(8, args);
        argv.setShort(Variants.SIZE, Variants.VT_DISPATCH); // rgvarg[1]: the job
        argv.setPointer(Variants.SIZE + 8, job);
        Memory params = new Memory(2L * p + 8);
        params.clear();
        params.setPointer(0, argv);
        params.setInt(2L * p, 2);
        return Com.call(cb.pointer(), Automation.SLOT_INVOKE, 0, new GUID.ByReference(Iids.IID_NULL), 0,
                (short) Automation.DISPATCH_METHOD, params, null, null, null);
    }

    @Test
    void progressAndCompletionReachTheEngineCallbacksInOrderOnTheDispatcher() throws Exception {
        Object state = new Object();
        CountDownLatch completed = new CountDownLatch(1);
        boolean[] completedInside = new boolean[1];
        WuaDownloadJob job = job(state, Duration.ofMinutes(5), (j, a) -> {
            completedInside[0] = j.isCompleted();
            events.add("C");
            completed.countDown();
        });
        job.started(ComRef.addRef(comJob.pointer()));
        for (int i = 0; i < 3; i++) {
            assertEquals(0, invokeAsWua(job.progressCallback(), comJob.pointer(), args.pointer()));
        }
        assertEquals(0, invokeAsWua(job.completedCallback(), comJob.pointer(), FakeDispatch.members(bstrs, Map.of()).pointer()));
        assertTrue(completed.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("P", "P", "P", "C"), new ArrayList<>(events), "progress*, then completed, once");
        assertTrue(completedInside[0], "IsCompleted is true inside the completed callback");
        assertTrue(threads.stream().allMatch(t -> t.startsWith("wudl-wua-callbacks-")), threads.toString());
        DownloadProgress p = seen.get(0);
        assertEquals(9_007_199_254_740_993L, p.currentUpdateBytesDownloaded(), "DECIMAL read exactly");
        assertEquals(9_007_199_254_741_003L, p.totalBytesDownloaded());
        assertEquals(9_007_199_254_760_000L, p.totalBytesToDownload());
        assertEquals(1, p.currentUpdateIndex());
        assertEquals(DownloadPhase.Downloading, p.currentUpdateDownloadPhase());
        assertEquals(99, p.currentUpdatePercentComplete());
        assertEquals(40, p.percentComplete());
        assertEquals(2, p.updateResults().size());
        assertEquals(OperationResultCode.InProgress, p.getUpdateResult(1).resultCode());
        assertEquals(List.of(0, 1), progress.callsOf(Wua.PROGRESS_GET_UPDATE_RESULT).subList(0, 2).stream()
                .map(c -> c.args().get(0)).toList(), "GetUpdateResult(i) for each update");
        assertTrue(job.awaitCompletion(Duration.ofSeconds(10)));
        assertSame(state, job.asyncState());
        com.run(() -> { }); // the COM thread has released what the handlers borrowed
        assertEquals(1, args.refs.get(), "the args were AddRef'ed for the handler and released after it");
        assertEquals(2, comJob.refs.get(), "the job: our ComRef only");
        assertEquals(0, bstrs.live());
    }

    @Test
    void endDownloadReadsTheResultAndReleasesTheState() throws Exception {
        FakeDispatch downloader = downloaderEnding(OperationResultCode.SucceededWithErrors);
        WuaDownloadJob job = job(new Object(), Duration.ofMinutes(5), (j, a) -> events.add("C"));
        job.started(ComRef.addRef(comJob.pointer()));
        invokeAsWua(job.completedCallback(), comJob.pointer(), null);
        DownloadResult r = job.end(ComRef.addRef(downloader.pointer()));
        assertEquals(OperationResultCode.SucceededWithErrors, r.resultCode());
        assertEquals(2, r.updateResults().size());
        assertEquals(List.of(Pointer.nativeValue(comJob.pointer())),
                downloader.callsOf(Wua.DOWNLOADER_END_DOWNLOAD).get(0).args(), "EndDownload(job)");
        assertNull(job.asyncState(), "AsyncState is released at EndDownload");
        WuaException again = assertThrows(WuaException.class, () -> job.end(ComRef.addRef(downloader.pointer())));
        assertEquals(HResult.WU_E_INVALID_OPERATION.code(), again.hresult());
    }

    @Test
    void endDownloadReleasesTheCallbackObjects() {
        FakeDispatch downloader = downloaderEnding(OperationResultCode.Succeeded);
        int before = DispatchCallback.liveObjects();
        WuaDownloadJob job = job(null, Duration.ofMinutes(5), (j, a) -> { });
        assertEquals(before + 2, DispatchCallback.liveObjects());
        job.started(ComRef.addRef(comJob.pointer()));
        invokeAsWua(job.completedCallback(), comJob.pointer(), null);
        job.end(ComRef.addRef(downloader.pointer()));
        assertEquals(0, job.progressCallback().refCount());
        assertEquals(0, job.completedCallback().refCount());
        assertEquals(before, DispatchCallback.liveObjects(), "nothing kept alive after EndDownload");
    }

    @Test
    void endDownloadInsideAProgressCallbackWaitsForWuasCompletion() throws Exception {
        FakeDispatch downloader = downloaderEnding(OperationResultCode.Succeeded);
        BlockingQueue<Object> ended = new LinkedBlockingQueue<>();
        CountDownLatch inProgress = new CountDownLatch(1);
        WuaDownloadJob[] self = new WuaDownloadJob[1];
        WuaDownloadJob job = new WuaDownloadJob(wua, null, updates, (j, a) -> {
            inProgress.countDown();
            try {
                ended.add(self[0].end(ComRef.addRef(downloader.pointer())));
            } catch (RuntimeException e) {
                ended.add(e);
            }
        }, (j, a) -> ended.add("completed"), null, new WindowsOptions(Duration.ofMinutes(5), null));
        self[0] = job;
        jobs.add(job);
        job.started(ComRef.addRef(comJob.pointer()));
        invokeAsWua(job.progressCallback(), comJob.pointer(), args.pointer());
        assertTrue(inProgress.await(10, TimeUnit.SECONDS));
        invokeAsWua(job.completedCallback(), comJob.pointer(), null);
        Object first = ended.poll(10, TimeUnit.SECONDS);
        assertTrue(first instanceof DownloadResult, String.valueOf(first));
        assertEquals("completed", ended.poll(10, TimeUnit.SECONDS), "the completed callback still comes, after");
    }

    @Test
    void aCompletionWuaNeverCalledBackIsDeliveredFromIsCompleted() throws Exception {
        FakeDispatch downloader = downloaderEnding(OperationResultCode.Succeeded);
        comJob.values.put(Wua.JOB_IS_COMPLETED, true); // the callback is lost; WUA's flag says done
        WuaDownloadJob job = job(null, Duration.ofMinutes(5), (j, a) -> events.add("C"));
        job.started(ComRef.addRef(comJob.pointer()));
        assertEquals(OperationResultCode.Succeeded, job.end(ComRef.addRef(downloader.pointer())).resultCode());
        assertEquals(List.of("C"), new ArrayList<>(events), "delivered once, before EndDownload returned");
    }

    @Test
    void cleanUpInsideAProgressCallbackWaitsForTheEndBeforeWuasCleanUp() throws Exception {
        int[] code = new int[1];
        CountDownLatch cleaned = comJob.whenCalled(Wua.JOB_CLEAN_UP);
        WuaDownloadJob[] self = new WuaDownloadJob[1];
        WuaDownloadJob job = new WuaDownloadJob(wua, null, updates, (j, a) -> code[0] = self[0].cleanUp(),
                (j, a) -> events.add("C"), null, new WindowsOptions(Duration.ofMinutes(5), null));
        self[0] = job;
        jobs.add(job);
        job.started(ComRef.addRef(comJob.pointer()));
        invokeAsWua(job.progressCallback(), comJob.pointer(), args.pointer());
        invokeAsWua(job.completedCallback(), comJob.pointer(), null);
        assertTrue(cleaned.await(10, TimeUnit.SECONDS), "WUA's CleanUp once the job was over");
        assertEquals(HResult.WU_S_MARKED_FOR_DISCONNECT.code(), code[0]);
        assertTrue(job.awaitCompletion(Duration.ofSeconds(10)));
        assertTrue(events.isEmpty(), "no callback after CleanUp: " + events);
        assertEquals(0, job.completedCallback().refCount(), "callbacks released by the CleanUp");
    }

    @Test
    void theWatchdogAbortsAJobWithoutProgress() throws Exception {
        CountDownLatch aborted = comJob.whenCalled(Wua.JOB_REQUEST_ABORT);
        WuaDownloadJob job = job(null, Duration.ofMillis(200), (j, a) -> { });
        job.started(ComRef.addRef(comJob.pointer()));
        assertTrue(aborted.await(20, TimeUnit.SECONDS), "RequestAbort after the stall timeout");
        assertTrue(job.abortReason().startsWith("no progress for PT0.2S"), job.abortReason());
    }

    @Test
    void cleanUpInsideACallbackIsMarkedForDisconnect() throws Exception {
        CountDownLatch cleaned = comJob.whenCalled(Wua.JOB_CLEAN_UP);
        int[] code = new int[1];
        WuaDownloadJob job = job(null, Duration.ofMinutes(5), (j, a) -> code[0] = j.cleanUp());
        job.started(ComRef.addRef(comJob.pointer()));
        invokeAsWua(job.completedCallback(), comJob.pointer(), null);
        assertTrue(job.awaitCompletion(Duration.ofSeconds(10)));
        assertEquals(HResult.WU_S_MARKED_FOR_DISCONNECT.code(), code[0]);
        assertTrue(cleaned.await(10, TimeUnit.SECONDS), "WUA's CleanUp follows once the callback returned");
        // progress after the disconnect reaches nobody
        invokeAsWua(job.progressCallback(), comJob.pointer(), args.pointer());
        com.run(() -> { });
        assertTrue(events.isEmpty(), events.toString());
    }
}
