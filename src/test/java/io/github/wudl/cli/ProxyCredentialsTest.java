package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.Authenticator.RequestorType;
import java.net.PasswordAuthentication;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

@Timeout(value = 10, unit = TimeUnit.SECONDS)
@ResourceLock(Resources.SYSTEM_PROPERTIES)
class ProxyCredentialsTest {
    @AfterEach
    void clear() {
        System.clearProperty("https.proxyUser");
        System.clearProperty("https.proxyPassword");
    }

    @Test
    void answersOnlyTheProxy() {
        System.setProperty("https.proxyUser", "ci");
        System.setProperty("https.proxyPassword", "s3cret");
        ProxyCredentials a = new ProxyCredentials();
        PasswordAuthentication p = ask(a, RequestorType.PROXY);
        assertEquals("ci", p.getUserName());
        assertArrayEquals("s3cret".toCharArray(), p.getPassword());
        assertNull(ask(a, RequestorType.SERVER), "never sent to an origin server");
    }

    private static PasswordAuthentication ask(ProxyCredentials a, RequestorType type) {
        return a.requestPasswordAuthenticationInstance("proxy.example", null, 3128, "https", "realm", "Basic",
                null, type);
    }
}
