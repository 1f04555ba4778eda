package io.github.wudl.transfer;

import io.github.wudl.wua.Digests;
import io.github.wudl.wua.DownloadPhase;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Redaction;
import io.github.wudl.wua.WuaException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;

/**
 * Obtains one file for a {@link SharedTransfer}, on a worker thread: cache hit (re-verified), else under the
 * key's lock: resume or start the part file, then sources in order (primary, mirrors), each with bounded
 * retries, then verify and publish. Returns the result or throws the {@link WuaException} for its future.
 */
final class FileTransfer implements Attempt.Owner {
    private final SharedTransfer job;
    private final TransferRequest request;
    private final TransferConfig config;
    private final ContentCache cache;
    private final Http http;
    private final byte[] buffer;
    private final EtagHistory etags = new EtagHistory();
    private PartFile part;
    private RunningDigests digests;
    /** The part's bytes came from more than one response (or a previous run): a bad digest earns one fresh try. */
    private boolean assembled;
    /** Listeners have heard phase(Downloading), so progress events may follow. */
    private boolean downloading;
    /** How often the part was emptied to start over (the retry budget tells inherited bytes by it). */
    private int zeroRestarts;

    FileTransfer(SharedTransfer job, TransferConfig config, ContentCache cache, Http http) {
        this.job = job;
        this.request = job.request;
        this.config = config;
        this.cache = cache;
        this.http = http;
        this.buffer = new byte[Math.max(8192, config.bufferSize())];
    }

    TransferResult run() {
        job.phase(DownloadPhase.Initializing);
        Path published = cache.publishedPath(request);
        try {
            TransferResult hit = fromCache(published);
            if (hit != null) {
                return hit;
            }
            if (request.sources().isEmpty()) {
                throw new WuaException(
                        HResult.WU_E_DM_URLNOTAVAILABLE,
                        "The catalog gives no URL for "
                                + request.displayName() + " and it is not in the cache " + cache.root()
                                + "; add a url to"
                                + " the file's catalog entry.");
            }
            KeyLock lock = KeyLock.acquire(cache.lockFile(), cache.key(request), job.cancelSignal);
            try {
                // another process (or Transferer) may have published it while we waited for the lock
                hit = fromCache(published);
                return hit != null ? hit : download(published);
            } finally {
                lock.close();
            }
        } catch (InterruptedException e) {
            throw job.cancelledException();
        } catch (AttemptFailure f) {
            throw Failures.toWua(f, request);
        } catch (IOException e) {
            if (job.cancelled()) {
                throw job.cancelledException();
            }
            throw Failures.toWua(Failures.local(e, request, cache), request);
        }
    }

    /**
     * The published file re-hashed: a result when it verifies, null when absent. A file whose bytes do not
     * match the name it is published under is corrupt and deleted; a link or special file in its place is
     * removed (and reported), never read. A file that does match its name is never deleted because this
     * request disagrees with it (another size, or a second digest that does not hold): the request fails alone.
     */
    private TransferResult fromCache(Path published) throws IOException, AttemptFailure {
        if (!cache.files().clearForeignFolders(published.getParent())) {
            // a folder on the way is missing, or was a link (removed and reported): never look, hash or delete
            // through it; publishing makes the folders real (nothing is created here, before the lock)
            return null;
        }
        BasicFileAttributes a = CacheFiles.attributes(published);
        if (a == null) {
            return null;
        }
        if (!a.isRegularFile()) {
            cache.files().checkRegularOrAbsent(published);
            return null;
        }
        if (!request.verified() && a.size() != request.size()) {
            Files.deleteIfExists(published); // an unverified file of another size: fetch it again
            return null;
        }
        RunningDigests digests = new RunningDigests(request);
        digests.updateFrom(published, a.size(), buffer.length, job::cancelled);
        RunningDigests.Result d = digests.finish();
        if (!d.matchesDigest(request)) {
            Files.deleteIfExists(published); // corrupt on disk: fetch it again
            return null;
        }
        if (a.size() != request.size()) {
            throw new AttemptFailure(
                    AttemptFailure.Kind.FATAL,
                    HResult.WU_E_DM_INCORRECTFILEHASH,
                    "the catalog says "
                            + request.displayName() + " has " + request.size() + " bytes, but the file with its "
                            + algorithm()
                            + " " + Digests.hex(request.digest()) + " has " + a.size()
                            + " bytes (verified, in the cache "
                            + cache.root() + "); the catalog's size is wrong: fix it",
                    null,
                    null);
        }
        String other = d.otherDigestProblem(request);
        if (other != null) {
            throw new AttemptFailure(AttemptFailure.Kind.FATAL, HResult.WU_E_DM_INCORRECTFILEHASH, other, null, null);
        }
        job.phase(DownloadPhase.Verifying);
        return new TransferResult(published, request.size(), d.sha256Hex(), true, 0, 0);
    }

