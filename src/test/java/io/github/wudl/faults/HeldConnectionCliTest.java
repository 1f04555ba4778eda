package io.github.wudl.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.testing.ContentServer;
import io.github.wudl.testing.Generated;
import io.github.wudl.testing.ScriptedServer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code download --stall-timeout 5} against a server that sends the right bytes and then holds the connection
 * open (no Content-Length) used to run until killed. Now it ends, Succeeded, with the file verified.
 */
@Timeout(120)
class HeldConnectionCliTest {
    @TempDir
    Path tmp;

    @Test
    void aServerThatHoldsTheConnectionAfterTheBytesDoesNotHangTheDownload() throws Exception {
        byte[] body = Generated.bytes(500_000, 61);
        try (ScriptedServer server =
                ScriptedServer.start(ScriptedServer.thenHold("HTTP/1.1 200 OK\r\nConnection: close\r\n\r\n", body))) {
            Path catalog = Files.writeString(
                    tmp.resolve("catalog.json"),
                    "{\"format\":\"wudl-catalog/1\",\"updates\":"
                            + "[{\"id\":\"0e5a7c1d-0000-4000-8000-000000000061\",\"title\":\"held\",\"files\":[{\"name\":"
                            + "\"held.bin\",\"url\":\"" + server.uri("/held.bin") + "\",\"size\":" + body.length
                            + ",\"sha256\":\"" + HexFormat.of().formatHex(ContentServer.sha256(body)) + "\"}]}]}");
            long t0 = System.nanoTime();
            ChildCli.Result r = new ChildCli(tmp)
                    .start(
                            "download",
                            "--catalog",
                            catalog.toString(),
                            "--cache",
                            tmp.resolve("cache").toString(),
                            "--stall-timeout",
                            "5")
                    .await(60);
            System.out.println("held connection: wudl ended after " + (System.nanoTime() - t0) / 1_000_000 + " ms");
            assertEquals(0, r.status(), r.toString());
            assertEquals(1, server.requestCount(), "nothing was retried");
            assertTrue(r.out().contains("Succeeded"), r.out());
        }
    }
}
