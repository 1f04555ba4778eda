package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A retry that restarted from zero is not progress: servers that drop a transfer and then ignore or mangle the
 * Range of the resume must run out the retry budget (they used to be retried for ever, hundreds of requests),
 * while a resume that does get further each time keeps going.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class RetryBudgetTest extends TransferFixture {
    private static final int SIZE = 200_000;

    @Test
    void aServerThatIgnoresRangeAndDropsHalfwayRunsOutTheBudget() throws Exception {
        TransferRequest req = generated("/halfway.bin", SIZE, 51);
        server.faults("/halfway.bin").ignoreRange().dropAfter(SIZE / 2, Integer.MAX_VALUE);
        WuaException e = failure(transferer().submit(req, null), HResult.WU_E_PT_UNEXPECTED);
        // the first attempt, then maxRetries (3) that restart from zero and drop at the same place, then give up
        assertEquals(1 + 3 + 1, server.requestCount("/halfway.bin"), e.getMessage());
        assertTrue(
                e.getMessage().contains("ignores Range")
                        && e.getMessage().contains("after " + SIZE / 2 + " of " + SIZE + " bytes"),
                e.getMessage());
        assertFalse(cache.isPresent(req));
    }

    @Test
    void aWrongContentRangeAfterADropRunsOutTheBudget() throws Exception {
        TransferRequest req = generated("/badrange.bin", SIZE, 52);
        server.faults("/badrange.bin").wrongContentRange().dropAfter(SIZE / 2, Integer.MAX_VALUE);
        WuaException e = failure(transferer().submit(req, null), HResult.WU_E_DM_READRANGEFAILED);
        assertTrue(server.requestCount("/badrange.bin") <= 10, server.requestCount("/badrange.bin") + " requests");
        assertTrue(e.getMessage().contains("Content-Range"), e.getMessage());
    }

    @Test
    void aResumeThatGetsFurtherEachTimeKeepsRetrying() throws Exception {
        TransferRequest req = generated("/steps.bin", SIZE, 53);
        server.faults("/steps.bin").dropAfter(SIZE / 10, 9); // ten responses, each 20,000 bytes further
        TransferResult r = await(transferer().submit(req, null));
        assertPublished(r, req);
        assertEquals(9, r.retries());
        assertEquals(10, server.requestCount("/steps.bin"));
    }

    @Test
    void aRestartFromZeroThatGetsFurtherIsProgress() throws Exception {
        TransferRequest req = generated("/further.bin", SIZE, 54);
        server.faults("/further.bin").ignoreRange().dropAfter(SIZE / 4, 1);
        Recorder rec = new Recorder(n -> {
            if (n == 1) {
                server.faults("/further.bin").dropAfter(SIZE / 2, 1); // the next one restarts and gets further
            }
        });
        TransferResult r = await(transferer().submit(req, rec));
        assertPublished(r, req);
        assertEquals(3, server.requestCount("/further.bin"));
    }
}
