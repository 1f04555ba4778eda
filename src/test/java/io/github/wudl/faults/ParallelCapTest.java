package io.github.wudl.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.portable.PortableOptions;
import io.github.wudl.testing.ContentServer;
import io.github.wudl.transfer.TransferConfig;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** WUDL_PARALLEL=100000 once started 9,077 threads: files in flight are capped, and the command says so once. */
@Timeout(120)
class ParallelCapTest {
    @TempDir
    Path tmp;

    @Test
    void filesInFlightAreCapped() {
        assertEquals(
                TransferConfig.MAX_PARALLEL,
                TransferConfig.builder().maxParallel(100_000).build().maxParallel());
        assertEquals(
                TransferConfig.MAX_PARALLEL,
                PortableOptions.builder().parallel(100_000).build().parallelOverride());
        assertEquals(3, PortableOptions.builder().parallel(3).build().parallelOverride());
    }

    @Test
    void aHugeWudlParallelIsCappedWithOneWarningLine() throws Exception {
        try (ContentServer server = ContentServer.start()) {
            TestCatalog catalog = new TestCatalog(server);
            for (int i = 0; i < 3; i++) {
                catalog.add("f" + i + ".bin", 10_000, i);
            }
            Path file = catalog.write(tmp.resolve("catalog.json"));
            ChildCli.Result r = new ChildCli(tmp)
                    .start(
                            Map.of("WUDL_PARALLEL", "100000"),
                            "download",
                            "--catalog",
                            file.toString(),
                            "--cache",
                            tmp.resolve("cache").toString())
                    .await(60);
            assertEquals(0, r.status(), r.toString());
            long lines =
                    r.err().lines().filter(l -> l.contains("WUDL_PARALLEL")).count();
            assertEquals(1, lines, r.err());
            assertTrue(r.err().contains("100000") && r.err().contains("using " + TransferConfig.MAX_PARALLEL), r.err());
        }
    }
}
