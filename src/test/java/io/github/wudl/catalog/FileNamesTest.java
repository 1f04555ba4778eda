package io.github.wudl.catalog;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** A file name must stay inside DIR/&lt;update id&gt;/ on Linux and Windows and not disguise itself. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class FileNamesTest {

    @ParameterizedTest
    @ValueSource(
            strings = {
                "windows11.0-kb5099999-x64.msu",
                "a",
                "CONFIG.SYS",
                "COM10",
                "console.log",
                "con-x.cab",
                "name with spaces.cab",
                "\u00fcber-update.cab",
                "\u65e5\u672c\u8a9e.msu",
                ".hidden",
                "a..b",
                "x-._~!$&'()+,;=@[]"
            })
    void plainNamesAreAccepted(String name) {
        assertNull(FileNames.problem(name), name);
    }

    @Test
    void unpairedSurrogatesAreRefusedAndPairsAccepted() {
        // found by CatalogFuzzTest: "a\uD800" was accepted, then Path.resolve threw InvalidPathException on Linux
        assertNotNull(FileNames.problem("a\uD800.msu"));
        assertNotNull(FileNames.problem("a\uDC00.msu"));
        assertNotNull(FileNames.problem("\uDC00\uD800"));
        assertNotNull(FileNames.problem("a\uD800"));
        assertNull(FileNames.problem("update-\uD83D\uDE00.msu"), "a well-formed pair (an emoji) is plain text");
        assertNotNull(FileNames.problem("a\uDB40\uDC01b"), "U+E0001, an invisible tag character, as a pair");
    }

    @Test
    void nameOfExactly255BytesIsAccepted() {
        assertNull(FileNames.problem("a".repeat(255)));
        assertNull(FileNames.problem("\u00e9".repeat(127) + "a"), "127 x 2 bytes + 1");
        assertNotNull(FileNames.problem("\u00e9".repeat(128)), "256 bytes although 128 characters");
    }

    @ParameterizedTest
    @ValueSource(
            strings = {
                "",
                ".",
                "..",
                "a/b",
                "/etc/passwd",
                "a\\b",
                "..\\..\\boot.ini",
                "../x",
                "C:",
                "C:x.msu",
                "c:\\windows\\x",
                "a.msu:Zone.Identifier",
                "a\u0000b",
                "a\nb",
                "a\tb",
                "a\u007fb",
                "a\u0085b",
                "a\u202egpj.exe",
                "a\u200bb",
                "CON",
                "con",
                "Con.txt",
                "NUL.tar.gz",
                "aux .txt",
                "PRN",
                "COM1",
                "lpt9.log",
                "CONIN$",
                "x.",
                "x ",
                "a<b",
                "a>b",
                "a|b",
                "a?b",
                "a*b",
                "a\"b"
            })
    void unplainNamesAreRefused(String name) {
        assertNotNull(FileNames.problem(name), name);
    }

    @Test
    void catalogFileConstructorKeepsThePromise() {
        URI u = URI.create("https://h/x");
        assertThrows(IllegalArgumentException.class, () -> new CatalogFile("../x", u, List.of(), 1, null, null));
        // a bundle's local file is a file: URI with an absolute path and no host (the reader makes those, issue
        // 15); a host, a query or another scheme is still refused
        assertEquals("file:/b/x", new CatalogFile("x", URI.create("file:/b/x"), List.of(), 1, null, null).urlText());
        for (String bad : List.of("file://server/x", "file:/x?q", "ftp://h/x", "file:x")) {
            assertThrows(
                    IllegalArgumentException.class,
                    () -> new CatalogFile("x", URI.create(bad), List.of(), 1, null, null),
                    bad);
        }
        assertThrows(IllegalArgumentException.class, () -> new CatalogFile("x", u, List.of(), -1, null, null));
        assertThrows(
                IllegalArgumentException.class, () -> new CatalogFile("x", u, List.of(), 1, "SHA-256", new byte[20]));
        assertThrows(IllegalArgumentException.class, () -> new CatalogFile("x", u, List.of(), 1, "MD5", new byte[16]));
        assertThrows(IllegalArgumentException.class, () -> new CatalogFile("x", u, List.of(), 1, "SHA-1", null));
        assertTrue(new CatalogFile("x", u, null, 0, "SHA-1", new byte[20]).verified());
    }
}
