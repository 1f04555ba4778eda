package io.github.wudl.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.testing.ContentServer;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.HexFormat;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trust, through the real command: an https catalog that redirects to http is refused, content redirected so
 * is followed with one warning per host, a plain-http catalog is warned about once; and the messages for a TLS
 * name mismatch, a wrong trust-store password and a catalog redirected to another scheme say what happened.
 */
@Timeout(180)
class TrustMessagesTest {
    @TempDir
    Path tmp;

    private String[] download(String catalog, String... more) {
        String[] base = {
            "download", "--catalog", catalog, "--cache", tmp.resolve("cache").toString()
        };
        String[] all = java.util.Arrays.copyOf(base, base.length + more.length);
        System.arraycopy(more, 0, all, base.length, more.length);
        return all;
    }

    private static String catalogJson(String... fileEntries) {
        StringBuilder u = new StringBuilder();
        for (int i = 0; i < fileEntries.length; i++) {
            u.append(i == 0 ? "" : ",")
                    .append("{\"id\":\"0e5a7c1d-0000-4000-8000-00000000010")
                    .append(i)
                    .append("\",\"title\":\"t")
                    .append(i)
                    .append("\",\"files\":[")
                    .append(fileEntries[i])
                    .append("]}");
        }
        return "{\"format\":\"wudl-catalog/1\",\"updates\":[" + u + "]}";
    }

    private static String file(String name, String url, byte[] body) {
        return "{\"name\":\"" + name + "\",\"url\":\"" + url + "\",\"size\":" + body.length + ",\"sha256\":\""
                + HexFormat.of().formatHex(ContentServer.sha256(body)) + "\"}";
    }

    @Test
    void anHttpsCatalogThatRedirectsToHttpIsRefused() throws Exception {
        try (TlsOrigin origin = new TlsOrigin(tmp);
                ContentServer plain = ContentServer.start()) {
            plain.put("/catalog.json", catalogJson().getBytes(StandardCharsets.UTF_8));
            origin.redirect("/catalog.json", plain.uri("/catalog.json").toString());
            ChildCli.Result r = new ChildCli(tmp)
                    .run(download(
                            origin.uri("/catalog.json").toString(),
                            "--truststore",
                            origin.trustStore().toString()));
            assertEquals(2, r.status(), r.toString());
            assertTrue(
                    r.err()
                            .contains("Could not fetch " + origin.uri("/catalog.json") + ": the server redirects it"
                                    + " to plain http (" + plain.uri("/catalog.json") + ")"),
                    r.err());
            assertTrue(r.err().contains("https URL"), r.err());
            assertEquals(0, plain.requestCount("/catalog.json"), "the http URL was not fetched");
        }
    }

    @Test
    void contentRedirectedToHttpIsFetchedWithOneWarningPerHost() throws Exception {
        try (TlsOrigin origin = new TlsOrigin(tmp);
                ContentServer plain = ContentServer.start()) {
            byte[] a = "first file".getBytes(StandardCharsets.UTF_8);
            byte[] b = "second file".getBytes(StandardCharsets.UTF_8);
            plain.put("/a.bin", a);
            plain.put("/b.bin", b);
            origin.redirect("/a.bin", plain.uri("/a.bin").toString());
            origin.redirect("/b.bin", plain.uri("/b.bin").toString());
            origin.put(
                    "/catalog.json",
                    catalogJson(
                                    file("a.bin", origin.uri("/a.bin").toString(), a),
                                    file("b.bin", origin.uri("/b.bin").toString(), b))
                            .getBytes(StandardCharsets.UTF_8));
            ChildCli.Result r = new ChildCli(tmp)
                    .run(download(
                            origin.uri("/catalog.json").toString(),
                            "--truststore",
                            origin.trustStore().toString()));
            assertEquals(0, r.status(), r.toString());
            assertEquals(
                    1,
                    r.err()
                            .lines()
                            .filter(l -> l.contains("redirects to plain http"))
                            .count(),
                    r.err());
            assertTrue(r.err().contains("digests"), r.err());
            assertFalse(r.err().contains("travel unprotected"), "an https catalog is not warned about: " + r.err());
        }
    }

