package io.github.wudl.windows;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.jna.Pointer;
import io.github.wudl.wua.DownloadCompletedCallback;
import io.github.wudl.wua.DownloadJob;
import io.github.wudl.wua.DownloadPhase;
import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.DownloadProgressChangedCallback;
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
 * callback thread with the progress read through the DISPIDs of wua-reference §1. The job is the shared core
 * ({@link io.github.wudl.job.CoreDownloadJob}) over {@link WuaJobWork}, begun by {@link FakeWuaDownloader}.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class WuaDownloadJobTest {
    private static final BigDecimal BEYOND_DOUBLE = new BigDecimal("9007199254740993"); // 2^53 + 1

    private final Bstrs.InMemory bstrs = new Bstrs.InMemory();
    private final ComThread com = ComThread.withInitializer(() -> 0);
    private final Wua wua = new Wua(com, new Automation(bstrs), null);
    private final FakeDispatch updateResult = FakeDispatch.members(
            bstrs, Map.of(Wua.RESULT_HRESULT, 0, Wua.RESULT_RESULT_CODE, OperationResultCode.InProgress.value()));
    private final FakeDispatch progress = FakeDispatch.members(
            bstrs,
            Map.of(
                    Wua.PROGRESS_CURRENT_UPDATE_BYTES_DOWNLOADED,
                    BEYOND_DOUBLE,
                    Wua.PROGRESS_CURRENT_UPDATE_BYTES_TO_DOWNLOAD,
                    new BigDecimal("9007199254750000"),
                    Wua.PROGRESS_CURRENT_UPDATE_INDEX,
                    1,
                    Wua.PROGRESS_PERCENT_COMPLETE,
                    40,
                    Wua.PROGRESS_TOTAL_BYTES_DOWNLOADED,
                    BEYOND_DOUBLE.add(BigDecimal.TEN),
                    Wua.PROGRESS_TOTAL_BYTES_TO_DOWNLOAD,
                    new BigDecimal("9007199254760000"),
                    Wua.PROGRESS_GET_UPDATE_RESULT,
                    updateResult,
                    Wua.PROGRESS_CURRENT_UPDATE_DOWNLOAD_PHASE,
                    DownloadPhase.Downloading.value(),
                    Wua.PROGRESS_CURRENT_UPDATE_PERCENT_COMPLETE,
                    99));
    private final FakeDispatch args = FakeDispatch.members(bstrs, Map.of(Wua.ARGS_PROGRESS, progress));
    private final FakeDispatch comJob = FakeDispatch.members(
            bstrs,
            Map.of(
                    Wua.JOB_IS_COMPLETED,
                    false,
                    Wua.JOB_REQUEST_ABORT,
                    FakeDispatch.NONE,
                    Wua.JOB_CLEAN_UP,
                    FakeDispatch.NONE,
                    Wua.JOB_GET_PROGRESS,
                    progress));
    private final UpdateCollection updates = collection(update(), update());
    private final BlockingQueue<String> events = new LinkedBlockingQueue<>();
    private final List<DownloadProgress> seen = new CopyOnWriteArrayList<>();
    private final List<String> threads = new CopyOnWriteArrayList<>();
    private final List<FakeWuaDownloader> downloaders = new ArrayList<>();

    @AfterEach
    void releaseCallbacks() {
        downloaders.forEach(d -> d.works.forEach(WuaJobWork::released));
    }

    private static UpdateCollection collection(Update... us) {
        UpdateCollection c = new UpdateCollection();
        for (Update u : us) {
            c.add(u);
        }
        return c;
    }

    private static Update update() {
        return (Update) java.lang.reflect.Proxy.newProxyInstance(
                Update.class.getClassLoader(), new Class<?>[] {Update.class}, (p, m, a) -> {
                    throw new UnsupportedOperationException(m.getName());
                });
    }

    /** A downloader whose EndDownload answers {@code ending}, its Updates set to the two updates. */
    private FakeWuaDownloader downloader(Duration stall, FakeDispatch ending) {
        FakeWuaDownloader d = new FakeWuaDownloader(wua, ending, new WindowsOptions(stall, null));
        d.setUpdates(updates);
        downloaders.add(d);
        return d;
    }

    /** Begins a download whose progress callbacks record what they see; WUA's job is {@link #comJob}. */
    private DownloadJob begin(FakeWuaDownloader d, Object state, DownloadCompletedCallback onCompleted) {
        return begin(
                d,
                state,
                (job, a) -> {
                    threads.add(Thread.currentThread().getName());
                    seen.add(a.progress());
                    events.add("P");
                },
                onCompleted);
    }

    private DownloadJob begin(
            FakeWuaDownloader d,
            Object state,
            DownloadProgressChangedCallback onProgress,
            DownloadCompletedCallback onCompleted) {
        DownloadJob job = d.beginDownload(onProgress, onCompleted, state);
        WuaJobWork w = d.lastWork();
        com.run(() -> w.started(ComRef.addRef(comJob.pointer())));
        return job;
    }

    /** A fake IUpdateDownloader whose EndDownload returns an IDownloadResult with {@code code}. */
    private FakeDispatch downloaderEnding(OperationResultCode code) {
        FakeDispatch result = FakeDispatch.members(
                bstrs,
                Map.of(
                        Wua.RESULT_HRESULT,
                        HResult.S_OK.code(),
                        Wua.RESULT_RESULT_CODE,
                        code.value(),
                        Wua.RESULT_GET_UPDATE_RESULT,
                        updateResult));
        return FakeDispatch.members(bstrs, Map.of(Wua.DOWNLOADER_END_DOWNLOAD, result));
    }

    private static int invokeAsWua(DispatchCallback cb, Pointer job, Pointer args) {
        return FakeWuaDownloader.invokeAsWua(cb, job, args);
    }

    @Test
    void progressAndCompletionReachTheEngineCallbacksInOrderOnTheDispatcher() throws Exception {
        Object state = new Object();
        CountDownLatch completed = new CountDownLatch(1);
        boolean[] completedInside = new boolean[1];
        FakeWuaDownloader d = downloader(Duration.ofMinutes(5), downloaderEnding(OperationResultCode.Succeeded));
        DownloadJob job = begin(d, state, (j, a) -> {
            completedInside[0] = j.isCompleted();
            events.add("C");
            completed.countDown();
        });
        WuaJobWork w = d.lastWork();
        for (int i = 0; i < 3; i++) {
            assertEquals(0, invokeAsWua(w.progressCallback(), comJob.pointer(), args.pointer()));
        }
        assertEquals(
                0,
                invokeAsWua(
                        w.completedCallback(),
                        comJob.pointer(),
                        FakeDispatch.members(bstrs, Map.of()).pointer()));
        assertTrue(completed.await(10, TimeUnit.SECONDS));
        assertEquals(List.of("P", "P", "P", "C"), new ArrayList<>(events), "progress*, then completed, once");
        assertTrue(completedInside[0], "IsCompleted is true inside the completed callback");
        assertTrue(
                threads.stream().allMatch(t -> t.startsWith("wudl-job-") && t.endsWith("-callbacks")),
                threads.toString());
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
        assertEquals(
                List.of(0, 1),
                progress.callsOf(Wua.PROGRESS_GET_UPDATE_RESULT).subList(0, 2).stream()
                        .map(c -> c.args().get(0))
                        .toList(),
                "GetUpdateResult(i) for each update");
        assertTrue(job.awaitCompletion(Duration.ofSeconds(10)));
        assertSame(state, job.asyncState());
        com.run(() -> {}); // the COM thread has released what the handlers borrowed
        assertEquals(1, args.refs.get(), "the args were AddRef'ed for the handler and released after it");
        assertEquals(2, comJob.refs.get(), "the job: our ComRef only");
        assertEquals(0, bstrs.live());
    }

    @Test
    void endDownloadReadsTheResultAndReleasesTheState() throws Exception {
        FakeDispatch ending = downloaderEnding(OperationResultCode.SucceededWithErrors);
        FakeWuaDownloader d = downloader(Duration.ofMinutes(5), ending);
        DownloadJob job = begin(d, new Object(), (j, a) -> events.add("C"));
        invokeAsWua(d.lastWork().completedCallback(), comJob.pointer(), null);
        DownloadResult r = d.endDownload(job);
        assertEquals(OperationResultCode.SucceededWithErrors, r.resultCode());
        assertEquals(2, r.updateResults().size());
        assertEquals(
                List.of(Pointer.nativeValue(comJob.pointer())),
                ending.callsOf(Wua.DOWNLOADER_END_DOWNLOAD).get(0).args(),
                "EndDownload(job)");
        assertNull(job.asyncState(), "AsyncState is released at EndDownload");
        WuaException again = assertThrows(WuaException.class, () -> d.endDownload(job));
        assertEquals(HResult.WU_E_INVALID_OPERATION.code(), again.hresult());
        FakeWuaDownloader other = downloader(Duration.ofMinutes(5), ending);
        assertEquals(
                HResult.E_INVALIDARG.code(),
                assertThrows(WuaException.class, () -> other.endDownload(job)).hresult(),
                "another's job");
    }

    @Test
    void endDownloadReleasesTheCallbackObjects() {
        int before = DispatchCallback.liveObjects();
        FakeWuaDownloader d = downloader(Duration.ofMinutes(5), downloaderEnding(OperationResultCode.Succeeded));
        DownloadJob job = begin(d, null, (j, a) -> {});
        WuaJobWork w = d.lastWork();
        assertEquals(before + 2, DispatchCallback.liveObjects());
        invokeAsWua(w.completedCallback(), comJob.pointer(), null);
        d.endDownload(job);
        assertEquals(0, w.progressCallback().refCount());
        assertEquals(0, w.completedCallback().refCount());
        assertEquals(before, DispatchCallback.liveObjects(), "nothing kept alive after EndDownload");
    }

    @Test
    void endDownloadInsideAProgressCallbackWaitsForWuasCompletion() throws Exception {
        FakeWuaDownloader d = downloader(Duration.ofMinutes(5), downloaderEnding(OperationResultCode.Succeeded));
        BlockingQueue<Object> ended = new LinkedBlockingQueue<>();
        CountDownLatch inProgress = new CountDownLatch(1);
        DownloadJob job = begin(
                d,
                null,
                (j, a) -> {
                    inProgress.countDown();
                    try {
                        ended.add(d.endDownload(j));
                    } catch (RuntimeException e) {
                        ended.add(e);
                    }
                },
                (j, a) -> ended.add("completed"));
        WuaJobWork w = d.lastWork();
        invokeAsWua(w.progressCallback(), comJob.pointer(), args.pointer());
        assertTrue(inProgress.await(10, TimeUnit.SECONDS));
        invokeAsWua(w.completedCallback(), comJob.pointer(), null);
        Object first = ended.poll(10, TimeUnit.SECONDS);
        assertTrue(first instanceof DownloadResult, String.valueOf(first));
        assertEquals("completed", ended.poll(10, TimeUnit.SECONDS), "the completed callback still comes, after");
        assertTrue(job.awaitCompletion(Duration.ofSeconds(10)));
    }

    @Test
    void aCompletionWuaNeverCalledBackIsDeliveredFromIsCompleted() throws Exception {
        FakeWuaDownloader d = downloader(Duration.ofMinutes(5), downloaderEnding(OperationResultCode.Succeeded));
        comJob.values.put(Wua.JOB_IS_COMPLETED, true); // the callback is lost; WUA's flag says done
        DownloadJob job = begin(d, null, (j, a) -> events.add("C"));
        assertEquals(OperationResultCode.Succeeded, d.endDownload(job).resultCode());
        assertEquals(List.of("C"), new ArrayList<>(events), "delivered once, before EndDownload returned");
    }

    @Test
    void cleanUpInsideAProgressCallbackWaitsForTheEndBeforeWuasCleanUp() throws Exception {
        int[] code = new int[1];
        CountDownLatch cleaned = comJob.whenCalled(Wua.JOB_CLEAN_UP);
        FakeWuaDownloader d = downloader(Duration.ofMinutes(5), downloaderEnding(OperationResultCode.Succeeded));
        DownloadJob job = begin(d, null, (j, a) -> code[0] = j.cleanUp(), (j, a) -> events.add("C"));
        WuaJobWork w = d.lastWork();
        invokeAsWua(w.progressCallback(), comJob.pointer(), args.pointer());
        invokeAsWua(w.completedCallback(), comJob.pointer(), null);
        assertTrue(cleaned.await(10, TimeUnit.SECONDS), "WUA's CleanUp once the job was over");
        assertEquals(HResult.WU_S_MARKED_FOR_DISCONNECT.code(), code[0]);
        assertTrue(job.awaitCompletion(Duration.ofSeconds(10)));
        assertTrue(events.isEmpty(), "no callback after CleanUp: " + events);
        assertEquals(0, w.completedCallback().refCount(), "callbacks released by the CleanUp");
    }

    @Test
    void theWatchdogAbortsAJobWithoutProgress() throws Exception {
        CountDownLatch aborted = comJob.whenCalled(Wua.JOB_REQUEST_ABORT);
        FakeWuaDownloader d = downloader(Duration.ofMillis(200), downloaderEnding(OperationResultCode.Aborted));
        begin(d, null, (j, a) -> {});
        assertTrue(aborted.await(20, TimeUnit.SECONDS), "RequestAbort after the stall timeout");
        assertTrue(
                d.lastWork().abortReason().startsWith("no progress for PT0.2S"),
                d.lastWork().abortReason());
    }

    @Test
    void cleanUpInsideACallbackIsMarkedForDisconnect() throws Exception {
        CountDownLatch cleaned = comJob.whenCalled(Wua.JOB_CLEAN_UP);
        int[] code = new int[1];
        FakeWuaDownloader d = downloader(Duration.ofMinutes(5), downloaderEnding(OperationResultCode.Succeeded));
        DownloadJob job = begin(d, null, (j, a) -> code[0] = j.cleanUp());
        WuaJobWork w = d.lastWork();
        invokeAsWua(w.completedCallback(), comJob.pointer(), null);
        assertTrue(job.awaitCompletion(Duration.ofSeconds(10)));
        assertEquals(HResult.WU_S_MARKED_FOR_DISCONNECT.code(), code[0]);
        assertTrue(cleaned.await(10, TimeUnit.SECONDS), "WUA's CleanUp follows once the callback returned");
        // progress after the disconnect reaches nobody
        invokeAsWua(w.progressCallback(), comJob.pointer(), args.pointer());
        com.run(() -> {});
        assertTrue(events.isEmpty(), events.toString());
    }
}
