package io.github.wudl.transfer;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Redaction;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One HTTP exchange of a {@link FileTransfer} with one source: asks for the missing bytes (Range + If-Range
 * when a partial file exists), judges the answer, and streams the body into the part file and the digests.
 * Returns normally when the part holds exactly the expected size; otherwise throws an {@link AttemptFailure}
 * saying whether to retry, restart, move to the next mirror, or give up.
 */
final class Attempt {
    private static final long PROGRESS_STEP = 64 * 1024;
    private static final int INLINE_LIMIT_BUFFERS = 4;
    /** Buffer size of a body written with direct I/O: 1 MiB writes ran at 1.4 GB/s here, 256 KiB ones at 0.9. */
    private static final int DIRECT_SLOT = 1 << 20;
    /** Bodies from this size on are written with direct I/O (smaller ones gain little from it). */
    private static final long DIRECT_MIN = 8L * DIRECT_SLOT;
    /**
     * A buffer that has been filling for this long is hashed and written as it is: on a slow link progress
     * then still moves several times a second instead of once per (1 MiB) buffer.
     */
    private static final long FLUSH_NANOS = 250_000_000L;
    /**
     * How long a body that has delivered every expected byte may take to show its end (or more bytes, which
     * fail the attempt). A server that holds the connection open past that costs this much, not a stall
     * timeout: the bytes are all here and the digest decides.
     */
    private static final java.time.Duration END_GRACE = java.time.Duration.ofSeconds(1);

    private static final String UNCHECKED_REFUSAL = "where nothing would check its bytes (the catalog gives the file"
            + " no digest), so wudl does not follow it; give the file a sha256 in the catalog, or its http URL if you"
            + " accept it unchecked";

    /**
     * What an attempt may see and do of the transfer it belongs to ({@link FileTransfer}): its fixed inputs, the
     * part file and digests it appends to, and the few changes of the transfer's state it may cause.
     */
    interface Owner {
        TransferRequest request();

        TransferConfig config();

        ContentCache cache();

        /** The transfer's own buffer, for bodies small enough to be copied on the worker alone. */
        byte[] buffer();

        PartFile part();

        RunningDigests digests();

        /** The ETags this transfer has seen, and from where. */
        EtagHistory etags();

        /** A fresh abort for this attempt's exchange, which a cancel of the transfer sets. */
        Http.Abort newAbort();

        boolean cancelled();

        /** The failure that ends a cancelled transfer. */
        AttemptFailure cancelledFailure();

        /** The part now holds {@code bytes} bytes: for listeners. */
        void progressed(long bytes);

        /** Drops the part's bytes and the digests' state: the next bytes start the file again. */
        void restartFromZero() throws AttemptFailure;

        /** The part's bytes now come from more than one response: a bad digest earns one fresh try. */
        void assembled();
    }

    private final Owner t;
    private final Http http;
    private final URI source;
    private final String where;
    /** New bytes this attempt stored (counted as fetched; an attempt that stored some made progress). */
    private long stored;
    /** Asked for a range and got the whole file (200): the part restarted from zero. */
    private boolean ignoredRange;

    Attempt(Owner t, Http http, URI source) {
        this.t = t;
        this.http = http;
        this.source = source;
        this.where = Redaction.uri(source);
    }

    URI source() {
        return source;
    }

    /** New bytes this attempt stored, so far: counted as fetched whether or not it succeeded. */
    long stored() {
        return stored;
    }

    /** Whether the server answered a range request with the whole file. */
    boolean ignoredRange() {
        return ignoredRange;
    }

    void run() throws AttemptFailure {
        PartFile part = t.part();
        long offset = part.length();
        Map<String, String> headers = new LinkedHashMap<>();
        if (offset > 0) {
            headers.put("Range", "bytes=" + offset + "-");
            if (where.equals(part.source())) {
                // If-Range needs a strong validator: a weak ETag never matches, so fall back to the date
                String validator =
                        part.etag() != null && !part.etag().startsWith("W/") ? part.etag() : part.lastModified();
                if (validator != null) {
                    headers.put("If-Range", validator);
                }
            }
        }
        Http.Abort abort = t.newAbort();
        Response r;
        try {
            // a file without a digest has only https to protect it: it is not followed to plain http
            // a bundle's content file: a file: URI that only the catalog layer makes, for a path it confined to
            // a catalog's folder, and only content transfers read it (catalogs and redirects never do)
            r = LocalFile.isLocal(source)
                    ? LocalFile.get(source, headers, abort)
                    : http.get(source, headers, t.config(), abort, t.request().verified() ? null : UNCHECKED_REFUSAL);
        } catch (IOException e) {
            throw t.cancelled()
                    ? t.cancelledFailure()
                    : Failures.network(e, source, t.config().stallTimeout(), false);
        } catch (InterruptedException e) {
            throw t.cancelledFailure();
        }
        try (r) {
            accept(r, offset);
            copy(r.body(), abort);
        }
    }

