package io.github.wudl.windows;

import com.sun.jna.Memory;
import com.sun.jna.Native;
import com.sun.jna.Pointer;
import com.sun.jna.platform.win32.Guid.GUID;
import io.github.wudl.job.CoreDownloadJob;
import io.github.wudl.job.CoreDownloader;
import io.github.wudl.job.JobWork;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.WuaException;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BiConsumer;

/**
 * The shared downloader core over the COM backend's {@link WuaJobWork}, with WUA's downloader and job played by
 * {@link FakeDispatch} objects in native memory: what {@link WuaDownloader} does, without the CoCreateInstance
 * of WUA's own objects (which only Windows has). The test calls {@link WuaJobWork#started} with its fake job and
 * plays WUA by invoking the work's callback objects.
 */
final class FakeWuaDownloader extends CoreDownloader {
    private final Wua wua;
    private final ComRef comDownloader;
    private final WindowsOptions options;
    final List<WuaJobWork> works = new CopyOnWriteArrayList<>();
    volatile boolean lockedDown;
    /** Updates the fake accepts as its own; anything else is another backend's. */
    volatile Class<?> ownUpdates = Update.class;
    /** Plays WUA for each job once its work exists (on the COM thread): starts it, calls its callbacks. */
    volatile java.util.function.Consumer<WuaJobWork> wuaPlays = w -> {};

    FakeWuaDownloader(Wua wua, FakeDispatch comDownloader, WindowsOptions options) {
        super("");
        this.wua = wua;
        this.comDownloader = ComRef.addRef(comDownloader.pointer());
        this.options = options;
    }

    @Override
    protected boolean lockedDown() {
        return lockedDown;
    }

    @Override
    protected void checkUpdate(int index, Update u, DownloadType type) {
        if (!ownUpdates.isInstance(u)) {
            throw new WuaException(HResult.E_INVALIDARG, "update " + index + " is another backend's");
        }
    }

    @Override
    protected JobWork start(CoreDownloadJob job, DownloadType type, List<Update> updates) {
        WuaJobWork w = wua.com.call(() -> {
            WuaJobWork work = new WuaJobWork(wua, job, comDownloader, updates.size(), options);
            wuaPlays.accept(work);
            return work;
        });
        works.add(w);
        return w;
    }

    @Override
    protected BiConsumer<String, Throwable> callbackErrorReporter() {
        return options.callbackErrorReporter();
    }

    /** Calls the callback object's Invoke(DISPID 0, job, args) through its vtable, as WUA does. */
    static int invokeAsWua(DispatchCallback cb, Pointer job, Pointer args) {
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
        return Com.call(
                cb.pointer(),
                Automation.SLOT_INVOKE,
                0,
                new GUID.ByReference(Iids.IID_NULL),
                0,
                Automation.DISPATCH_METHOD,
                params,
                null,
                null,
                null);
    }

    WuaJobWork lastWork() {
        return works.get(works.size() - 1);
    }
}