    @Test
    void aPlainHttpCatalogIsWarnedAboutOnce() throws Exception {
        try (ContentServer plain = ContentServer.start()) {
            byte[] a = "a file".getBytes(StandardCharsets.UTF_8);
            plain.put("/a.bin", a);
            plain.put(
                    "/catalog.json",
                    catalogJson(file("a.bin", plain.uri("/a.bin").toString(), a))
                            .getBytes(StandardCharsets.UTF_8));
            ChildCli.Result r =
                    new ChildCli(tmp).run(download(plain.uri("/catalog.json").toString()));
            assertEquals(0, r.status(), r.toString());
            assertEquals(
                    1,
                    r.err()
                            .lines()
                            .filter(l -> l.contains("travel unprotected"))
                            .count(),
                    r.err());
            assertTrue(r.err().contains(plain.uri("/catalog.json") + " is fetched over plain http"), r.err());
        }
    }

    @Test
    void aCatalogRedirectedToAnotherSchemeSaysSoInOneSentence() throws Exception {
        try (ContentServer plain = ContentServer.start()) {
            plain.redirect("/catalog.json", "ftp://127.0.0.1/catalog.json");
            ChildCli.Result r =
                    new ChildCli(tmp).run(download(plain.uri("/catalog.json").toString()));
            assertEquals(2, r.status(), r.toString());
            assertTrue(
                    r.err().contains("Could not fetch " + plain.uri("/catalog.json") + ": only http and https"),
                    r.err());
            assertFalse(r.err().contains("partial file"), "a catalog has no partial file: " + r.err());
        }
    }

    @Test
    void aStalledCatalogDoesNotMentionAPartialFile() throws Exception {
        try (ContentServer plain = ContentServer.start()) {
            plain.put("/catalog.json", catalogJson().getBytes(StandardCharsets.UTF_8));
            plain.faults("/catalog.json").failNext(503, Integer.MAX_VALUE);
            ChildCli.Result r =
                    new ChildCli(tmp).run(download(plain.uri("/catalog.json").toString()));
            assertEquals(2, r.status(), r.toString());
            assertTrue(r.err().contains("HTTP 503"), r.err());
            assertFalse(r.err().contains("partial file"), "a catalog has no partial file: " + r.err());
        }
    }

    @Test
    void aCertificateForAnotherNameSaysSoAndThatTruststoreDoesNotHelp() throws Exception {
        try (TlsOrigin origin = new TlsOrigin(tmp)) {
            origin.put("/catalog.json", catalogJson().getBytes(StandardCharsets.UTF_8));
            String byName = origin.uri("/catalog.json").toString().replace("127.0.0.1", "localhost");
            ChildCli.Result r = new ChildCli(tmp)
                    .run(download(byName, "--truststore", origin.trustStore().toString()));
            assertEquals(2, r.status(), r.toString());
            assertTrue(r.err().contains("is for 127.0.0.1, not for localhost"), r.err());
            assertTrue(r.err().contains("--truststore does not help"), r.err());
            assertFalse(r.err().contains("trust it with"), r.err());
        }
    }

    @Test
    void aWrongTrustStorePasswordIsNamedAsSuch() throws Exception {
        try (TlsOrigin origin = new TlsOrigin(tmp)) {
            KeyStore ks = KeyStore.getInstance("PKCS12");
            try (InputStream in = Files.newInputStream(origin.trustStore())) {
                ks.load(in, TlsOrigin.STORE_PASSWORD.toCharArray());
            }
            Path store = tmp.resolve("private.p12");
            try (OutputStream o = Files.newOutputStream(store)) {
                ks.store(o, "s3cret-store".toCharArray());
            }
            String catalog = origin.uri("/catalog.json").toString();
            ChildCli.Result wrong = new ChildCli(tmp)
                    .start(
                            Map.of("WUDL_TRUSTSTORE_PASSWORD", "not-it"),
                            download(catalog, "--truststore", store.toString()))
                    .await(60);
            assertEquals(2, wrong.status(), wrong.toString());
            assertTrue(wrong.err().contains("WUDL_TRUSTSTORE_PASSWORD does not open it"), wrong.err());
            assertFalse(wrong.err().contains("no certificate"), wrong.err());
            assertFalse(wrong.err().contains("not-it"), "the password is never printed: " + wrong.err());

            ChildCli.Result none = new ChildCli(tmp).run(download(catalog, "--truststore", store.toString()));
            assertEquals(2, none.status(), none.toString());
            assertTrue(none.err().contains("set WUDL_TRUSTSTORE_PASSWORD"), none.err());
        }
    }
}
