package io.github.wudl.wua;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.net.URI;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The one redaction of URLs: userinfo and secret query values go, whether the URL is parsed or quoted in text. */
class RedactionTest {
    @Test
    void masksUserinfoAndSecretQueryValues() {
        URI u = URI.create("https://user:pa%40ss@host.example/a/b.msu?sig=XYZ&sv=2020&X-Amz-Signature=abc");
        assertEquals("https://***@host.example/a/b.msu?sig=***&sv=2020&X-Amz-Signature=***", Redaction.uri(u));
        String text = Redaction.text("GET " + u + " failed for user:pa@ss (pa%40ss)", List.of(u));
        assertFalse(text.contains("pa@ss") || text.contains("pa%40ss") || text.contains("XYZ"), text);
        assertEquals("http://h/x", Redaction.uri(URI.create("http://h/x")));
        assertEquals("(none)", Redaction.uri(null));
    }

    @Test
    void freeTextCoversPasswordsWithAtSignsSeveralUrlsAndSecretParameters() {
        assertEquals(
                "see https://***@h/x and http://***@g/", Redaction.text("see https://u:p@ss@h/x and http://tok@g/"));
        assertEquals("no credentials: https://h/x@y", Redaction.text("no credentials: https://h/x@y"));
        assertEquals(
                "\"ftp://***@h/x.cab?sig=***&sv=2020&Token=***#f\"",
                Redaction.text("\"ftp://u:pw@h/x.cab?sig=SECRET&sv=2020&Token=t0k#f\""));
        assertEquals("a=b and x?y=z", Redaction.text("a=b and x?y=z"));
        assertNull(Redaction.text(null));
    }

    @Test
    void redactingTwiceChangesNothing() {
        String once = Redaction.text("https://u:p@h/x?sig=S&v=1 and ftp://t@g/?key=K");
        assertEquals(once, Redaction.text(once));
        URI u = URI.create("https://u:p@h/x?sig=S&v=1");
        assertEquals(Redaction.uri(u), Redaction.text(Redaction.uri(u)));
    }

    @Test
    void anAuthorityJavaCannotSplitIsMaskedAsText() {
        // "u:p@ss@h" is no server authority to java.net.URI (two '@'), so it has no userinfo to mask
        URI u = URI.create("https://u:p@ss@h/x");
        assertNull(u.getRawUserInfo());
        assertEquals("https://***@h/x", Redaction.uri(u));
        assertEquals("https://***@h/x", Redaction.text("" + u, List.of(u)));
    }
}