    private TransferResult download(Path published) throws IOException, AttemptFailure {
        String key = cache.key(request);
        if (job.cancelled()) { // answered already: nothing may be written in the cache after the answer
            throw new java.io.InterruptedIOException("cancelled before the part file was opened");
        }
        part = PartFile.open(cache.files(), cache.partPath(key), cache.metaPath(key), !request.verified());
        PartFile p = part;
        try {
            digests = new RunningDigests(request);
            if (p.length() > request.size()) {
                p.truncate();
            }
            if (p.length() > 0) {
                digests.updateFrom(
                        p.path(), p.length(), buffer.length, job::cancelled); // resume: re-hash what is there
                assembled = true;
                etags.seen(p.etag(), p.source());
            }
            if (p.length() == request.size() && p.length() > 0) {
                // complete but unpublished (killed before the rename): verify without the network
                RunningDigests.Result d = digests.finish();
                if (d.matchesDigest(request)) {
                    return publish(published, d, 0, 0);
                }
                restartFromZero();
            }
            job.phase(DownloadPhase.Downloading);
            downloading = true;
            job.progressed(p.length());
            return fetch(published);
        } finally {
            // An unfinished part keeps its validators for the next run's If-Range; not after a cancel: that
            // has already answered the caller, and nothing may be written in the cache after the answer.
            if (!job.cancelled() && p.length() > 0) {
                p.keepValidators();
            }
            p.close();
        }
    }

    /** Sources in order, retries per source; the last failure of the primary decides the final error. */
    private TransferResult fetch(Path published) throws AttemptFailure {
        List<URI> sources = request.sources();
        AttemptFailure primary = null;
        List<String> mirrorNotes = new ArrayList<>();
        long fetched = 0;
        int retries = 0;
        boolean freshTryUsed = false;
        for (int i = 0; i < sources.size(); i++) {
            URI source = sources.get(i);
            AttemptFailure failure = null;
            int withoutProgress = 0;
            int consecutive = 0;
            int restarts = 0;
            // Progress is net progress: the part got longer than it ever was with this source. An attempt that
            // restarted from zero (Range ignored or refused) and fell short again stored bytes but gained nothing.
            // Bytes that were there before this source's first restart (an earlier run's, of a version the
            // server no longer has; another source's) are not a length this source has to beat.
            long best = part.length();
            boolean bestInherited = best > 0;
            while (failure == null) {
                if (job.cancelled()) {
                    throw cancelledFailure();
                }
                Attempt a = new Attempt(this, http, source);
                int restartsBefore = zeroRestarts;
                try {
                    a.run();
                    fetched += a.stored();
                    RunningDigests.Result d = digests.finish();
                    if (d.matchesDigest(request)) {
                        return publish(published, d, fetched, retries);
                    }
                    boolean retryFresh = assembled && !freshTryUsed;
                    restartFromZero();
                    if (retryFresh) {
                        freshTryUsed = true; // the mix of old and new bytes may be the culprit: once more, from zero
                        best = 0;
                        continue;
                    }
                    failure = new AttemptFailure(
                            AttemptFailure.Kind.SOURCE,
                            HResult.WU_E_DM_INCORRECTFILEHASH,
                            Redaction.uri(source) + " delivered " + request.size() + " bytes whose " + algorithm()
                                    + " is " + Digests.hex(d.of(algorithm())) + ", expected "
                                    + Digests.hex(request.digest()));
                } catch (AttemptFailure f) {
                    fetched += a.stored();
                    if (bestInherited && zeroRestarts != restartsBefore) {
                        best = 0;
                        bestInherited = false;
                    }
                    boolean progressed = part.length() > best;
                    best = Math.max(best, part.length());
                    switch (f.kind) {
                        case FATAL:
                            throw f;
                        case SOURCE:
                            failure = f;
                            break;
                        case RESTART:
                            if (!progressed && ++restarts > 2) {
                                failure = f;
                            }
                            break;
                        default: // TRANSIENT: retry here; only attempts without net progress spend the budget
                            if (progressed) {
                                consecutive = 0;
                                restarts = 0;
                            } else if (++withoutProgress > config.maxRetries()) {
                                failure = new AttemptFailure(
                                        f.kind,
                                        HResult.forCode(f.hresult) == null
                                                ? HResult.WU_E_PT_UNEXPECTED
                                                : HResult.forCode(f.hresult),
                                        gaveUp(f, a));
                                break;
                            }
                            retries++;
                            job.retrying(retries, Failures.toWua(f, request));
                            pause(Backoff.delay(config, ++consecutive, f.retryAfter));
                    }
                }
            }
            if (i == 0) {
                primary = failure;
            } else {
                mirrorNotes.add(failure.getMessage());
            }
        }
        throw Failures.exhausted(request, primary, mirrorNotes);
    }

