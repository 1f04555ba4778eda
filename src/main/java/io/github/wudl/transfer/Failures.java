package io.github.wudl.transfer;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Redaction;
import io.github.wudl.wua.WuaException;
import java.io.IOException;
import java.net.URI;
import java.net.UnknownHostException;
import java.nio.channels.UnresolvedAddressException;
import java.nio.file.FileSystemException;
import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLHandshakeException;

/**
 * Classifies failures (transient or not, which HRESULT) and words them: file, redacted URL, what to do.
 * Public only for {@link #diskFull}, which the command line uses for the files it places under {@code --out}.
 */
public final class Failures {
    private Failures() {}

    /** A transport failure at {@code source}; {@code stalled} when the watchdog or the socket's read timeout ended the read. */
    static AttemptFailure network(IOException e, URI source, Duration stallTimeout, boolean stalled) {
        String where = Redaction.uri(source);
        if (stalled || e instanceof java.net.SocketTimeoutException) {
            return AttemptFailure.transientIo(
                    HResult.WU_E_TIME_OUT,
                    "no byte arrived from " + where + " for " + seconds(stallTimeout) + " (stalled)",
                    null);
        }
        if (causedBy(e, UnknownHostException.class) || causedBy(e, UnresolvedAddressException.class)) {
            return new AttemptFailure(
                    AttemptFailure.Kind.SOURCE,
                    HResult.WU_E_PT_WINHTTP_NAME_NOT_RESOLVED,
                    "the host name of " + where + " could not be resolved",
                    null,
                    null);
        }
        if (CertificateNames.isHostnameMismatch(e)) {
            List<String> names = CertificateNames.of(source, stallTimeout);
            String host = source.getHost();
            return new AttemptFailure(
                    AttemptFailure.Kind.SOURCE,
                    HResult.WU_E_PT_UNEXPECTED,
                    "the certificate of "
                            + where + " is for " + (names.isEmpty() ? "another name" : String.join(", ", names))
                            + ", not for "
                            + host
                            + " (--truststore does not help with that: the certificate is trusted or not, but it names"
                            + " another server); use a URL with "
                            + (names.isEmpty()
                                    ? "the name the certificate is for"
                                    : names.size() == 1 ? "that name" : "one of those names")
                            + ", or have the server's certificate"
                            + " issued for " + host,
                    null,
                    null);
        }
        if (causedBy(e, SSLHandshakeException.class)) {
            return new AttemptFailure(
                    AttemptFailure.Kind.SOURCE,
                    HResult.WU_E_PT_UNEXPECTED,
                    "the TLS handshake with " + where + " failed (" + describe(e, source) + "); if the server"
                            + " uses a private CA or a self-signed certificate, trust it with wudl --truststore FILE",
                    null,
                    null);
        }
        return AttemptFailure.transientIo(
                HResult.WU_E_PT_UNEXPECTED,
                "the connection to " + where + " failed (" + describe(e, source) + ")",
                null);
    }

