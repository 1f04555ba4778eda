package io.github.wudl.windows;

import io.github.wudl.job.DownloaderContractTest.ContractBackend;
import io.github.wudl.wua.DownloadPhase;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateDownloader;
import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * The COM backend as the downloader contract sees it. WUA is played in native memory: for each job a fake
 * IDownloadJob, and a thread that calls the job's callback objects through Invoke(DISPID 0) as WUA would —
 * two progress calls and the completion for a quick download; one progress call, then the completion once
 * RequestAbort reached the fake job, for a held one. EndDownload answers Succeeded, or Aborted with each update
 * WU_E_CALL_CANCELLED after an abort.
 */
final class WuaContract implements ContractBackend {
    /** The updates this fake backend calls its own. */
    interface FakeUpdate extends Update {}

    private final Bstrs.InMemory bstrs = new Bstrs.InMemory();
    private final ComThread com = ComThread.withInitializer(() -> 0);
    private final Wua wua = new Wua(com, new Automation(bstrs), null);
    private final List<String> reported = new CopyOnWriteArrayList<>();
    private final List<FakeWuaDownloader> downloaders = new CopyOnWriteArrayList<>();
    private final List<Thread> players = new CopyOnWriteArrayList<>();

    private FakeDispatch progress() {
        FakeDispatch updateResult = FakeDispatch.members(
                bstrs, Map.of(Wua.RESULT_HRESULT, 0, Wua.RESULT_RESULT_CODE, OperationResultCode.InProgress.value()));
        return FakeDispatch.members(
                bstrs,
                Map.of(
                        Wua.PROGRESS_CURRENT_UPDATE_BYTES_DOWNLOADED,
                        10,
                        Wua.PROGRESS_CURRENT_UPDATE_BYTES_TO_DOWNLOAD,
                        100,
                        Wua.PROGRESS_CURRENT_UPDATE_INDEX,
                        0,
                        Wua.PROGRESS_PERCENT_COMPLETE,
                        10,
                        Wua.PROGRESS_TOTAL_BYTES_DOWNLOADED,
                        10,
                        Wua.PROGRESS_TOTAL_BYTES_TO_DOWNLOAD,
                        200,
                        Wua.PROGRESS_GET_UPDATE_RESULT,
                        updateResult,
                        Wua.PROGRESS_CURRENT_UPDATE_DOWNLOAD_PHASE,
                        DownloadPhase.Downloading.value(),
                        Wua.PROGRESS_CURRENT_UPDATE_PERCENT_COMPLETE,
                        10));
    }

    /** WUA's downloader, whose EndDownload answers {@code code} with every update {@code hresult}. */
    private FakeDispatch comDownloader(OperationResultCode code, int hresult) {
        FakeDispatch updateResult =
                FakeDispatch.members(bstrs, Map.of(Wua.RESULT_HRESULT, hresult, Wua.RESULT_RESULT_CODE, code.value()));
        FakeDispatch result = FakeDispatch.members(
                bstrs,
                Map.of(
                        Wua.RESULT_HRESULT,
                        hresult,
                        Wua.RESULT_RESULT_CODE,
                        code.value(),
                        Wua.RESULT_GET_UPDATE_RESULT,
                        updateResult));
        return FakeDispatch.members(bstrs, Map.of(Wua.DOWNLOADER_END_DOWNLOAD, result));
    }

    private FakeWuaDownloader downloader(boolean held, boolean withUpdates) {
        FakeDispatch ending = held
                ? comDownloader(OperationResultCode.Aborted, HResult.WU_E_CALL_CANCELLED.code())
                : comDownloader(OperationResultCode.Succeeded, HResult.S_OK.code());
        FakeWuaDownloader d = new FakeWuaDownloader(
                wua, ending, new WindowsOptions(Duration.ofMinutes(5), null, (what, e) -> reported.add(what)));
        d.ownUpdates = FakeUpdate.class;
        d.wuaPlays = work -> play(work, held);
        if (withUpdates) {
            UpdateCollection c = new UpdateCollection();
            c.add(update("Fake 1"));
            c.add(update("Fake 2"));
            d.setUpdates(c);
        }
        downloaders.add(d);
        return d;
    }

    /** On the COM thread, as WuaDownloader begins: WUA's job exists; a thread plays WUA's calls. */
    private void play(WuaJobWork work, boolean held) {
        FakeDispatch progress = progress();
        FakeDispatch args = FakeDispatch.members(bstrs, Map.of(Wua.ARGS_PROGRESS, progress));
        FakeDispatch comJob = FakeDispatch.members(
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
        CountDownLatch aborted = comJob.whenCalled(Wua.JOB_REQUEST_ABORT);
        work.started(ComRef.addRef(comJob.pointer()));
        Thread t = new Thread(
                () -> {
                    FakeWuaDownloader.invokeAsWua(work.progressCallback(), comJob.pointer(), args.pointer());
                    try {
                        if (held) {
                            aborted.await(60, TimeUnit.SECONDS);
                        } else {
                            FakeWuaDownloader.invokeAsWua(work.progressCallback(), comJob.pointer(), args.pointer());
                        }
                    } catch (InterruptedException e) {
                        return;
                    }
                    FakeWuaDownloader.invokeAsWua(work.completedCallback(), comJob.pointer(), null);
                },
                "fake-wua");
        t.setDaemon(true);
        players.add(t);
        t.start();
    }

    private static Update update(String title) {
        return (Update) Proxy.newProxyInstance(
                Update.class.getClassLoader(), new Class<?>[] {FakeUpdate.class}, (p, m, a) -> switch (m.getName()) {
                    case "title", "toString" -> title;
                    case "hashCode" -> System.identityHashCode(p);
                    case "equals" -> p == a[0];
                    default -> throw new UnsupportedOperationException(m.getName());
                });
    }

    @Override
    public UpdateDownloader quick() {
        return downloader(false, true);
    }

    @Override
    public UpdateDownloader held() {
        return downloader(true, true);
    }

    @Override
    public UpdateDownloader lockedDown() {
        FakeWuaDownloader d = downloader(false, true);
        d.lockedDown = true;
        return d;
    }

    @Override
    public UpdateDownloader unset() {
        return downloader(false, false);
    }

    /** WUA itself answers a bootstrapper download of an update without one. */
    @Override
    public UpdateDownloader withoutBootstrapper() {
        return null;
    }

    @Override
    public List<String> reported() {
        return reported;
    }

    @Override
    public void close() {
        try {
            for (Thread t : players) {
                t.join(TimeUnit.SECONDS.toMillis(30));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt(); // the works are still released below
        }
        downloaders.forEach(d -> d.works.forEach(WuaJobWork::released));
    }
}
