package io.github.wudl.transfer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link HostileServerTest} again over the HttpURLConnection path (what https and proxied URLs use). */
class HostileServerUrlConnectionTest extends HostileServerTest {
    @BeforeAll
    static void useUrlConnection() {
        System.setProperty("wudl.http.raw", "false");
    }

    @AfterAll
    static void restore() {
        System.clearProperty("wudl.http.raw");
    }
}
