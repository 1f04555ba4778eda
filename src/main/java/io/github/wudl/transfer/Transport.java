package io.github.wudl.transfer;

import java.io.IOException;
import java.net.URI;
import java.util.Map;

/**
 * One HTTP/1.1 GET exchange on the wire, under the redirect, credential and downgrade rules of {@link Http}
 * (which picks the transport for each hop in {@link Http#transportFor}). An implementation sends the request for
 * {@code uri} (never its userinfo) with wudl's fixed headers (User-Agent from {@code config},
 * {@code Accept-Encoding: identity}, keep-alive), {@code authorization} when not null and {@code extraHeaders},
 * and returns the {@link Response} with its status and headers read and its body not yet read. Redirects are
 * not followed here.
 *
 * <p>Unhappy paths: an IOException for anything on the wire — connect failures, a server that closes or
 * answers malformed bytes (its message names the server), no answer within {@code config.stallTimeout()}
 * (a {@link java.net.SocketTimeoutException}). {@code abort} may be set from another thread at any time; the
 * response's body is registered with it before the exchange can block on the server.
 *
 * <p>Connections: a transport may keep them alive for the next exchange to the same origin, but only one whose
 * body was read to its framed end and whose server sent nothing past it; a pooled connection that turns out
 * closed before any byte of an answer is replaced once, transparently.
 */
interface Transport {
    Response exchange(
            URI uri, String authorization, Map<String, String> extraHeaders, TransferConfig config, Http.Abort abort)
            throws IOException;
}
