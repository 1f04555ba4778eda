package io.github.wudl.faults;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A minimal HTTP forward proxy on 127.0.0.1 for tests: absolute-form requests ({@code GET http://host:port/path})
 * are sent on to the origin with {@code Connection: close}, and the answer is streamed back, after which the
 * client connection is closed (announced with {@code Connection: close}, so clients do not reuse it);
 * {@code CONNECT host:port} opens a tunnel (how clients reach https origins through a proxy). Optional Basic
 * proxy authentication: a request without the right {@code Proxy-Authorization} gets 407 with
 * {@code Proxy-Authenticate: Basic}. Every request is logged.
 */
final class ForwardProxy implements AutoCloseable {
    /** One request as the proxy saw it; {@code status} is what the proxy answered (407) or 0 when forwarded. */
    record Seen(String requestLine, String proxyAuthorization, int status) {
        String target() {
            return requestLine.split(" ", -1)[1];
        }
    }

    private final ServerSocket serverSocket;
    private final String expectedAuthorization;
    private final List<Seen> log = new CopyOnWriteArrayList<>();
    private final Set<Socket> sockets = ConcurrentHashMap.newKeySet();

    /** @param user null for no authentication */
    ForwardProxy(String user, String password) throws IOException {
        expectedAuthorization = user == null
                ? null
                : "Basic "
                        + Base64.getEncoder().encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8));
        serverSocket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "forward-proxy-" + port());
        t.setDaemon(true);
        t.start();
    }

    int port() {
        return serverSocket.getLocalPort();
    }

    List<Seen> log() {
        return List.copyOf(log);
    }

    /** Tunnels opened (CONNECT not refused). */
    long tunnels() {
        return log.stream()
                .filter(s -> s.status() == 0 && s.requestLine().startsWith("CONNECT "))
                .count();
    }

    /** Requests forwarded (not refused) whose absolute-form target has this path. */
    long forwarded(String path) {
        return log.stream()
                .filter(s -> s.status() == 0
                        && s.target().startsWith("http://")
                        && URI.create(s.target()).getPath().equals(path))
                .count();
    }

    long refused() {
        return log.stream().filter(s -> s.status() == 407).count();
    }

    private void acceptLoop() {
        while (!serverSocket.isClosed()) {
            try {
                Socket s = serverSocket.accept();
                sockets.add(s);
                Thread t = new Thread(() -> serve(s), "forward-proxy-conn");
                t.setDaemon(true);
                t.start();
            } catch (IOException e) {
                return;
            }
        }
    }

    private void serve(Socket client) {
        try (client) {
            InputStream in = new BufferedInputStream(client.getInputStream());
            OutputStream out = client.getOutputStream();
            // a refused request leaves the connection open for the client's second try with credentials
            while (true) {
                String requestLine = readLine(in);
                if (requestLine == null || requestLine.isEmpty()) {
                    return;
                }
                Map<String, String> headers = new LinkedHashMap<>();
                List<String> raw = new ArrayList<>();
                for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                    int colon = line.indexOf(':');
                    if (colon > 0) {
                        headers.put(
                                line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                                line.substring(colon + 1).trim());
                        raw.add(line);
                    }
                }
                String auth = headers.get("proxy-authorization");
                String[] parts = requestLine.split(" ", 0); // limit 0: trailing empty parts dropped
                boolean connect = parts.length >= 3 && parts[0].equals("CONNECT");
                if (parts.length < 3 || !(connect || parts[1].startsWith("http://"))) {
                    log.add(new Seen(requestLine, auth, 400));
                    out.write("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"
                            .getBytes(StandardCharsets.ISO_8859_1));
                    return;
                }
                if (expectedAuthorization != null && !expectedAuthorization.equals(auth)) {
                    log.add(new Seen(requestLine, auth, 407));
                    out.write(
                            ("HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm=\"wudl-test\"\r\n"
                                            + "Content-Length: 0\r\n\r\n")
                                    .getBytes(StandardCharsets.ISO_8859_1));
                    out.flush();
                    continue;
                }
                log.add(new Seen(requestLine, auth, 0));
                if (connect) {
                    tunnel(parts[1], client, in, out);
                } else {
                    forward(URI.create(parts[1]), parts[0], raw, out);
                }
                return;
            }
        } catch (IOException e) {
            // the client or the origin went away: nothing to report
        } finally {
            sockets.remove(client);
        }
    }

    private void forward(URI target, String method, List<String> headers, OutputStream client) throws IOException {
        try (Socket origin = new Socket(target.getHost(), target.getPort() < 0 ? 80 : target.getPort())) {
            sockets.add(origin);
            StringBuilder req = new StringBuilder(method)
                    .append(' ')
                    .append(target.getRawPath())
                    .append(target.getRawQuery() == null ? "" : "?" + target.getRawQuery())
                    .append(" HTTP/1.1\r\n");
            for (String h : headers) {
                String name = h.substring(0, h.indexOf(':')).trim().toLowerCase(Locale.ROOT);
                if (!name.startsWith("proxy-") && !name.equals("connection")) {
                    req.append(h).append("\r\n");
                }
            }
            req.append("Connection: close\r\n\r\n");
            OutputStream o = origin.getOutputStream();
            o.write(req.toString().getBytes(StandardCharsets.ISO_8859_1));
            o.flush();
            InputStream in = new BufferedInputStream(origin.getInputStream());
            // the head, with the origin's Connection header replaced: this connection ends with this answer
            StringBuilder head = new StringBuilder(readLine(in)).append("\r\n");
            for (String line = readLine(in); line != null && !line.isEmpty(); line = readLine(in)) {
                if (!line.toLowerCase(Locale.ROOT).startsWith("connection:")) {
                    head.append(line).append("\r\n");
                }
            }
            head.append("Connection: close\r\n\r\n");
            client.write(head.toString().getBytes(StandardCharsets.ISO_8859_1));
            in.transferTo(client); // the origin closes after the body (we asked it to)
            client.flush();
        } finally {
            sockets.removeIf(Socket::isClosed);
        }
    }

    /** CONNECT host:port: bytes both ways until either side closes (TLS passes through untouched). */
    private void tunnel(String authority, Socket client, InputStream clientIn, OutputStream clientOut)
            throws IOException {
        int colon = authority.lastIndexOf(':');
        try (Socket origin =
                new Socket(authority.substring(0, colon), Integer.parseInt(authority.substring(colon + 1)))) {
            sockets.add(origin);
            clientOut.write("HTTP/1.1 200 Connection Established\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            clientOut.flush();
            Thread up = new Thread(
                    () -> {
                        try {
                            clientIn.transferTo(origin.getOutputStream());
                            origin.shutdownOutput();
                        } catch (IOException ignored) {
                            // one side closed: the other direction ends too
                        }
                    },
                    "forward-proxy-tunnel-up");
            up.setDaemon(true);
            up.start();
            origin.getInputStream().transferTo(clientOut);
            client.shutdownOutput();
        } finally {
            sockets.removeIf(Socket::isClosed);
        }
    }

    private static String readLine(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream(128);
        for (int c; (c = in.read()) != -1; ) {
            if (c == '\n') {
                String line = b.toString(StandardCharsets.ISO_8859_1);
                return line.endsWith("\r") ? line.substring(0, line.length() - 1) : line;
            }
            b.write(c);
        }
        return b.size() == 0 ? null : b.toString(StandardCharsets.ISO_8859_1);
    }

    @Override
    public void close() {
        try {
            serverSocket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : sockets) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
