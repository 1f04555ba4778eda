package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.testing.ContentServer;
import io.github.wudl.testing.Generated;
import io.github.wudl.wua.HResult;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Happy paths, scheduling, dedup and the cache, against a real server and a real directory. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransfererTest extends TransferFixture {

    @Test
    void downloadsAndVerifiesSha256() throws Exception {
        TransferRequest req = generated("/a.msu", 1_500_000, 1);
        Recorder rec = new Recorder();
        TransferResult r = await(transferer().submit(req, rec));
        assertPublished(r, req);
        assertFalse(r.fromCache());
        assertEquals(req.size(), r.bytesFetched());
        assertEquals(0, r.retries());
        assertTrue(r.path().startsWith(cache.root().resolve("objects/sha256")));
        assertTrue(rec.grammar().matches("IDP+V"), rec.grammar());
        assertEquals(req.size(), rec.progress.get(rec.progress.size() - 1));
        assertTrue(rec.progress.size() < 60, "progress is reported in steps, not per read: " + rec.progress.size());
        ContentServer.Exchange e = server.log("/a.msu").get(0);
        assertEquals("identity", e.header("Accept-Encoding"));
        assertEquals("wudl/0.1", e.header("User-Agent"));
        assertEquals(null, e.range());
        assertFalse(Files.exists(cache.partPath(cache.key(req))), "no partial file left");
    }

    @Test
    void downloadsAndVerifiesSha1() throws Exception {
        server.putGenerated("/b.cab", 300_000, 2);
        TransferRequest req = new TransferRequest(
                List.of(server.uri("/b.cab")), 300_000, "SHA-1", ContentServer.sha1Of(300_000, 2), "b.cab", 2);
        TransferResult r = await(transferer().submit(req, null));
        assertTrue(r.path().startsWith(cache.root().resolve("objects/sha1")));
        assertEquals(java.util.HexFormat.of().formatHex(ContentServer.sha256Of(300_000, 2)), r.sha256());
        assertTrue(cache.verify(req));
    }

    @Test
    void unverifiedFilesLandUnderUnverified() throws Exception {
        server.putGenerated("/u.bin", 1000, 3);
        TransferRequest req = new TransferRequest(List.of(server.uri("/u.bin")), 1000, null, null, "u.bin", 2);
        TransferResult r = await(transferer().submit(req, null));
        assertTrue(r.path().startsWith(cache.root().resolve("objects/unverified")));
        assertArrayEquals(Generated.bytes(1000, 3), Files.readAllBytes(r.path()));
    }

    @Test
    void emptyFile() throws Exception {
        server.put("/empty", new byte[0]);
        TransferRequest req = request(List.of(server.uri("/empty")), 0, sha256(new byte[0]));
        TransferResult r = await(transferer().submit(req, null));
        assertEquals(0, Files.size(r.path()));
    }

    @Test
    void runsSeveralTransfersAtOnce() throws Exception {
        Transferer t = transferer(fast().maxParallel(4).build());
        List<TransferRequest> reqs = new ArrayList<>();
        List<CountDownLatch> started = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            TransferRequest req = generated("/p" + i, 200_000, 10 + i);
            server.faults("/p" + i).stallAfter(1000, 1);
            started.add(server.whenSent("/p" + i, 1000));
            reqs.add(req);
        }
        List<TransferTask> tasks = reqs.stream().map(r -> t.submit(r, null)).toList();
        for (CountDownLatch l : started) {
            assertTrue(l.await(10, TimeUnit.SECONDS));
        }
        assertEquals(4, server.maxConcurrent());
        server.releaseStalls(); // each connection closes; each transfer resumes
        for (int i = 0; i < 4; i++) {
            TransferResult r = await(tasks.get(i));
            assertPublished(r, reqs.get(i));
            assertEquals(1, r.retries());
        }
        assertTrue(Thread.getAllStackTraces().keySet().stream()
                .anyMatch(th -> th.getName().startsWith("wudl-transfer-")));
    }

    @Test
    void higherPriorityRunsFirstThenSubmissionOrder() throws Exception {
        Transferer t = transferer(fast().maxParallel(1).build());
        TransferRequest blocker = generated("/blocker", 100_000, 1);
        server.faults("/blocker").stallAfter(10, 1);
        CountDownLatch blocking = server.whenSent("/blocker", 10);
        TransferTask first = t.submit(blocker, null);
        assertTrue(blocking.await(10, TimeUnit.SECONDS));
        List<TransferTask> tasks = new ArrayList<>();
        int[] priorities = {1, 3, 2, 3};
        for (int i = 0; i < priorities.length; i++) {
            server.putGenerated("/q" + i, 1000, i);
            tasks.add(t.submit(
                    new TransferRequest(
                            List.of(server.uri("/q" + i)),
                            1000,
                            "SHA-256",
                            ContentServer.sha256Of(1000, i),
                            "q" + i,
                            priorities[i]),
                    null));
        }
        server.releaseStalls();
        await(first);
        for (TransferTask task : tasks) {
            await(task);
        }
        List<String> order = server.log().stream()
                .map(ContentServer.Exchange::path)
                .filter(p -> p.startsWith("/q"))
                .toList();
        assertEquals(List.of("/q1", "/q3", "/q2", "/q0"), order);
    }

    @Test
    void aCacheHitCostsNoRequest() throws Exception {
        TransferRequest req = generated("/c.bin", 50_000, 4);
        await(transferer().submit(req, null));
        assertEquals(1, server.requestCount("/c.bin"));
        assertTrue(cache.isPresent(req));
        Recorder rec = new Recorder();
        TransferResult again = await(transferer().submit(req, rec));
        assertTrue(again.fromCache());
        assertEquals(0, again.bytesFetched());
        assertEquals(1, server.requestCount("/c.bin"));
        assertEquals("IV", rec.grammar());
        assertEquals(0, cache.missingBytes(List.of(req)));
    }

    @Test
    void aCorruptPublishedFileIsDetectedAndFetchedAgain() throws Exception {
        TransferRequest req = generated("/d.bin", 50_000, 5);
        TransferResult r = await(transferer().submit(req, null));
        byte[] bytes = Files.readAllBytes(r.path());
        bytes[1234] ^= 1;
        Files.write(r.path(), bytes);
        assertTrue(cache.isPresent(req), "same size: looks present");
        assertFalse(cache.verify(req));
        TransferResult again = await(transferer().submit(req, null));
        assertFalse(again.fromCache());
        assertEquals(2, server.requestCount("/d.bin"));
        assertPublished(again, req);
    }

    @Test
    void sameContentSubmittedTwiceIsFetchedOnce() throws Exception {
        TransferRequest req = generated("/e.bin", 500_000, 6);
        server.faults("/e.bin").stallAfter(100_000, 1);
        CountDownLatch midway = server.whenSent("/e.bin", 100_000);
        Transferer t = transferer();
        TransferTask a = t.submit(req, null);
        assertTrue(midway.await(10, TimeUnit.SECONDS));
        Recorder late = new Recorder();
        TransferTask b = t.submit(req, late);
        server.releaseStalls();
        TransferResult ra = await(a);
        TransferResult rb = await(b);
        assertEquals(ra.path(), rb.path());
        assertTrue(late.grammar().startsWith("ID"), late.grammar());
        assertEquals(2, server.requestCount("/e.bin"), "the stalled request and its resume, nothing more");
    }

    @Test
    void cancellingOneOfTwoSharersLeavesTheOtherRunning() throws Exception {
        TransferRequest req = generated("/f.bin", 200_000, 7);
        server.faults("/f.bin").stallAfter(50_000, 1);
        CountDownLatch midway = server.whenSent("/f.bin", 50_000);
        Transferer t = transferer();
        TransferTask a = t.submit(req, null);
        TransferTask b = t.submit(req, null);
        assertTrue(midway.await(10, TimeUnit.SECONDS));
        a.cancel();
        failure(a, HResult.WU_E_CALL_CANCELLED);
        server.releaseStalls();
        assertPublished(await(b), req);
    }

    @Test
    void twoTransferersOnOneCacheFetchOnce() throws Exception {
        TransferRequest req = generated("/g.bin", 400_000, 8);
        server.faults("/g.bin").throttle(2_000_000);
        Transferer one = transferer();
        Transferer two = transferer();
        CountDownLatch started = server.whenRequested("/g.bin", 1);
        TransferTask a = one.submit(req, null);
        assertTrue(started.await(10, TimeUnit.SECONDS));
        TransferTask b = two.submit(req, null);
        TransferResult ra = await(a);
        TransferResult rb = await(b);
        assertEquals(1, server.requestCount("/g.bin"));
        assertFalse(ra.fromCache());
        assertTrue(rb.fromCache());
        assertEquals(ra.path(), rb.path());
    }

    @Test
    void cancelEndsAWaitForAKeyHeldElsewhere() throws Exception {
        TransferRequest req = generated("/held.bin", 100_000, 11);
        server.faults("/held.bin").stallAfter(1000);
        CountDownLatch fetching = server.whenSent("/held.bin", 1000);
        TransferTask holder = transferer().submit(req, null);
        assertTrue(fetching.await(10, TimeUnit.SECONDS));
        TransferTask waiter = transferer().submit(req, null); // another Transferer: waits for the key's lock
        waiter.cancel();
        failure(waiter, HResult.WU_E_CALL_CANCELLED);
        assertEquals(1, server.requestCount("/held.bin"));
        holder.cancel();
        failure(holder, HResult.WU_E_CALL_CANCELLED);
    }

    @Test
    void usesTheJvmDefaultProxySelector() throws Exception {
        server.putGenerated("/via-proxy.bin", 5000, 12);
        java.net.ProxySelector before = java.net.ProxySelector.getDefault();
        java.net.Proxy proxy = new java.net.Proxy(
                java.net.Proxy.Type.HTTP,
                new java.net.InetSocketAddress(java.net.InetAddress.getLoopbackAddress(), server.port()));
        java.net.ProxySelector.setDefault(new java.net.ProxySelector() {
            @Override
            public List<java.net.Proxy> select(java.net.URI uri) {
                return List.of(proxy);
            }

            @Override
            public void connectFailed(java.net.URI uri, java.net.SocketAddress sa, java.io.IOException e) {}
        });
        try {
            TransferRequest req = request(
                    List.of(java.net.URI.create("http://updates.example/via-proxy.bin")),
                    5000,
                    ContentServer.sha256Of(5000, 12));
            assertPublished(await(transferer().submit(req, null)), req);
            assertEquals("updates.example", server.log("/via-proxy.bin").get(0).header("Host"));
        } finally {
            java.net.ProxySelector.setDefault(before);
        }
    }

    @Test
    void closeCancelsEverythingAndStopsThreads() throws Exception {
        TransferRequest req = generated("/h.bin", 100_000, 9);
        server.faults("/h.bin").stallAfter(80_000);
        Transferer t = transferer(fast().maxParallel(2).build());
        Recorder rec = new Recorder();
        CountDownLatch stored = rec.whenProgress(1);
        TransferTask a = t.submit(req, rec);
        TransferTask queued = t.submit(generated("/i.bin", 10, 1), null);
        assertTrue(stored.await(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        t.close();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(4), "close is prompt");
        failure(a, HResult.WU_E_CALL_CANCELLED);
        // the small one may be in flight when close cancels it: its end comes from its worker, soon after
        queued.result().handle((r, e) -> null).get(10, TimeUnit.SECONDS);
        assertTrue(queued.result().isDone());
        failure(t.submit(req, null), HResult.WU_E_SERVICE_STOP);
        assertNotEquals(0, cache.partialBytes(req));
    }
}
