package io.github.wudl.portable;

import io.github.wudl.wua.DownloadPhase;
import io.github.wudl.wua.DownloadProgress;
import io.github.wudl.wua.DownloadedFile;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.Sizes;
import io.github.wudl.wua.UpdateDownloadResult;
import java.util.ArrayList;
import java.util.List;

/**
 * The mutable progress state of one job, updated by transfer threads and read as immutable
 * {@link DownloadProgress} snapshots. All methods are synchronized; they are short and never call out.
 *
 * <p>Keeps the SPEC §1 invariants: per-file byte counts only grow (a server that forces a restart from zero
 * does not move the bar back), PercentComplete never decreases, and each update's ResultCode only moves
 * NotStarted → InProgress → final. Byte totals saturate at {@link Sizes#SATURATED} instead of wrapping.
 */
final class JobProgress {
    /** One update's state. */
    private static final class UpdateState {
        final long[] sizes;
        final long[] done;
        final DownloadPhase[] phases;
        OperationResultCode code = OperationResultCode.NotStarted;
        int hresult;
        int retries;
        String message;
        DownloadedFile[] files;

        UpdateState(long[] sizes) {
            this.sizes = sizes;
            this.done = new long[sizes.length];
            this.phases = new DownloadPhase[sizes.length];
            this.files = new DownloadedFile[sizes.length];
            java.util.Arrays.fill(phases, DownloadPhase.Initializing);
        }

        long total() {
            long t = 0;
            for (long s : sizes) {
                t = Sizes.add(t, s);
            }
            return t;
        }

        long done() {
            long t = 0;
            for (long d : done) {
                t = Sizes.add(t, d);
            }
            return t;
        }

        DownloadPhase phase() {
            boolean verifying = false;
            for (DownloadPhase p : phases) {
                if (p == DownloadPhase.Downloading) {
                    return p;
                }
                verifying |= p == DownloadPhase.Verifying;
            }
            return verifying ? DownloadPhase.Verifying : DownloadPhase.Initializing;
        }
    }

    private final List<UpdateState> updates = new ArrayList<>();
    private int lastPercent;
    private int lastCurrent;

    JobProgress(List<long[]> fileSizesPerUpdate) {
        for (long[] sizes : fileSizesPerUpdate) {
            updates.add(new UpdateState(sizes));
        }
    }

    synchronized void started(int update) {
        UpdateState u = updates.get(update);
        if (u.code == OperationResultCode.NotStarted) {
            u.code = OperationResultCode.InProgress;
        }
    }

    synchronized void phase(int update, int file, DownloadPhase phase) {
        updates.get(update).phases[file] = phase;
    }

    synchronized void bytes(int update, int file, long bytesDone) {
        UpdateState u = updates.get(update);
        u.done[file] = Math.min(u.sizes[file], Math.max(u.done[file], bytesDone));
    }

    synchronized void retried(int update) {
        updates.get(update).retries++;
    }

    synchronized void fileDone(int update, int file, DownloadedFile result) {
        UpdateState u = updates.get(update);
        u.done[file] = u.sizes[file];
        u.files[file] = result;
    }

    /** Ends an update unless it has ended already. Returns true if this call ended it. */
    synchronized boolean finish(int update, OperationResultCode code, int hresult, String message) {
        UpdateState u = updates.get(update);
        if (isFinal(u.code)) {
            return false;
        }
        u.code = code;
        u.hresult = hresult;
        u.message = message;
        return true;
    }

    synchronized boolean isFinished(int update) {
        return isFinal(updates.get(update).code);
    }

    private static boolean isFinal(OperationResultCode c) {
        return c != OperationResultCode.NotStarted && c != OperationResultCode.InProgress;
    }

    synchronized List<UpdateDownloadResult> results() {
        List<UpdateDownloadResult> list = new ArrayList<>();
        for (UpdateState u : updates) {
            List<DownloadedFile> files = new ArrayList<>();
            for (DownloadedFile f : u.files) {
                if (f != null) {
                    files.add(f);
                }
            }
            list.add(new UpdateDownloadResult(u.hresult, u.code, files, u.retries, u.message));
        }
        return list;
    }

    synchronized DownloadProgress snapshot() {
        long total = 0;
        long done = 0;
        for (UpdateState u : updates) {
            total = Sizes.add(total, u.total());
            done = Sizes.add(done, u.done());
        }
        int current = currentIndex();
        UpdateState cu = updates.get(current);
        long cuTotal = cu.total();
        long cuDone = cu.done();
        int percent = total == 0 ? (allFinal() ? 100 : 0) : percent(done, total);
        lastPercent = Math.max(lastPercent, Math.min(100, percent));
        int cuPercent = cuTotal == 0 ? (isFinal(cu.code) ? 100 : 0) : percent(cuDone, cuTotal);
        return new DownloadProgress(
                current, cu.phase(), cuDone, cuTotal, cuPercent, lastPercent, done, total, results());
    }

    /** {@code done * 100 / total}, rounded down; past 2^63 / 100 bytes done the product would wrap. */
    private static int percent(long done, long total) {
        if (done <= Long.MAX_VALUE / 100) {
            return (int) (done * 100 / total);
        }
        return (int) Math.min(100, (long) (done / (double) total * 100));
    }

    /** The first update in progress; else the last one that started; else 0. */
    private int currentIndex() {
        for (int i = 0; i < updates.size(); i++) {
            if (updates.get(i).code == OperationResultCode.InProgress) {
                lastCurrent = i;
                return i;
            }
        }
        for (int i = updates.size() - 1; i >= 0; i--) {
            if (updates.get(i).code != OperationResultCode.NotStarted) {
                lastCurrent = Math.max(lastCurrent, i);
                return lastCurrent;
            }
        }
        return lastCurrent;
    }

    private boolean allFinal() {
        return updates.stream().allMatch(u -> isFinal(u.code));
    }
}
