package io.github.wudl.transfer;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

class RedactTest {
    @Test
    void masksUserinfoAndSecretQueryValues() {
        URI u = URI.create("https://user:pa%40ss@host.example/a/b.msu?sig=XYZ&sv=2020&X-Amz-Signature=abc");
        assertEquals("https://***@host.example/a/b.msu?sig=***&sv=2020&X-Amz-Signature=***", Redact.uri(u));
        String text = Redact.text("GET " + u + " failed for user:pa@ss (pa%40ss)", List.of(u));
        assertFalse(text.contains("pa@ss") || text.contains("pa%40ss") || text.contains("XYZ"), text);
        assertEquals("http://h/x", Redact.uri(URI.create("http://h/x")));
        assertEquals(URI.create("https://host.example/a"), Redact.withoutUserInfo(URI.create("https://u:p@host.example/a")));
    }
}
