package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.testing.ContentServer;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The scheduler's rules across {@link Transferer.Group}s: a group starts at most its cap while the overall
 * cap is the largest of them, and the next transfer comes from the group of higher priority, then the
 * request of higher priority, then the earlier submission. Responses are held by the server, not timed.
 */
@Timeout(60)
class TransferGroupsTest extends TransferFixture {
    private static final Duration WAIT = Duration.ofSeconds(20);

    /** A request for generated content at {@code path} with {@code priority}. */
    private TransferRequest request(String path, long size, long seed, int priority) {
        server.putGenerated(path, size, seed);
        return new TransferRequest(
                List.of(server.uri(path)), size, "SHA-256", ContentServer.sha256Of(size, seed), name(path), priority);
    }

    @Test
    void theGroupOfHigherPriorityGoesFirstThenTheRequestOfHigherPriority() throws Exception {
        Transferer t = transferer(fast().maxParallel(1).build());
        server.faults("/blocker").holdAfter(10);
        CountDownLatch blocking = server.whenSent("/blocker", 10);
        TransferTask blocker = t.submit(request("/blocker", 100_000, 1, 0), null);
        assertTrue(blocking.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        Transferer.Group low = t.group(1, 1);
        Transferer.Group high = t.group(1, 3);
        List<TransferTask> tasks = new ArrayList<>();
        tasks.add(low.submit(request("/q0", 1000, 10, 3), null));
        tasks.add(low.submit(request("/q1", 1000, 11, 1), null));
        tasks.add(high.submit(request("/q2", 1000, 12, 1), null));
        tasks.add(high.submit(request("/q3", 1000, 13, 2), null));
        server.faults("/blocker").releaseHolds();
        await(blocker);
        for (TransferTask task : tasks) {
            await(task);
        }
        List<String> order = server.log().stream()
                .map(ContentServer.Exchange::path)
                .filter(p -> p.startsWith("/q"))
                .toList();
        assertEquals(List.of("/q3", "/q2", "/q0", "/q1"), order);
    }

    @Test
    void aBatchIsOrderedAsAWholeBeforeItsFirstRequestStarts() throws Exception {
        Transferer.Group g = transferer().group(1, 2);
        List<TransferRequest> batch =
                List.of(request("/r0", 1000, 20, 1), request("/r1", 1000, 21, 3), request("/r2", 1000, 22, 2));
        List<TransferListener> none = Arrays.asList(null, null, null);
        for (TransferTask task : g.submitAll(batch, none)) {
            await(task);
        }
        List<String> order =
                server.log().stream().map(ContentServer.Exchange::path).toList();
        assertEquals(List.of("/r1", "/r2", "/r0"), order, "one at a time, by priority, though r0 came first");
    }

    @Test
    void aGroupKeepsToItsCapWhileTheOverallCapHasRoom() throws Exception {
        Transferer t = transferer();
        Transferer.Group narrow = t.group(1, 2);
        Transferer.Group wide = t.group(4, 2);
        List<CountDownLatch> held = new ArrayList<>();
        for (String p : List.of("/n0", "/w0", "/w1")) {
            server.faults(p).holdAfter(1000);
            held.add(server.whenSent(p, 1000)); // before the request: a latch made later misses bytes already sent
        }
        TransferRequest r0 = request("/n0", 50_000, 1, 2);
        TransferRequest r1 = request("/n1", 50_000, 2, 2);
        TransferTask n0 = narrow.submit(r0, null);
        TransferTask n1 = narrow.submit(r1, null);
        TransferTask w0 = wide.submit(request("/w0", 50_000, 3, 2), null);
        TransferTask w1 = wide.submit(request("/w1", 50_000, 4, 2), null);
        for (CountDownLatch l : held) {
            assertTrue(l.await(WAIT.toSeconds(), TimeUnit.SECONDS));
        }
        // three in flight of an overall four: n1 was submitted before w0 and waits for narrow's one place only
        assertEquals(0, server.requestCount("/n1"), "the narrow group's second file waits for its first");
        server.faults("/n0").releaseHolds();
        assertPublished(await(n0), r0);
        assertPublished(await(n1), r1);
        server.faults("/w0").releaseHolds();
        server.faults("/w1").releaseHolds();
        await(w0);
        await(w1);
        assertEquals(3, server.maxConcurrent());
    }
}
