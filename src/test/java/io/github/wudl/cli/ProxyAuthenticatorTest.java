package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.Authenticator;
import java.net.Authenticator.RequestorType;
import java.net.PasswordAuthentication;
import java.net.URL;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Who gets the proxy password: the configured proxy of the request's scheme, and nobody else. */
@Timeout(value = 10, unit = TimeUnit.SECONDS)
class ProxyAuthenticatorTest {
    private final Authenticator auth = ProxyAuthenticator.over(Map.of(
            "http.proxyHost",
            "proxy.corp",
            "http.proxyPort",
            "3128",
            "http.proxyUser",
            "alice",
            "http.proxyPassword",
            "pw")::get);

    @Test
    void answersTheConfiguredProxy() throws Exception {
        PasswordAuthentication pa = ask("PROXY.corp", 3128, "http", RequestorType.PROXY);
        assertEquals("alice", pa.getUserName());
        assertArrayEquals("pw".toCharArray(), pa.getPassword());
    }

    @Test
    void neverAnswersAnOriginOrAnotherProxy() throws Exception {
        assertNull(ask("proxy.corp", 3128, "http", RequestorType.SERVER), "an origin's 401 gets no proxy password");
        assertNull(ask("evil.example", 3128, "http", RequestorType.PROXY));
        assertNull(ask("proxy.corp", 8080, "http", RequestorType.PROXY));
    }

    @Test
    void anHttpsTunnelGetsTheHttpsProxyCredentials() throws Exception {
        Authenticator both = ProxyAuthenticator.over(Map.of(
                "http.proxyHost",
                "proxy.corp",
                "http.proxyPort",
                "3128",
                "http.proxyUser",
                "alice",
                "http.proxyPassword",
                "pw",
                "https.proxyHost",
                "tls.corp",
                "https.proxyPort",
                "8443",
                "https.proxyUser",
                "bob",
                "https.proxyPassword",
                "pw2")::get);
        // the JDK asks with protocol "http" for a CONNECT tunnel: the https URL decides
        PasswordAuthentication pa = both.requestPasswordAuthenticationInstance(
                "tls.corp",
                null,
                8443,
                "http",
                "realm",
                "basic",
                new URL("https://origin.example/x"),
                RequestorType.PROXY);
        assertEquals("bob", pa.getUserName());
        assertNull(
                both.requestPasswordAuthenticationInstance(
                        "tls.corp",
                        null,
                        3128,
                        "http",
                        "realm",
                        "basic",
                        new URL("https://origin.example/x"),
                        RequestorType.PROXY),
                "port of neither proxy");
        assertNull(auth.requestPasswordAuthenticationInstance(
                "proxy.corp",
                null,
                3128,
                "http",
                "realm",
                "basic",
                new URL("https://origin.example/x"),
                RequestorType.SERVER));
    }

    private PasswordAuthentication ask(String host, int port, String protocol, RequestorType type) throws Exception {
        return auth.requestPasswordAuthenticationInstance(
                host, null, port, protocol, "realm", "basic", new URL(protocol + "://origin.example/x"), type);
    }
}