    /** Decides from status and headers whether the body can be appended; adjusts the part file if not. */
    private void accept(Response r, long offset) throws AttemptFailure {
        int status = r.status();
        String etag = r.header("ETag");
        String lastModified = r.header("Last-Modified");
        long size = t.request().size();
        if (status == 200) {
            contentChanged(etag);
            if (t.part().length() > 0) {
                // the server sends everything (no range support, or If-Range did not match): start over
                t.restartFromZero();
                ignoredRange = true;
            }
            long length = r.contentLength();
            if (length >= 0 && length != size) {
                throw new AttemptFailure(
                        AttemptFailure.Kind.SOURCE,
                        HResult.WU_E_DM_INCORRECTFILEHASH,
                        where + " announces " + length + " bytes but the catalog says " + size + " bytes");
            }
        } else if (status == 206) {
            long[] range = contentRange(r.header("Content-Range"));
            if (offset == 0 || range == null || range[0] != offset || range[2] != size) {
                t.restartFromZero();
                throw new AttemptFailure(
                        AttemptFailure.Kind.RESTART,
                        HResult.WU_E_DM_READRANGEFAILED,
                        where
                                + " answered bytes=" + offset + "- with Content-Range '" + r.header("Content-Range")
                                + "' for a file of " + size + " bytes");
            }
            if (contentChanged(etag)) {
                t.restartFromZero();
                throw new AttemptFailure(
                        AttemptFailure.Kind.RESTART,
                        HResult.WU_E_DM_CONTENTCHANGED,
                        where + " changed its content (ETag " + etag + ") while it was being downloaded");
            }
            t.assembled();
        } else if (status == 416 && offset > 0) {
            t.restartFromZero();
            throw new AttemptFailure(
                    AttemptFailure.Kind.RESTART,
                    HResult.WU_E_DM_READRANGEFAILED,
                    where + " refused the range bytes=" + offset + "- (HTTP 416)");
        } else if (transientStatus(status)) {
            throw new AttemptFailure(
                    AttemptFailure.Kind.TRANSIENT,
                    HResult.forHttpStatus(status),
                    where + " answered HTTP " + status,
                    Backoff.parseRetryAfter(r.header("Retry-After"), Instant.now()),
                    null);
        } else {
            throw new AttemptFailure(
                    AttemptFailure.Kind.SOURCE, HResult.forHttpStatus(status), where + " answered HTTP " + status);
        }
        try {
            t.part().validators(etag, lastModified, where);
        } catch (IOException e) {
            throw Failures.local(e, t.request(), t.cache());
        }
    }

    /**
     * Whether {@code etag} differs from the one seen earlier in this transfer for this source. The first
     * change costs a restart from zero; the second means the file keeps changing: WU_E_DM_CONTENTCHANGED.
     */
    private boolean contentChanged(String etag) throws AttemptFailure {
        boolean changed = t.etags().changed(etag, where);
        if (changed && t.etags().changes() >= 2) {
            throw new AttemptFailure(
                    AttemptFailure.Kind.FATAL,
                    HResult.WU_E_DM_CONTENTCHANGED,
                    "the content of "
                            + t.request().displayName() + " at " + where
                            + " changed again while it was being downloaded"
                            + " (ETag now " + etag + "); retry when the server has finished publishing it");
        }
        return changed;
    }