    /** True for the "disk full" errors of Linux, macOS and Windows. */
    public static boolean diskFull(IOException e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            String m = t instanceof FileSystemException ? ((FileSystemException) t).getReason() : t.getMessage();
            if (m == null && t instanceof FileSystemException) {
                m = t.getMessage();
            }
            if (m != null) {
                String l = m.toLowerCase(Locale.ROOT);
                if (l.contains("no space left")
                        || l.contains("not enough space")
                        || l.contains("disk full")
                        || l.contains("disk quota exceeded")) {
                    return true;
                }
            }
        }
        return false;
    }

    /** A local file failure while handling {@code request}: disk full, or another I/O error; never retried. */
    static AttemptFailure local(IOException e, TransferRequest request, ContentCache cache) {
        if (diskFull(e)) {
            return new AttemptFailure(
                    AttemptFailure.Kind.FATAL,
                    HResult.ERROR_DISK_FULL,
                    "the disk holding the cache "
                            + cache.root() + " is full while storing " + request.displayName() + " (" + request.size()
                            + " bytes); free space or pass --cache DIR on a larger disk. The partial file stays and a later"
                            + " download resumes it.",
                    null,
                    null);
        }
        return new AttemptFailure(
                AttemptFailure.Kind.FATAL,
                HResult.WU_E_DM_UNEXPECTED,
                "storing "
                        + request.displayName() + " in the cache " + cache.root() + " failed: " + e
                        + "; check the cache directory's permissions and disk.",
                null,
                null);
    }

    /** The exception for a transfer that failed everywhere, or fatally. */
    static WuaException toWua(AttemptFailure f, TransferRequest r) {
        String msg = f.getMessage();
        if (!msg.contains(r.displayName())) {
            msg = r.displayName() + ": " + msg;
        } else if (!msg.isEmpty()) {
            msg = Character.toUpperCase(msg.charAt(0)) + msg.substring(1);
        }
        return new WuaException(f.hresult, Redaction.text(msg, r.sources()), null);
    }

    /** "Could not download X: <primary>. Also tried: <mirror>: <why>. <advice>" */
    static WuaException exhausted(TransferRequest r, AttemptFailure primary, Collection<String> mirrorNotes) {
        StringBuilder b = new StringBuilder("Could not download ")
                .append(r.displayName())
                .append(": ")
                .append(primary.getMessage())
                .append('.');
        if (!mirrorNotes.isEmpty()) {
            b.append(" Also tried ")
                    .append(mirrorNotes.size())
                    .append(mirrorNotes.size() == 1 ? " mirror: " : " mirrors: ")
                    .append(String.join("; ", mirrorNotes))
                    .append('.');
        }
        b.append(' ').append(advice(primary.hresult));
        return new WuaException(primary.hresult, Redaction.text(b.toString(), r.sources()), null);
    }

    /**
     * What to do about a failed fetch of a document (the catalog): as {@link #advice(int)}, but a document has no
     * partial file and no catalog entry of its own, so the advice names the URL given instead.
     */
    static String documentAdvice(int hresult) {
        HResult h = HResult.forCode(hresult);
        if (h == null) {
            return "Retry later.";
        }
        switch (h) {
            case WU_E_PT_HTTP_STATUS_NOT_FOUND:
            case WU_E_PT_HTTP_STATUS_GONE:
                return "Check the catalog URL.";
            case WU_E_BAD_FILE_URL:
                return "Give --catalog a file path or an http(s) URL.";
            case WU_E_TIME_OUT:
                return "Check the network, or raise --stall-timeout.";
            case E_ACCESSDENIED:
                return ""; // the refusal says what to do
            case WU_E_PT_HTTP_STATUS_DENIED:
            case WU_E_PT_HTTP_STATUS_FORBIDDEN:
            case WU_E_PT_HTTP_STATUS_PROXY_AUTH_REQ:
            case WU_E_PT_WINHTTP_NAME_NOT_RESOLVED:
            case WU_E_PT_HTTP_STATUS_NOT_MAPPED:
                return advice(hresult);
            default:
                return "Check the network and proxy settings and retry later.";
        }
    }

    static String advice(int hresult) {
        HResult h = HResult.forCode(hresult);
        if (h == null) {
            return "Retry later.";
        }
        switch (h) {
            case WU_E_PT_HTTP_STATUS_NOT_FOUND:
            case WU_E_PT_HTTP_STATUS_GONE:
                return "Check that the catalog's URL for this file is right and that the server still has it.";
            case WU_E_PT_HTTP_STATUS_DENIED:
            case WU_E_PT_HTTP_STATUS_FORBIDDEN:
                return "Check the credentials in the URL and that the server lets this client read the file.";
            case WU_E_PT_HTTP_STATUS_PROXY_AUTH_REQ:
                return "Configure the proxy credentials (Java proxy settings / Authenticator).";
            case WU_E_DM_INCORRECTFILEHASH:
                return "The server (or a proxy) delivers other bytes than the catalog describes: check the"
                        + " catalog's size and digest or the mirror. Nothing was published.";
            case WU_E_PT_WINHTTP_NAME_NOT_RESOLVED:
                return "Check the host name in the URL, DNS, and the proxy settings (http(s).proxyHost).";
            case WU_E_BAD_FILE_URL:
                return "Fix the catalog: only http and https URLs can be downloaded.";
            case WU_E_TIME_OUT:
                return "Check the network, or raise --stall-timeout; the partial file stays and a later download"
                        + " resumes it.";
            case WU_E_DM_READRANGEFAILED:
                return "The server mishandles byte ranges; retry later or use a mirror.";
            case WU_E_PT_HTTP_STATUS_NOT_MAPPED:
                return "Check the URL; the server's answer cannot be used.";
            default:
                return "Check the network and proxy settings and retry later; the partial file stays and a later"
                        + " download resumes it.";
        }
    }

    static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? (ms / 1000) + " s" : ms + " ms";
    }

    /** The exception's class and message, with URLs of the request redacted. */
    private static String describe(Throwable e, URI source) {
        String m = e.getMessage();
        String s = e.getClass().getSimpleName() + (m == null ? "" : ": " + m);
        if (m == null && e.getCause() != null && e.getCause() != e) {
            s += " caused by " + e.getCause().getClass().getSimpleName()
                    + (e.getCause().getMessage() == null
                            ? ""
                            : ": " + e.getCause().getMessage());
        }
        return Redaction.text(s, java.util.List.of(source));
    }

    private static boolean causedBy(Throwable e, Class<? extends Throwable> type) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (type.isInstance(t)) {
                return true;
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return false;
    }
}
