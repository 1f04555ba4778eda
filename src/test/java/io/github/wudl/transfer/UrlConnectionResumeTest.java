package io.github.wudl.transfer;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/** {@link TransfererResumeTest} again over the HttpURLConnection path (what https and proxied URLs use). */
class UrlConnectionResumeTest extends TransfererResumeTest {
    @BeforeAll
    static void useUrlConnection() {
        System.setProperty("wudl.http.raw", "false");
    }

    @AfterAll
    static void restore() {
        System.clearProperty("wudl.http.raw");
    }
}
