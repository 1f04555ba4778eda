package io.github.wudl.cli;

import io.github.wudl.transfer.Failures;
import io.github.wudl.wua.DownloadResult;
import io.github.wudl.wua.DownloadedFile;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateDownloadResult;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The last step of a download run before the summary and the report: places every obtained file under
 * {@code --out} where the {@link OutputPlan} says, checks that each file the result names is still on disk
 * with its size, and returns the result as the user must be told it.
 *
 * <p>Placing is part of an update's result: an update one of whose files could not be placed, or whose
 * verified file is no longer there, ends Failed with the HRESULT of why (ERROR_DISK_FULL for a full disk,
 * E_ACCESSDENIED for a read-only or forbidden folder, WU_E_DM_DOWNLOADFILEMISSING for a file that went away,
 * WU_E_DM_UNEXPECTED otherwise) and a message saying which file and where it still is; the overall code and
 * HRESULT are then derived again by WUA's rule ({@link DownloadResult#overall}), so the summary, the report
 * and the exit status agree. A file whose placing failed keeps its cache path in the report (those bytes are
 * on disk and verified); a file that is gone loses its path.
 */
final class OutputStep {
    /** The result to report and, per update index, the file names placed under {@code --out} and where. */
    record Settled(DownloadResult result, Map<Integer, Map<String, Path>> placed) {}

    private OutputStep() {}

    /**
     * @param outDir {@code --out}, or null to place nothing (the on-disk check still runs)
     * @param err    where each placing failure is also told at once, as {@code wudl: could not place …}
     */
    // a step that changes a result returns a new one, so "changed" is identity, not equality
    @SuppressWarnings("ReferenceEquality")
    static Settled settle(DownloadResult result, List<Update> updates, Path outDir, OutputPlan plan, PrintWriter err) {
        OutputPlacer placer = outDir == null ? null : new OutputPlacer(outDir);
        Map<Integer, Map<String, Path>> placed = new HashMap<>();
        List<UpdateDownloadResult> settled = new ArrayList<>();
        boolean changed = false;
        List<UpdateDownloadResult> results = result.updateResults();
        for (int i = 0; i < results.size(); i++) {
            UpdateDownloadResult r = results.get(i);
            UpdateDownloadResult s = r;
            if (placer != null && i < updates.size()) {
                s = place(r, updates.get(i), placer, plan, placed.computeIfAbsent(i, k -> new HashMap<>()), err);
            }
            s = checkOnDisk(s, placed.getOrDefault(i, Map.of()));
            changed |= s != r;
            settled.add(s);
        }
        if (!changed) {
            return new Settled(result, placed);
        }
        boolean aborted = result.resultCode() == OperationResultCode.Aborted;
        OperationResultCode overall = DownloadResult.overall(settled, aborted);
        int hr = switch (overall) {
            case Succeeded, SucceededWithErrors -> HResult.S_OK.code();
            case Aborted -> result.hResult();
            default ->
                settled.stream()
                        .filter(u -> u.resultCode() != OperationResultCode.Succeeded)
                        .findFirst()
                        .map(UpdateDownloadResult::hResult)
                        .orElse(HResult.E_FAIL.code());
        };
        return new Settled(new DownloadResult(hr, overall, settled), placed);
    }

    private static UpdateDownloadResult place(
            UpdateDownloadResult r,
            Update u,
            OutputPlacer placer,
            OutputPlan plan,
            Map<String, Path> placed,
            PrintWriter err) {
        List<String> folder = plan.folder(u);
        String firstFailure = null;
        int hr = 0;
        for (DownloadedFile f : r.files()) {
            if (f.path() == null) {
                continue; // not obtained: the update's result code already says so
            }
            try {
                placed.put(
                        f.name(),
                        placer.place(folder, f.name(), f.path(), f.sha256()).path());
            } catch (IOException | RuntimeException e) {
                String why = "could not place " + f.name() + " under " + placer.folder(folder) + ": " + reason(e)
                        + " (it is still in the cache: " + f.path() + ")";
                err.println("wudl: " + why);
                if (firstFailure == null) {
                    firstFailure = why;
                    hr = hresultOf(e).code();
                }
            }
        }
        if (firstFailure == null || r.resultCode() != OperationResultCode.Succeeded) {
            return r; // an update that already failed keeps its own, first reason
        }
        return new UpdateDownloadResult(hr, OperationResultCode.Failed, r.files(), r.retries(), firstFailure);
    }

    /** A Succeeded update whose reported file is gone (or has another size) did not succeed after all. */
    private static UpdateDownloadResult checkOnDisk(UpdateDownloadResult r, Map<String, Path> placed) {
        if (r.resultCode() != OperationResultCode.Succeeded) {
            return r;
        }
        List<DownloadedFile> files = new ArrayList<>();
        String missing = null;
        for (DownloadedFile f : r.files()) {
            Path p = placed.getOrDefault(f.name(), f.path());
            if (p != null && !hasSize(p, f.size())) {
                missing = missing != null
                        ? missing
                        : f.name() + ": the verified file " + p + " is no longer there" + " with its " + f.size()
                                + " bytes (removed or changed after it was verified); download again";
                f = new DownloadedFile(f.name(), null, f.size(), null, f.fromCache(), 0);
                placed.remove(f.name());
            }
            files.add(f);
        }
        if (missing == null) {
            return r;
        }
        return new UpdateDownloadResult(
                HResult.WU_E_DM_DOWNLOADFILEMISSING.code(), OperationResultCode.Failed, files, r.retries(), missing);
    }

    private static boolean hasSize(Path p, long size) {
        try {
            return Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS) && Files.size(p) == size;
        } catch (IOException e) {
            return false;
        }
    }

    /** The WUA code for why a file could not be placed. */
    static HResult hresultOf(Exception e) {
        if (e instanceof IOException io && Failures.diskFull(io)) {
            return HResult.ERROR_DISK_FULL;
        }
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof AccessDeniedException
                    || (t instanceof FileSystemException fs
                            && fs.getReason() != null
                            && fs.getReason().toLowerCase(Locale.ROOT).contains("read-only"))) {
                return HResult.E_ACCESSDENIED;
            }
        }
        return HResult.WU_E_DM_UNEXPECTED;
    }

    /** What went wrong, in words, and what to do; the folder is already named by the caller. */
    private static String reason(Exception e) {
        HResult hr = hresultOf(e);
        if (hr == HResult.ERROR_DISK_FULL) {
            return "the disk is full; free space there or pass another --out";
        }
        if (e instanceof FileAlreadyExistsException x) {
            return x.getFile() + " is in the way (a file where a folder belongs); move it away or pass another --out";
        }
        String what = e.getMessage() == null ? e.toString() : e.getMessage();
        if (e instanceof FileSystemException fs && fs.getReason() != null) {
            what = fs.getReason() + (fs.getFile() == null ? "" : " (" + fs.getFile() + ")");
        } else if (e instanceof AccessDeniedException a) {
            what = "access denied (" + a.getFile() + ")";
        }
        return hr == HResult.E_ACCESSDENIED ? what + "; make it writable or pass another --out" : what;
    }
}
