package io.github.wudl.testing;

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
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A server on 127.0.0.1 that answers every request with exactly the bytes a test scripts, for framings that
 * {@link ContentServer} never produces: a body and then a connection held open, a chunked body without its
 * last chunk, trailers without end. One daemon thread per connection; {@link #close()} ends every one.
 */
public final class ScriptedServer implements AutoCloseable {
    /** What one request gets: write to {@code out}; return to close the connection. */
    public interface Script {
        void answer(OutputStream out, ScriptedServer server) throws IOException;
    }

    private final ServerSocket socket;
    private final Script script;
    private final Set<Socket> open = ConcurrentHashMap.newKeySet();
    private final AtomicInteger requests = new AtomicInteger();
    private final CountDownLatch closed = new CountDownLatch(1);

    private ScriptedServer(Script script) throws IOException {
        this.script = script;
        this.socket = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread t = new Thread(this::acceptLoop, "scripted-server-" + socket.getLocalPort());
        t.setDaemon(true);
        t.start();
    }

    public static ScriptedServer start(Script script) throws IOException {
        return new ScriptedServer(script);
    }

    /** Head and body as given, then the connection held open (no more bytes) until {@link #close()}. */
    public static Script thenHold(String head, byte[] body) {
        return (out, server) -> {
            out.write(head.getBytes(StandardCharsets.ISO_8859_1));
            out.write(body);
            out.flush();
            server.awaitClose();
        };
    }

    /** Blocks until the server closes (a held connection). */
    public void awaitClose() {
        try {
            closed.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** True once {@link #close()} has run. */
    public boolean isClosed() {
        return closed.getCount() == 0;
    }

    public URI uri(String path) {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort() + path);
    }

    /** Requests received so far. */
    public int requestCount() {
        return requests.get();
    }

    private void acceptLoop() {
        while (!socket.isClosed()) {
            Socket s;
            try {
                s = socket.accept();
            } catch (IOException e) {
                return;
            }
            open.add(s);
            Thread t = new Thread(() -> serve(s), "scripted-server-conn");
            t.setDaemon(true);
            t.start();
        }
    }

    private void serve(Socket s) {
        try (s;
                InputStream in = new BufferedInputStream(s.getInputStream());
                OutputStream out = s.getOutputStream()) {
            while (readHead(in)) {
                requests.incrementAndGet();
                script.answer(out, this);
            }
        } catch (IOException e) {
            // the client went away or the server closed: nothing to answer
        } finally {
            open.remove(s);
        }
    }

    /** Reads one request head; false at the end of the connection. */
    private static boolean readHead(InputStream in) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        int blank = 0;
        for (int b; (b = in.read()) >= 0; ) {
            if (b == '\n') {
                boolean empty = line.size() == 0 || (line.size() == 1 && line.toByteArray()[0] == '\r');
                if (empty && blank > 0) {
                    return true;
                }
                blank++;
                line.reset();
            } else {
                line.write(b);
            }
        }
        return false;
    }

    @Override
    public void close() {
        closed.countDown();
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing anyway
        }
        for (Socket s : open) {
            try {
                s.close();
            } catch (IOException ignored) {
                // closing anyway
            }
        }
    }
}
