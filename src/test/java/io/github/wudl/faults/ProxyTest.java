package io.github.wudl.faults;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wudl.testing.ContentServer;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Downloads through a corporate-style HTTP proxy: {@link ForwardProxy} on 127.0.0.1, chosen by the standard Java
 * proxy properties given to a child {@code wudl} JVM (as users do through WUDL_JAVA_OPTS). {@code http.nonProxyHosts}
 * is set empty because the JDK's default list bypasses the proxy for 127.*, where the test's origin lives.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ProxyTest {
    private static final String USER = "alice";
    /** Distinctive, so that finding it in any output is not a coincidence. */
    private static final String PASSWORD = "Pr0xy-s3cret-7f3a";

    @TempDir
    Path tmp;

    private ContentServer server;
    private TestCatalog catalog;
    private Path catalogFile;
    private ForwardProxy proxy;

    @BeforeEach
    void setUp() throws IOException {
        server = ContentServer.start();
        catalog = new TestCatalog(server);
        catalog.add("kb1.cab", 300_001, 11);
        catalog.add("kb2.msu", 1_000_003, 12);
        catalogFile = catalog.write(tmp.resolve("catalog.json"));
        server.put("/catalog.json", Files.readAllBytes(catalogFile));
    }

    @AfterEach
    void tearDown() {
        if (proxy != null) {
            proxy.close();
        }
        server.close();
    }

    @Test
    void catalogAndContentGoThroughTheProxy() throws Exception {
        proxy = new ForwardProxy(null, null);
        ChildCli.Result r = cli().run(download(server.uri("/catalog.json").toString()));
        assertEquals(0, r.status(), r.toString());
        assertEquals("Succeeded", report().get("resultCode"));
        for (String path : paths()) {
            assertTrue(proxy.forwarded(path) >= 1, path + " not seen by the proxy: " + proxy.log());
            assertEquals(
                    server.requestCount(path), proxy.forwarded(path), path + ": every request went through the proxy");
        }
    }

    @Test
    void proxyAuthenticationWithoutCredentialsFailsWith407() throws Exception {
        proxy = new ForwardProxy(USER, PASSWORD);
        ChildCli.Result r = cli().run(download(catalogFile.toString()));
        assertEquals(1, r.status(), r.toString());
        for (Object u : (List<?>) report().get("updates")) {
            assertEquals("WU_E_PT_HTTP_STATUS_PROXY_AUTH_REQ", ((Map<?, ?>) u).get("hresultName"), u.toString());
        }
        assertTrue(proxy.refused() >= 2, proxy.log().toString());
        assertEquals(0, server.log().size(), "nothing reached the origin");
    }

    @Test
    void proxyUserAndPasswordPropertiesAuthenticateAndThePasswordIsNeverPrinted() throws Exception {
        proxy = new ForwardProxy(USER, PASSWORD);
        ChildCli.Result r = cli("-Dhttp.proxyUser=" + USER, "-Dhttp.proxyPassword=" + PASSWORD)
                .run(download(server.uri("/catalog.json").toString()));
        assertEquals(0, r.status(), r.toString());
        assertEquals("Succeeded", report().get("resultCode"));
        for (String path : paths()) {
            assertEquals(server.requestCount(path), proxy.forwarded(path), path + ": " + proxy.log());
        }
        assertTrue(proxy.log().stream().filter(s -> s.status() == 0).allMatch(s -> s.proxyAuthorization() != null));
        assertNoSecret(r);
    }

    @Test
    void aWrongProxyPasswordFailsWith407AndIsNeverPrinted() throws Exception {
        proxy = new ForwardProxy(USER, PASSWORD);
        String wrong = "Wr0ng-" + PASSWORD;
        ChildCli.Result r =
                cli("-Dhttp.proxyUser=" + USER, "-Dhttp.proxyPassword=" + wrong).run(download(catalogFile.toString()));
        assertEquals(1, r.status(), r.toString());
        for (Object u : (List<?>) report().get("updates")) {
            assertEquals("WU_E_PT_HTTP_STATUS_PROXY_AUTH_REQ", ((Map<?, ?>) u).get("hresultName"), u.toString());
        }
        assertEquals(0, server.log().size(), "nothing reached the origin");
        System.out.printf("[faults] wrong proxy password: %d requests refused with 407%n", proxy.refused());
        // the JDK re-asks the Authenticator up to 20 times per request; wudl must not retry a 407 on top of that
        assertTrue(proxy.refused() <= 20L * catalog.byDigest().size(), "407s: " + proxy.refused());
        assertNoSecret(r);
        String all = r.out() + r.err() + Files.readString(tmp.resolve("report.json"));
        assertFalse(all.contains(wrong), "the wrong password was printed");
    }

    @Test
    void httpsGoesThroughAnAuthenticatedConnectTunnel() throws Exception {
        proxy = new ForwardProxy(USER, PASSWORD);
        try (TlsOrigin origin = new TlsOrigin(tmp)) {
            StringBuilder updates = new StringBuilder();
            for (int i = 1; i <= 2; i++) {
                byte[] body = new byte[100_000 * i + 3];
                new Random(i).nextBytes(body);
                origin.put("/content/kb" + i + ".cab", body);
                updates.append(i > 1 ? "," : "")
                        .append(String.format(
                                "{\"id\":\"0e5a7c1d-0000-4000-8000-00000000000%d\","
                                        + "\"title\":\"tls %d\",\"files\":[{\"name\":\"kb%d.cab\",\"url\":\"%s\",\"size\":%d,"
                                        + "\"sha256\":\"%s\"}]}",
                                i,
                                i,
                                i,
                                origin.uri("/content/kb" + i + ".cab"),
                                body.length,
                                HexFormat.of().formatHex(ContentServer.sha256(body))));
            }
            origin.put(
                    "/catalog.json",
                    ("{\"format\":\"wudl-catalog/1\",\"updates\":[" + updates + "]}").getBytes(StandardCharsets.UTF_8));
            // https.proxyUser/Password are read by wudl's authenticator; the JDK refuses Basic inside CONNECT
            // unless jdk.http.auth.tunneling.disabledSchemes is emptied, a choice it leaves to the user
            ChildCli cli = new ChildCli(
                    tmp,
                    "-Dhttps.proxyHost=127.0.0.1",
                    "-Dhttps.proxyPort=" + proxy.port(),
                    "-Dhttp.nonProxyHosts=",
                    "-Dhttps.proxyUser=" + USER,
                    "-Dhttps.proxyPassword=" + PASSWORD,
                    "-Djdk.http.auth.tunneling.disabledSchemes=",
                    "-Djavax.net.ssl.trustStore=" + origin.trustStore(),
                    "-Djavax.net.ssl.trustStorePassword=" + TlsOrigin.STORE_PASSWORD);
            ChildCli.Result r = cli.run(download(origin.uri("/catalog.json").toString()));
            assertEquals(0, r.status(), r + " proxy: " + proxy.log());
            assertEquals("Succeeded", report().get("resultCode"));
            for (String path : List.of("/catalog.json", "/content/kb1.cab", "/content/kb2.cab")) {
                assertEquals(1, origin.requestCount(path), path);
            }
            assertTrue(proxy.tunnels() >= 1, proxy.log().toString());
            assertTrue(proxy.refused() >= 1, "the proxy did challenge: " + proxy.log());
            assertTrue(
                    proxy.log().stream().allMatch(s -> s.requestLine().startsWith("CONNECT 127.0.0.1:")),
                    "only tunnels, nothing in clear: " + proxy.log());
            assertNoSecret(r);
        }
    }

    private void assertNoSecret(ChildCli.Result r) throws IOException {
        String basic = Base64.getEncoder().encodeToString((USER + ":" + PASSWORD).getBytes(StandardCharsets.UTF_8));
        for (String text : List.of(r.out(), r.err(), Files.readString(tmp.resolve("report.json")))) {
            assertFalse(text.contains(PASSWORD), "password printed: " + text);
            assertFalse(text.contains(basic), "credentials printed (Base64): " + text);
        }
    }

    private List<String> paths() {
        List<String> paths = new ArrayList<>(List.of("/catalog.json"));
        catalog.byDigest().values().forEach(e -> paths.add(e.path()));
        return paths;
    }

    private ChildCli cli(String... more) {
        List<String> opts = new ArrayList<>(
                List.of("-Dhttp.proxyHost=127.0.0.1", "-Dhttp.proxyPort=" + proxy.port(), "-Dhttp.nonProxyHosts="));
        opts.addAll(List.of(more));
        return new ChildCli(tmp, opts.toArray(String[]::new));
    }

    private String[] download(String catalogLocation) {
        return new String[] {
            "download",
            "--catalog",
            catalogLocation,
            "--cache",
            tmp.resolve("cache").toString(),
            "--report",
            tmp.resolve("report.json").toString()
        };
    }

    private Map<?, ?> report() throws IOException {
        return new ObjectMapper().readValue(tmp.resolve("report.json").toFile(), Map.class);
    }
}
