package io.github.wudl.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.net.URI;
import java.net.URISyntaxException;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import org.junit.jupiter.api.Test;

/** URL resolution: the shortcut for plain relative paths must give exactly what URI's own resolution gives. */
class UrlsTest {
    /** What resolve() computes without its shortcut; null where that refuses the text. */
    private static URI general(URI base, String text) {
        try {
            URI given = new URI(text);
            return given.isAbsolute() ? given.normalize() : base.resolve(given).normalize();
        } catch (URISyntaxException e) {
            return null;
        }
    }

    @Provide
    Arbitrary<String> bases() {
        return Arbitraries.of("http://mirror.test/catalog.json", "https://mirror.test:8443/a/b/catalog.json?v=2#x",
                "http://user:secret@mirror.test/dir/", "HTTP://MIRROR.test/x/./y/catalog.json",
                "http://mirror.test/a/../b/catalog.json", "http://[::1]:8080/c/catalog.json", "http://mirror.test");
    }

    @Provide
    Arbitrary<String> texts() {
        // path-like strings over an alphabet that mixes what the shortcut takes with what it must leave alone
        return Arbitraries.strings().withChars("ab.-_~/%:?#@!$&'()*+,;=09AF ").ofMinLength(1).ofMaxLength(24);
    }

    @Property(tries = 20_000)
    void resolvingGivesWhatUriResolutionGives(@ForAll("bases") String baseText, @ForAll("texts") String text) {
        URI base = Urls.checkBase(URI.create(baseText));
        URI expected = general(base, text);
        URI actual;
        try {
            actual = Urls.resolve(base, text);
        } catch (IllegalArgumentException refused) {
            actual = null; // refused: not http(s), no host, or not a URI at all
        }
        if (actual != null) {
            assertEquals(expected, actual, base + " + " + text);
            assertEquals(expected.toString(), actual.toString(), base + " + " + text);
        }
    }

    @Test
    void plainRelativePathsResolveAgainstTheCatalogsDirectory() {
        URI base = Urls.checkBase(URI.create("https://mirror.test:8443/updates/2026-11/catalog.json?sig=1"));
        assertEquals(URI.create("https://mirror.test:8443/updates/2026-11/files/kb5031356%20x64.cab"),
                Urls.resolve(base, "files/kb5031356%20x64.cab"));
        assertEquals(URI.create("https://mirror.test:8443/updates/shared/a.cab"), Urls.resolve(base, "../shared/a.cab"));
        assertEquals(URI.create("http://other.test/b.cab"), Urls.resolve(base, "http://other.test/b.cab"));
        assertEquals(URI.create("https://mirror.test:8443/updates/2026-11/c.cab?t=1"), Urls.resolve(base, "c.cab?t=1"));
        assertThrows(IllegalArgumentException.class, () -> Urls.resolve(base, "files/a b.cab"));
        assertThrows(IllegalArgumentException.class, () -> Urls.resolve(base, "ftp://mirror.test/a.cab"));
    }
}
