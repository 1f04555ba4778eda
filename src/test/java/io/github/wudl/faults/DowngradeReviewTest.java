package io.github.wudl.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.testing.ContentServer;
import io.github.wudl.transfer.ContentCache;
import io.github.wudl.transfer.TransferConfig;
import io.github.wudl.transfer.TransferRequest;
import io.github.wudl.transfer.Transferer;
import io.github.wudl.transfer.Warnings;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A hostile review of issue 11 item 13: content redirected from https to plain http is followed because its
 * digest still checks it. A file the catalog gives no digest ({@code --allow-unverified}) has nothing but https
 * to protect it, so its downgrade is refused like a catalog's, and no warning claims a digest check.
 */
@Timeout(120)
class DowngradeReviewTest {
    @TempDir
    Path tmp;

    @Test
    void aFileWithoutADigestIsNotFollowedFromHttpsToHttp() throws Exception {
        try (TlsOrigin origin = new TlsOrigin(tmp);
                ContentServer plain = ContentServer.start()) {
            byte[] body = "unchecked bytes".getBytes(StandardCharsets.UTF_8);
            plain.put("/u.bin", body);
            origin.redirect("/u.bin", plain.uri("/u.bin").toString());
            List<String> warnings = new CopyOnWriteArrayList<>();
            TransferConfig config = TransferConfig.builder()
                    .sslContext(trusting(origin.trustStore()))
                    .warnings(new Warnings(warnings::add))
                    .maxRetries(0)
                    .build();
            TransferRequest req =
                    new TransferRequest(List.of(origin.uri("/u.bin")), body.length, null, null, "u.bin", 2);
            try (Transferer t = new Transferer(config, new ContentCache(tmp.resolve("cache")))) {
                ExecutionException e = assertThrows(
                        ExecutionException.class,
                        () -> t.submit(req, null).result().get(30, TimeUnit.SECONDS));
                WuaException w = (WuaException) e.getCause();
                assertEquals(HResult.E_ACCESSDENIED.code(), w.hresult(), w.getMessage());
                assertTrue(
                        w.getMessage().contains("to plain http (" + plain.uri("/u.bin") + ")")
                                && w.getMessage().contains("no digest"),
                        w.getMessage());
            }
            assertEquals(0, plain.requestCount("/u.bin"), "the http URL was not fetched");
            assertEquals(List.of(), warnings, "no warning says these bytes are checked against a digest");
        }
    }

    private static SSLContext trusting(Path trustStore) throws Exception {
        KeyStore ks = KeyStore.getInstance("PKCS12");
        try (InputStream in = Files.newInputStream(trustStore)) {
            ks.load(in, TlsOrigin.STORE_PASSWORD.toCharArray());
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, tmf.getTrustManagers(), null);
        return ctx;
    }
}
