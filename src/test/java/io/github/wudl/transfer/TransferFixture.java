package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.wudl.testing.ContentServer;
import io.github.wudl.wua.DownloadPhase;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Consumer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/** A content server, a cache in a temp dir, a Transferer with tiny backoffs, and helpers. */
abstract class TransferFixture {
    @TempDir
    Path dir;

    ContentServer server;
    ContentCache cache;
    private final List<Transferer> transferers = new ArrayList<>();

    @BeforeEach
    void startServer() throws IOException {
        server = ContentServer.start();
        cache = new ContentCache(dir.resolve("cache"));
    }

    /**
     * Closes every Transferer and the server, then waits for the workers to leave: a worker still unwinding a
     * cancelled transfer (closing its part file, releasing its key lock) must be done before JUnit deletes
     * the temp dir, or the deletion races it.
     */
    @AfterEach
    void stopAll() throws InterruptedException {
        transferers.forEach(Transferer::close);
        server.close();
        for (Transferer t : transferers) {
            assertTrue(t.awaitWorkersStopped(Duration.ofSeconds(20)), "transfer workers left after close");
        }
    }

    static TransferConfig.Builder fast() {
        return TransferConfig.builder()
                .backoff(Duration.ofMillis(1), Duration.ofMillis(10))
                .retryAfterMax(Duration.ofSeconds(5))
                .stallTimeout(Duration.ofSeconds(10))
                .maxRetries(3)
                .bufferSize(64 * 1024);
    }

    Transferer transferer(TransferConfig config) {
        Transferer t = new Transferer(config, cache);
        transferers.add(t);
        return t;
    }

    Transferer transferer() {
        return transferer(fast().build());
    }

    /** Serves generated content at {@code path} and returns a SHA-256 request for it. */
    TransferRequest generated(String path, long size, long seed) {
        server.putGenerated(path, size, seed);
        return new TransferRequest(
                List.of(server.uri(path)), size, "SHA-256", ContentServer.sha256Of(size, seed), name(path), 2);
    }

    TransferRequest request(List<URI> sources, long size, byte[] sha256) {
        return new TransferRequest(sources, size, "SHA-256", sha256, "file.bin", 2);
    }

    static String name(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }

    static TransferResult await(TransferTask task) throws Exception {
        try {
            return task.result().get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof Exception ? (Exception) e.getCause() : e;
        }
    }

    /** The transfer's failure, asserting its HRESULT. */
    static WuaException failure(TransferTask task, HResult expected) {
        ExecutionException e =
                assertThrows(ExecutionException.class, () -> task.result().get(30, TimeUnit.SECONDS));
        if (!(e.getCause() instanceof WuaException)) {
            fail("not a WuaException", e.getCause());
        }
        WuaException w = (WuaException) e.getCause();
        assertEquals(expected.code(), w.hresult(), w.getMessage());
        return w;
    }

    static void assertDone(TransferTask task, long millis) throws InterruptedException, ExecutionException {
        try {
            task.result().get(millis, TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            fail("not done within " + millis + " ms");
        } catch (ExecutionException ok) {
            // done, exceptionally
        }
    }

    void assertPublished(TransferResult r, TransferRequest req) throws IOException {
        assertEquals(cache.publishedPath(req), r.path());
        assertTrue(cache.verify(req), "published file verifies");
        assertEquals(req.size(), java.nio.file.Files.size(r.path()));
        if (req.digestAlgorithm() != null && req.digestAlgorithm().equals("SHA-256")) {
            assertEquals(java.util.HexFormat.of().formatHex(req.digest()), r.sha256());
        }
    }

    /** Listener that records events as text: I, D, V for phases, P for progress, R for retries. */
    static final class Recorder implements TransferListener {
        final List<String> events = new CopyOnWriteArrayList<>();
        final List<Long> progress = new CopyOnWriteArrayList<>();
        final List<Exception> causes = new CopyOnWriteArrayList<>();
        private final Consumer<Integer> onRetry;
        private volatile long threshold = Long.MAX_VALUE;
        private final CountDownLatch reached = new CountDownLatch(1);

        Recorder() {
            this(n -> {});
        }

        Recorder(Consumer<Integer> onRetry) {
            this.onRetry = onRetry;
        }

        @Override
        public void phase(DownloadPhase phase) {
            events.add(phase.name().substring(0, 1));
        }

        @Override
        public void progressed(long bytesDone) {
            events.add("P");
            progress.add(bytesDone);
            if (bytesDone >= threshold) {
                reached.countDown();
            }
        }

        /** Opens once progress reports at least {@code bytes} stored (one recorder, one threshold). */
        CountDownLatch whenProgress(long bytes) {
            threshold = bytes;
            return reached;
        }

        @Override
        public void retrying(int attempt, Exception cause) {
            events.add("R");
            causes.add(cause);
            onRetry.accept(attempt);
        }

        String grammar() {
            return String.join("", events);
        }
    }

    /** {@code n} bytes of {@code value}: the content of a file outside the cache that must stay as it is. */
    static byte[] filled(int n, int value) {
        byte[] b = new byte[n];
        java.util.Arrays.fill(b, (byte) value);
        return b;
    }

    static byte[] sha256(byte[] b) {
        return ContentServer.sha256(b);
    }
}
