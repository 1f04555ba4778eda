package io.github.wudl.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.testing.ContentServer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Base64;
import java.util.HexFormat;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * An https server with a self-signed certificate: refused by default with a message that says what to do,
 * accepted with {@code --truststore} (a PKCS12 store, or the certificate as PEM), and there is no switch that
 * trusts everything.
 */
@Timeout(120)
class TrustStoreTest {
    @TempDir
    Path tmp;

    private String catalog(TlsOrigin origin) {
        byte[] body = new byte[70_001];
        new Random(7).nextBytes(body);
        origin.put("/content/kb.cab", body);
        String json = String.format(
                "{\"format\":\"wudl-catalog/1\",\"updates\":[{\"id\":"
                        + "\"0e5a7c1d-0000-4000-8000-000000000042\",\"title\":\"tls\",\"files\":[{\"name\":\"kb.cab\","
                        + "\"url\":\"%s\",\"size\":%d,\"sha256\":\"%s\"}]}]}",
                origin.uri("/content/kb.cab"), body.length, HexFormat.of().formatHex(ContentServer.sha256(body)));
        origin.put("/catalog.json", json.getBytes(StandardCharsets.UTF_8));
        return origin.uri("/catalog.json").toString();
    }

    private String[] download(String catalog, String... more) {
        String[] base = {
            "download", "--catalog", catalog, "--cache", tmp.resolve("cache").toString()
        };
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    @Test
    void aSelfSignedServerIsRefusedByDefaultWithAMessageSayingWhatToDo() throws Exception {
        try (TlsOrigin origin = new TlsOrigin(tmp)) {
            ChildCli.Result r = new ChildCli(tmp).run(download(catalog(origin)));
            assertEquals(2, r.status(), r.toString()); // the catalog itself cannot be fetched: bad input
            assertTrue(r.err().contains("TLS handshake") && r.err().contains("--truststore"), r.err());
            assertFalse(r.err().contains("\tat "), "one message, no stack trace: " + r.err());
            assertEquals(0, origin.requestCount("/content/kb.cab"));
        }
    }

    @Test
    void aPkcs12TrustStoreIsAccepted() throws Exception {
        try (TlsOrigin origin = new TlsOrigin(tmp)) {
            ChildCli.Result r = new ChildCli(tmp)
                    .run(download(
                            catalog(origin), "--truststore", origin.trustStore().toString()));
            assertEquals(0, r.status(), r.toString());
            assertEquals(1, origin.requestCount("/content/kb.cab"));
        }
    }

    @Test
    void aPemCertificateIsAcceptedAndGarbageIsRefused() throws Exception {
        try (TlsOrigin origin = new TlsOrigin(tmp)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (var in = Files.newInputStream(origin.trustStore())) {
                ks.load(in, TlsOrigin.STORE_PASSWORD.toCharArray());
            }
            String pem = "-----BEGIN CERTIFICATE-----\n"
                    + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                            .encodeToString(ks.getCertificate(ks.aliases().nextElement())
                                    .getEncoded())
                    + "\n-----END CERTIFICATE-----\n";
            Path pemFile = Files.writeString(tmp.resolve("origin.pem"), pem);
            String catalog = catalog(origin);
            assertEquals(
                    0,
                    new ChildCli(tmp)
                            .run(download(catalog, "--truststore", pemFile.toString()))
                            .status());

            Path junk = Files.writeString(tmp.resolve("junk.pem"), "not a certificate");
            ChildCli.Result bad = new ChildCli(tmp).run(download(catalog, "--truststore", junk.toString()));
            assertEquals(2, bad.status(), bad.toString());
            assertTrue(bad.err().contains("--truststore") && bad.err().contains("no certificate"), bad.err());
        }
    }
}
