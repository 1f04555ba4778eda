package io.github.wudl.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
        return Arbitraries.of(
                "http://mirror.test/catalog.json",
                "https://mirror.test:8443/a/b/catalog.json?v=2#x",
                "http://user:secret@mirror.test/dir/",
                "HTTP://MIRROR.test/x/./y/catalog.json",
                "http://mirror.test/a/../b/catalog.json",
                "http://[::1]:8080/c/catalog.json",
                "http://mirror.test",
                // a base that resolution rewrites: a padded or empty port, a "//" in its path
                "http://mirror.test:080/a/b/catalog.json",
                "http://mirror.test:/a/catalog.json",
                "http://mirror.test/a//b/catalog.json");
    }

    @Provide
    Arbitrary<String> texts() {
        // path-like strings over an alphabet that mixes what the shortcut takes with what it must leave alone
        return Arbitraries.strings()
                .withChars("ab.-_~/%:?#@!$&'()*+,;=09AF ")
                .ofMinLength(1)
                .ofMaxLength(24);
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

    @Provide
    Arbitrary<String> absolutes() {
        // absolute URLs built from parts that sit on both sides of what the plain-URL check takes, mostly good
        Arbitrary<String> scheme = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(8, Arbitraries.of("http://", "https://", "HTTP://", "hTtPs://")),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.of("ftp://", "http:/", "file://", "http:///", "http\u017F://", "HTTP\u017F://")));
        Arbitrary<String> label = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(
                        8, Arbitraries.of("mirror", "a-b", "1", "255", "0", "Example", "com", "1a", "xn--bcher-kva")),
                net.jqwik.api.Tuple.of(
                        1, Arbitraries.of("-x", "x-", "256", "01", "", "_u", "user@h", "[::1]", "h%41")));
        Arbitrary<String> host = label.list().ofMinSize(1).ofMaxSize(5).map(l -> String.join(".", l));
        Arbitrary<String> port = Arbitraries.of("", "", "", ":8080", ":", ":0", ":123456", ":99999", ":x");
        Arbitrary<String> rest = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(
                        3,
                        Arbitraries.strings()
                                .withChars("ab/.%:?@!$&'()*+,;=09AF~_-")
                                .ofMaxLength(20)
                                .map(r -> "/" + r)),
                net.jqwik.api.Tuple.of(
                        1,
                        Arbitraries.strings()
                                .withChars("ab./%:?#@!$&'()*+,;=09AF ~_-[]\\é")
                                .ofMaxLength(20)));
        return net.jqwik.api.Combinators.combine(scheme, host, port, rest).as((s, h, p, r) -> s + h + p + r);
    }

    /**
     * What the plain-URL check takes must be exactly what resolve() makes of it: a URI that parses, needs no
     * normalization, is http(s) with a host, and prints as the same text (so it can be parsed later, lazily).
     */
    @Property(tries = 30_000)
    // text == absolute: which of the two it is, even when both texts are equal
    @SuppressWarnings("ReferenceEquality")
    void plainUrlsAreWhatResolutionGives(
            @ForAll("bases") String baseText, @ForAll("absolutes") String absolute, @ForAll("texts") String relative) {
        URI base = Urls.checkBase(URI.create(baseText));
        for (String text : new String[] {absolute, relative}) {
            String plain = Urls.plainText(base, text);
            net.jqwik.api.statistics.Statistics.label(text == absolute ? "absolute" : "relative")
                    .collect(plain == null ? "general path" : "plain");
            if (plain == null) {
                continue;
            }
            // the oracle is URI's own parse, resolve and normalize, not resolve(), which now uses the shortcut
            URI expected = general(base, text);
            assertNotNull(expected, text);
            assertEquals(expected.toString(), plain, base + " + " + text);
            assertEquals(expected, URI.create(plain), base + " + " + text);
            assertTrue(
                    expected.getScheme().equalsIgnoreCase("http")
                            || expected.getScheme().equalsIgnoreCase("https"),
                    text);
            assertTrue(expected.getHost() != null && !expected.getHost().isEmpty(), text);
            assertEquals(expected, Urls.resolve(base, text), text);
        }
    }

    @Test
    void plainUrlsAreRecognisedWithoutParsing() {
        URI base = Urls.checkBase(URI.create("https://mirror.test/u/catalog.json"));
        for (String plain : new String[] {
            "http://mirror.test/a.cab",
            "HTTPS://10.0.0.1:8443/x/y.cab?sig=a%2Fb&e=1",
            "http://localhost/",
            "http://a-b.example.com/p/q/?"
        }) {
            assertEquals(plain, Urls.plainText(base, plain));
        }
        assertEquals("https://mirror.test/u/files/a.cab", Urls.plainText(base, "files/a.cab"));
        for (String general : new String[] {
            "http://h/./a",
            "http://h/a/..",
            "http://u:p@h/a",
            "http://h/a#f",
            "http://[::1]/a",
            "http://1.2.3.400/a",
            "http://h",
            "http://01.2.3.4/a",
            "http://h/a b",
            "http://h/%zz",
            "http://a.1b/x",
            "ftp://h/a",
            "http\u017F://h/a.cab"
        }) { // a long s upper-cases to S, but is no scheme letter to URI
            assertEquals(null, Urls.plainText(base, general), general);
        }
    }

    @Test
    void plainRelativePathsResolveAgainstTheCatalogsDirectory() {
        URI base = Urls.checkBase(URI.create("https://mirror.test:8443/updates/2026-11/catalog.json?sig=1"));
        assertEquals(
                URI.create("https://mirror.test:8443/updates/2026-11/files/kb5031356%20x64.cab"),
                Urls.resolve(base, "files/kb5031356%20x64.cab"));
        assertEquals(
                URI.create("https://mirror.test:8443/updates/shared/a.cab"), Urls.resolve(base, "../shared/a.cab"));
        assertEquals(URI.create("http://other.test/b.cab"), Urls.resolve(base, "http://other.test/b.cab"));
        assertEquals(URI.create("https://mirror.test:8443/updates/2026-11/c.cab?t=1"), Urls.resolve(base, "c.cab?t=1"));
        assertThrows(IllegalArgumentException.class, () -> Urls.resolve(base, "files/a b.cab"));
        assertThrows(IllegalArgumentException.class, () -> Urls.resolve(base, "ftp://mirror.test/a.cab"));
    }
}
