package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.testing.ContentServer;
import io.github.wudl.testing.Generated;
import io.github.wudl.wua.HResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Resume, restarts, stalls, cancel: the partial file and the validators. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class TransfererResumeTest extends TransferFixture {
    private static final long SIZE = 2_000_000;

    @Test
    void resumesAfterDroppedConnectionsWithoutRefetching() throws Exception {
        TransferRequest req = generated("/r.bin", SIZE, 1);
        server.faults("/r.bin").dropAfter(SIZE / 3, 2);
        Recorder rec = new Recorder();
        TransferResult r = await(transferer().submit(req, rec));
        assertPublished(r, req);
        assertEquals(2, r.retries());
        assertEquals(SIZE, r.bytesFetched());
        assertTrue(server.bytesSent("/r.bin") < SIZE * 1.2, "bytes sent " + server.bytesSent("/r.bin"));
        List<ContentServer.Exchange> log = server.log("/r.bin");
        assertEquals(3, log.size());
        // HttpClient may surface the drop a few buffered bytes early: the resume starts at what was stored
        assertTrue(log.get(1).range().startsWith("bytes="), log.get(1).range());
        assertEquals(server.etag("/r.bin"), log.get(1).header("If-Range"));
        assertEquals(206, log.get(1).status());
        assertTrue(rec.grammar().matches("IDP*RP*RP*V"), rec.grammar());
    }

    @Test
    void aLargeFileWrittenWithDirectIoResumesFromAnUnalignedLength() throws Exception {
        // above the direct-I/O threshold (8 MiB); the drops leave part lengths that are not block multiples
        long size = 20_000_003;
        TransferRequest req = generated("/big.bin", size, 11);
        server.faults("/big.bin").dropAfter(7_777_777, 2);
        Recorder rec = new Recorder();
        TransferResult r = await(transferer().submit(req, rec));
        assertPublished(r, req);
        assertEquals(2, r.retries());
        assertEquals(size, r.bytesFetched(), "the resumes fetched only what was missing");
        assertTrue(server.bytesSent("/big.bin") < size + 2 * 1024 * 1024, "bytes sent " + server.bytesSent("/big.bin"));
        List<ContentServer.Exchange> log = server.log("/big.bin");
        assertEquals(3, log.size());
        assertEquals(206, log.get(1).status());
        assertEquals(206, log.get(2).status());
    }

    @Test
    void serverIgnoringRangeMeansRestartFromZero() throws Exception {
        TransferRequest req = generated("/n.bin", SIZE, 2);
        server.faults("/n.bin").dropAfter(SIZE / 2, 1).ignoreRange();
        Recorder rec = new Recorder();
        TransferResult r = await(transferer().submit(req, rec));
        assertPublished(r, req);
        assertEquals(200, server.log("/n.bin").get(1).status());
        assertTrue(rec.progress.contains(0L), "progress went back to zero");
        assertTrue(r.bytesFetched() > SIZE && r.bytesFetched() <= SIZE / 2 + SIZE, "fetched " + r.bytesFetched());
    }

    @Test
    void aChangedEtagRestartsOnce() throws Exception {
        TransferRequest req = generated("/e.bin", SIZE, 3);
        server.faults("/e.bin").dropAfter(SIZE / 2, 1);
        String before = server.etag("/e.bin");
        TransferResult r = await(transferer().submit(req, new Recorder(n -> server.changeEtag("/e.bin"))));
        assertPublished(r, req);
        ContentServer.Exchange second = server.log("/e.bin").get(1);
        assertEquals(before, second.header("If-Range"));
        assertEquals(200, second.status(), "If-Range did not match: the full body");
    }

    @Test
    void anEtagThatKeepsChangingIsContentChanged() throws Exception {
        TransferRequest req = generated("/x.bin", SIZE, 4);
        server.faults("/x.bin").dropAfter(SIZE / 4, 5);
        TransferTask task = transferer().submit(req, new Recorder(n -> server.changeEtag("/x.bin")));
        failure(task, HResult.WU_E_DM_CONTENTCHANGED);
        assertFalse(cache.isPresent(req));
        assertEquals(3, server.requestCount("/x.bin"));
    }

    @Test
    void aStallIsRetriedFromWhereItStopped() throws Exception {
        TransferRequest req = generated("/s.bin", SIZE, 5);
        server.faults("/s.bin").stallAfter(SIZE / 2, 1);
        Recorder rec = new Recorder();
        long t0 = System.nanoTime();
        TransferResult r = await(
                transferer(fast().stallTimeout(Duration.ofMillis(600)).build()).submit(req, rec));
        long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - t0);
        assertPublished(r, req);
        assertEquals(1, r.retries());
        assertTrue(
                server.log("/s.bin").stream()
                        .anyMatch(e -> e.range() != null && e.range().startsWith("bytes=")),
                "resumed with a Range");
        assertTrue(ms >= 550 && ms < 10_000, "stall detected after the stall timeout: " + ms + " ms");
        assertEquals(HResult.WU_E_TIME_OUT.code(), ((io.github.wudl.wua.WuaException) rec.causes.get(0)).hresult());
    }

    @Test
    void cancelIsPromptAndKeepsThePartialFile() throws Exception {
        TransferRequest req = generated("/c.bin", SIZE, 6);
        server.faults("/c.bin").stallAfter(SIZE / 2, 1);
        CountDownLatch midway = server.whenSent("/c.bin", SIZE / 2);
        Transferer t = transferer(fast().stallTimeout(Duration.ofSeconds(30)).build());
        Recorder rec = new Recorder();
        CountDownLatch stored = rec.whenProgress(1);
        TransferTask task = t.submit(req, rec);
        assertTrue(midway.await(10, TimeUnit.SECONDS));
        assertTrue(stored.await(10, TimeUnit.SECONDS));
        long t0 = System.nanoTime();
        task.cancel();
        failure(task, HResult.WU_E_CALL_CANCELLED);
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(2), "cancel is prompt");
        t.close();
        assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3), "close is prompt too");
        // the worker sits in a read of the silent server; letting the server go on wakes it, and being
        // cancelled it stores none of those bytes and releases the file's lock
        server.releaseStalls();
        assertTrue(t.awaitWorkersStopped(Duration.ofSeconds(10)), "the worker left at its next read");
        long kept = cache.partialBytes(req);
        assertTrue(kept > 0 && kept <= SIZE / 2, "partial bytes kept: " + kept);
        assertFalse(cache.isPresent(req));

        // a later run (another Transferer, as after a restart of the process) resumes it
        TransferResult r = await(transferer().submit(req, null));
        assertPublished(r, req);
        assertEquals(SIZE - kept, r.bytesFetched());
        assertEquals("bytes=" + kept + "-", server.log("/c.bin").get(1).range());
    }

    @Test
    void resumesAPartialFileLeftByAKilledProcess() throws Exception {
        TransferRequest req = generated("/k.bin", SIZE, 7);
        byte[] prefix = new byte[700_000];
        Generated.fill(7, 0, prefix, 0, prefix.length);
        Path part = cache.partPath(cache.key(req));
        Files.write(part, prefix); // no .meta: the process died before writing it
        assertEquals(prefix.length, cache.partialBytes(req));
        assertEquals(SIZE - prefix.length, cache.missingBytes(List.of(req, req)));
        TransferResult r = await(transferer().submit(req, null));
        assertPublished(r, req);
        assertEquals(SIZE - prefix.length, r.bytesFetched());
        assertEquals(null, server.log("/k.bin").get(0).header("If-Range"), "no validator known: plain Range");
    }

    @Test
    void aCompletePartialFileIsPublishedWithoutTheNetwork() throws Exception {
        TransferRequest req = generated("/full.bin", 10_000, 8);
        Files.write(cache.partPath(cache.key(req)), Generated.bytes(10_000, 8));
        TransferResult r = await(transferer().submit(req, null));
        assertPublished(r, req);
        assertEquals(0, server.requestCount("/full.bin"));
    }

    @Test
    void aBadResumedFileIsRetriedOnceFromZero() throws Exception {
        TransferRequest req = generated("/bad.bin", 100_000, 9);
        byte[] garbage = new byte[40_000];
        Arrays.fill(garbage, (byte) 7);
        Files.write(cache.partPath(cache.key(req)), garbage);
        TransferResult r = await(transferer().submit(req, null));
        assertPublished(r, req);
        List<ContentServer.Exchange> log = server.log("/bad.bin");
        assertEquals(2, log.size());
        assertEquals("bytes=40000-", log.get(0).range());
        assertEquals(null, log.get(1).range());
    }

    @Test
    void aWrongContentRangeRestartsWithoutRange() throws Exception {
        TransferRequest req = generated("/w.bin", 100_000, 10);
        Files.write(cache.partPath(cache.key(req)), Generated.bytes(30_000, 10));
        server.faults("/w.bin").lieAboutLength(50_000, 1); // 206 with a wrong total
        assertPublished(await(transferer().submit(req, null)), req);
        List<ContentServer.Exchange> log = server.log("/w.bin");
        assertEquals(2, log.size());
        assertEquals("bytes=30000-", log.get(0).range());
        assertEquals(null, log.get(1).range());
    }
}