    private String algorithm() {
        return request.verified() ? Digests.normalize(request.digestAlgorithm()) : Digests.SHA256;
    }

    /**
     * Publishes bytes that match the request's own digest (so they belong under its name), then checks any
     * second digest the request gives: when that one does not hold, the catalog contradicts itself and the
     * request fails, though the object stays published for requests that agree with it.
     */
    private TransferResult publish(Path published, RunningDigests.Result d, long fetched, int retries)
            throws AttemptFailure {
        job.phase(DownloadPhase.Verifying);
        try {
            part.publish(published);
        } catch (IOException e) {
            throw Failures.local(e, request, cache);
        }
        String other = d.otherDigestProblem(request);
        if (other != null) {
            throw new AttemptFailure(AttemptFailure.Kind.FATAL, HResult.WU_E_DM_INCORRECTFILEHASH, other, null, null);
        }
        return new TransferResult(published, request.size(), d.sha256Hex(), false, fetched, retries);
    }

    /** Drops the part's bytes and the digests' state; listeners see the progress go back to zero. */
    @Override
    public void restartFromZero() throws AttemptFailure {
        zeroRestarts++;
        try {
            part.truncate();
        } catch (IOException e) {
            throw job.cancelled() ? cancelledFailure() : Failures.local(e, request, cache);
        }
        digests.reset();
        assembled = false;
        if (downloading) {
            job.progressed(0);
        }
    }

    @Override
    public AttemptFailure cancelledFailure() {
        return new AttemptFailure(
                AttemptFailure.Kind.FATAL,
                HResult.WU_E_CALL_CANCELLED,
                job.cancelledException().detail(),
                null,
                null);
    }

    /** Backoff wait; cancel ends it. */
    private void pause(java.time.Duration d) throws AttemptFailure {
        try {
            if (job.cancelSignal.await(Math.max(0, d.toMillis()), java.util.concurrent.TimeUnit.MILLISECONDS)) {
                throw cancelledFailure();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw cancelledFailure();
        }
    }

    /** The last failure, and why retrying stopped: a server that restarts from zero each time is named as such. */
    private String gaveUp(AttemptFailure f, Attempt a) {
        String budget = config.maxRetries() + " retries without progress";
        if (a.ignoredRange() && a.stored() > 0) {
            return Redaction.uri(a.source()) + " ignores Range (it sends the whole file again from byte 0) and drops"
                    + " the connection after " + a.stored() + " of " + request.size()
                    + " bytes, so no retry gets further"
                    + " (gave up after " + budget + ")";
        }
        return f.getMessage() + " (gave up after " + budget + ")";
    }

    @Override
    public TransferRequest request() {
        return request;
    }

    @Override
    public TransferConfig config() {
        return config;
    }

    @Override
    public ContentCache cache() {
        return cache;
    }

    @Override
    public byte[] buffer() {
        return buffer;
    }

    @Override
    public PartFile part() {
        return part;
    }

    @Override
    public RunningDigests digests() {
        return digests;
    }

    @Override
    public EtagHistory etags() {
        return etags;
    }

    @Override
    public Http.Abort newAbort() {
        return job.newAbort();
    }

    @Override
    public boolean cancelled() {
        return job.cancelled();
    }

    @Override
    public void progressed(long bytes) {
        job.progressed(bytes);
    }

    @Override
    public void assembled() {
        assembled = true;
    }
}
