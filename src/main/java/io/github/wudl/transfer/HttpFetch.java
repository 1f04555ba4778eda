package io.github.wudl.transfer;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Redaction;
import io.github.wudl.wua.WuaException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Fetches a small document (the catalog) into memory with the same rules as {@link Transferer}: redirects,
 * proxy, TLS, credentials from the URL sent as Basic auth and redacted from every message, stall detection,
 * and retries of transient failures (connection errors, stalls, 408/429/5xx) with backoff and Retry-After.
 *
 * <p>Unhappy paths, all {@link WuaException}: a body over {@code maxBytes} → WU_E_PT_UNEXPECTED naming the
 * limit (the read stops there); a non-200 status → {@code HResult.forHttpStatus(status)}; an unresolvable
 * host → WU_E_PT_WINHTTP_NAME_NOT_RESOLVED; not http/https → WU_E_BAD_FILE_URL; stalls → WU_E_TIME_OUT; other
 * I/O → WU_E_PT_UNEXPECTED; the calling thread interrupted → WU_E_CALL_CANCELLED (interrupt status kept).
 */
public final class HttpFetch {
    private HttpFetch() {}

    /** The body of {@code uri}, at most {@code maxBytes} long. */
    public static byte[] get(URI uri, long maxBytes, TransferConfig config) {
        return fetch(uri, maxBytes, head -> false, config).body();
    }

    /** How many leading bytes {@link #fetch}'s {@code large} test is given (fewer when the body is shorter). */
    public static final int HEAD_BYTES = 512;

    /**
     * What {@link #fetch} got: the whole body, or (for a document that is read from a file instead) no body and
     * the length the server announced, -1 when it announced none.
     */
    // the body is handed over once to its one reader, never compared or copied
    @SuppressWarnings("ArrayRecordComponent")
    public record Fetched(byte[] body, long announcedLength) {
        /** Whether the document is one to fetch into a file rather than into memory. */
        public boolean large() {
            return body == null;
        }
    }

    /**
     * The body of {@code uri}, at most {@code maxBytes} long, unless its first {@link #HEAD_BYTES} bytes pass
     * {@code large}: then the exchange stops there and only the announced length is returned, for the caller
     * to fetch the document into a file with the transfer engine (resume, retry, cache).
     */
    public static Fetched fetch(
            URI uri, long maxBytes, java.util.function.Predicate<byte[]> large, TransferConfig config) {
        if ("http".equalsIgnoreCase(uri.getScheme())) {
            config.warnings()
                    .once(
                            "plain catalog " + Redaction.uri(uri),
                            "the catalog " + Redaction.uri(uri) + " is"
                                    + " fetched over plain http, so its digests travel unprotected and whoever can change it on the"
                                    + " way can change what the files are checked against; use an https URL where the server has one");
        }
        int retries = 0;
        int consecutive = 0;
        while (true) {
            try {
                return once(uri, maxBytes, large, config);
            } catch (AttemptFailure f) {
                if (f.kind != AttemptFailure.Kind.TRANSIENT || ++retries > config.maxRetries()) {
                    String msg = "Could not fetch " + Redaction.uri(uri) + ": " + withoutPrefix(f.getMessage(), uri)
                            + (f.kind == AttemptFailure.Kind.TRANSIENT
                                    ? " (gave up after " + config.maxRetries() + " retries)"
                                    : "")
                            + ".";
                    String advice = Failures.documentAdvice(f.hresult);
                    msg += advice.isEmpty() ? "" : " " + advice;
                    throw new WuaException(f.hresult, Redaction.text(msg, List.of(uri)), null);
                }
                try {
                    Thread.sleep(
                            Backoff.delay(config, ++consecutive, f.retryAfter).toMillis());
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw cancelled(uri);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw cancelled(uri);
            }
        }
    }

    private static Fetched once(
            URI uri, long maxBytes, java.util.function.Predicate<byte[]> large, TransferConfig config)
            throws AttemptFailure, InterruptedException {
        String where = Redaction.uri(uri);
        Http.Abort abort = new Http.Abort();
        Response r;
        try {
            r = Http.standard().get(uri, Map.of(), config, abort, Http.CATALOG_REFUSAL);
        } catch (IOException e) {
            throw Failures.network(e, uri, config.stallTimeout(), false);
        }
        try (r) {
            int status = r.status();
            if (status != 200) {
                throw new AttemptFailure(
                        Attempt.transientStatus(status) ? AttemptFailure.Kind.TRANSIENT : AttemptFailure.Kind.SOURCE,
                        HResult.forHttpStatus(status),
                        where + ": the server answered" + " HTTP " + status,
                        Backoff.parseRetryAfter(r.header("Retry-After"), java.time.Instant.now()),
                        null);
            }
            long announced = r.contentLength();
            Body in = r.body();
            ByteArrayOutputStream out = new ByteArrayOutputStream(announced > 0 ? (int) announced : 8192);
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.allocate(64 * 1024);
            try (Watchdog.Watch watch = Watchdog.watch(config.stallTimeout(), in::abort)) {
                try {
                    boolean tested = false;
                    for (int n; (n = in.read(buf.clear())) >= 0; ) {
                        watch.touch();
                        out.write(buf.array(), 0, n);
                        if (!tested && out.size() >= HEAD_BYTES) {
                            tested = true;
                            if (large.test(java.util.Arrays.copyOf(out.toByteArray(), HEAD_BYTES))) {
                                in.abort();
                                return new Fetched(null, announced);
                            }
                            if (announced > maxBytes) {
                                throw tooLarge(where, maxBytes, "it announces " + announced + " bytes");
                            }
                        }
                        if (out.size() > maxBytes) {
                            throw tooLarge(where, maxBytes, "the body went past it");
                        }
                    }
                    if (!tested && large.test(out.toByteArray())) {
                        return new Fetched(null, announced);
                    }
                } catch (IOException e) {
                    if (Thread.currentThread().isInterrupted()) {
                        throw new InterruptedException();
                    }
                    throw Failures.network(e, uri, config.stallTimeout(), watch.stalled());
                }
            }
            return new Fetched(out.toByteArray(), announced);
        }
    }

    /** A failure's text without the URL it starts with, which the message names already. */
    private static String withoutPrefix(String message, URI uri) {
        String where = Redaction.uri(uri);
        if (message.startsWith(where + ": ")) {
            return message.substring(where.length() + 2);
        }
        return message.startsWith(where + " ") ? message.substring(where.length() + 1) : message;
    }

    private static AttemptFailure tooLarge(String where, long maxBytes, String what) {
        return new AttemptFailure(
                AttemptFailure.Kind.SOURCE,
                HResult.WU_E_PT_UNEXPECTED,
                where + " is larger than"
                        + " the limit of " + maxBytes + " bytes for this document (" + what
                        + "); check that the URL names"
                        + " the intended document");
    }

    private static WuaException cancelled(URI uri) {
        return new WuaException(HResult.WU_E_CALL_CANCELLED, "Fetching " + Redaction.uri(uri) + " was cancelled.");
    }
}