    /**
     * Streams the body into the part file: bounded to the expected size, stall-watched, cancellable. The
     * worker reads and hashes; a {@link WriteBehind} writes behind it. Every exit drains the writes first,
     * so the part file holds exactly the bytes hashed so far. A large body is written with direct I/O where
     * the file system allows it (see {@link PartFile}): its buffers are then aligned, and a resume from an
     * unaligned length first reads up to the next buffer boundary so that every later write is aligned.
     */
    private void copy(Body in, Http.Abort abort) throws AttemptFailure {
        long size = t.request().size();
        long start = t.part().length();
        // a second thread pays off only for large bodies; for the rest its start costs more than it saves
        boolean inline = size - start <= INLINE_LIMIT_BUFFERS * (long) t.buffer().length;
        long[] lastReported = {start};
        WriteBehind.Sink sink = buf -> {
            t.part().append(buf);
            long now = t.part().length();
            if (now - lastReported[0] >= PROGRESS_STEP || now == size) {
                lastReported[0] = now;
                t.progressed(now);
            }
        };
        long received = start;
        AttemptFailure failure = null;
        int alignment = size - start >= DIRECT_MIN ? t.part().useDirectWrites() : 0;
        int slot = alignment == 0
                ? t.buffer().length
                : Math.max(DIRECT_SLOT, (t.buffer().length + alignment - 1) / alignment * alignment);
        WriteBehind pipe =
                inline ? null : new WriteBehind(4, slot, alignment, alignment > 0 || in.prefersDirect(), sink);
        try (Watchdog.Watch watch = Watchdog.watch(t.config().stallTimeout(), in::abort)) {
            while (received < size && failure == null) {
                ByteBuffer buf;
                try {
                    buf = inline ? ByteBuffer.wrap(t.buffer()) : pipe.acquire();
                } catch (IOException e) {
                    failure = t.cancelled() ? t.cancelledFailure() : Failures.local(e, t.request(), t.cache());
                    break;
                }
                long room = alignment == 0 ? buf.capacity() : buf.capacity() - received % buf.capacity();
                buf.limit((int) Math.min(room, size - received));
                IOException readFailure = null;
                boolean ended = false;
                try {
                    long firstBytes = 0;
                    while (buf.hasRemaining()) {
                        if (in.read(buf) < 0) {
                            ended = true;
                            break;
                        }
                        watch.touch();
                        if (buf.position() > 0) {
                            long now = System.nanoTime();
                            if (firstBytes == 0) {
                                firstBytes = now | 1; // never 0
                            } else if (now - firstBytes > FLUSH_NANOS) {
                                break;
                            }
                        }
                    }
                } catch (IOException e) {
                    readFailure = e;
                }
                buf.flip();
                int filled = buf.remaining();
                if (filled > 0) {
                    t.digests().update(buf);
                    long before = received;
                    received += filled;
                    stored += filled;
                    if (before < PartFile.META_AFTER && received >= PartFile.META_AFTER && !t.cancelled()) {
                        t.part().keepValidators(); // now worth a resume with If-Range
                    }
                    if (inline) {
                        try {
                            sink.write(buf);
                        } catch (IOException e) {
                            failure = t.cancelled() ? t.cancelledFailure() : Failures.local(e, t.request(), t.cache());
                            break;
                        }
                    } else {
                        pipe.submit();
                    }
                }
                if (t.cancelled() || abort.aborted()) {
                    failure = t.cancelledFailure();
                } else if (readFailure != null) {
                    failure = Failures.network(readFailure, source, t.config().stallTimeout(), watch.stalled());
                } else if (ended) {
                    failure = AttemptFailure.transientIo(
                            HResult.WU_E_PT_UNEXPECTED,
                            "the connection to " + where + " ended after " + received + " of " + size + " bytes",
                            null);
                }
            }
        } finally {
            if (pipe != null) {
                try {
                    pipe.close();
                } catch (IOException e) {
                    if (failure == null) { // a read failure, if any, is the first cause: keep it
                        failure = t.cancelled() ? t.cancelledFailure() : Failures.local(e, t.request(), t.cache());
                    }
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
        if (in.readsPast(
                END_GRACE.compareTo(t.config().stallTimeout()) < 0
                        ? END_GRACE
                        : t.config().stallTimeout())) {
            t.restartFromZero();
            throw new AttemptFailure(
                    AttemptFailure.Kind.SOURCE,
                    HResult.WU_E_DM_INCORRECTFILEHASH,
                    where + " sends more than the expected " + size + " bytes");
        }
    }

    static boolean transientStatus(int status) {
        return status == 408 || status == 429 || status == 500 || status == 502 || status == 503 || status == 504;
    }

    /** {start, end, total} of "bytes start-end/total"; total -1 for "*"; null when malformed. */
    static long[] contentRange(String value) {
        if (value == null) {
            return null;
        }
        String v = value.trim();
        if (!v.startsWith("bytes ")) {
            return null;
        }
        try {
            int dash = v.indexOf('-');
            int slash = v.indexOf('/');
            if (dash < 0 || slash < dash) {
                return null;
            }
            long start = Long.parseLong(v.substring(6, dash).trim());
            long end = Long.parseLong(v.substring(dash + 1, slash).trim());
            String total = v.substring(slash + 1).trim();
            return new long[] {start, end, total.equals("*") ? -1 : Long.parseLong(total)};
        } catch (NumberFormatException e) {
            return null;
        }
    }
}
