package io.github.wudl.transfer;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on 127.0.0.1 scripted byte by byte, one {@link Script} per accepted connection in order (a
 * connection beyond the scripts is closed at once). After its script a connection stays open until the client
 * closes it or the server is closed, so what the client does with a kept-alive connection is its own choice.
 * Counts connections and records each request head.
 */
final class HostileServer implements AutoCloseable {
    /** What the server does on one connection. */
    interface Script {
        void run(Connection c) throws Exception;
    }

    /** One accepted connection, for its script. */
    static final class Connection {
        final Socket socket;
        final InputStream in;
        final OutputStream out;
        private final HostileServer server;

        Connection(HostileServer server, Socket socket) throws IOException {
            this.server = server;
            this.socket = socket;
            this.in = socket.getInputStream();
            this.out = socket.getOutputStream();
        }

        /** Reads one request head (up to the blank line); null when the client closed first. */
        String request() throws IOException {
            ByteArrayOutputStream head = new ByteArrayOutputStream();
            for (int b; (b = in.read()) >= 0; ) {
                head.write(b);
                String s = head.toString(StandardCharsets.ISO_8859_1);
                if (s.endsWith("\r\n\r\n")) {
                    server.requests.add(s);
                    return s;
                }
            }
            return null;
        }

        /** Writes {@code text} (ISO-8859-1) and flushes. */
        void send(String text) throws IOException {
            out.write(text.getBytes(StandardCharsets.ISO_8859_1));
            out.flush();
        }

        /** Reads a request, then answers {@code text}. */
        void answer(String text) throws IOException {
            request();
            send(text);
        }

        void close() throws IOException {
            socket.close();
        }

        /** Closes with a reset instead of an orderly end. */
        void reset() throws IOException {
            socket.setSoLinger(true, 0);
            socket.close();
        }
    }

    private final ServerSocket ss;
    private final List<Script> scripts;
    private final List<Socket> open = new CopyOnWriteArrayList<>();
    final AtomicInteger connections = new AtomicInteger();
    final List<String> requests = new CopyOnWriteArrayList<>();

    HostileServer(Script... scripts) throws IOException {
        this.scripts = List.of(scripts);
        this.ss = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptAll, "hostile-accept");
        t.setDaemon(true);
        t.start();
    }

    URI uri(String path) {
        return URI.create("http://127.0.0.1:" + ss.getLocalPort() + path);
    }

    /** How messages name this server. */
    String where() {
        return "127.0.0.1:" + ss.getLocalPort();
    }

    private void acceptAll() {
        while (!ss.isClosed()) {
            Socket s;
            try {
                s = ss.accept();
            } catch (IOException e) {
                return;
            }
            int i = connections.getAndIncrement();
            open.add(s);
            Thread c = new Thread(() -> serve(i, s), "hostile-" + i);
            c.setDaemon(true);
            c.start();
        }
    }

    private void serve(int i, Socket s) {
        try {
            if (i >= scripts.size()) {
                s.close();
                return;
            }
            Connection c = new Connection(this, s);
            scripts.get(i).run(c);
            if (!s.isClosed()) {
                while (c.in.read() >= 0) {
                    // held open until the client closes it: whatever it sends now is not answered
                }
            }
        } catch (Exception e) {
            // the client went away, or the test is over
        } finally {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }

    @Override
    public void close() throws IOException {
        ss.close();
        for (Socket s : open) {
            s.close();
        }
    }
}
