package io.github.wudl.wua;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.Base64;
import java.util.HexFormat;
import java.util.Locale;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.Size;
import org.junit.jupiter.api.Test;

/** Digest spellings: hex in either case and base64 in both alphabets decode to the same bytes; nothing else does. */
class DigestsTest {
    @Property(tries = 2_000)
    void everySpellingOfADigestDecodesToItsBytes(@ForAll @Size(32) byte[] sha256) {
        String hex = HexFormat.of().formatHex(sha256);
        assertArrayEquals(sha256, Digests.decode(hex, 32));
        assertArrayEquals(sha256, Digests.decode(hex.toUpperCase(Locale.ROOT), 32));
        assertArrayEquals(sha256, Digests.decode(Base64.getEncoder().encodeToString(sha256), 32));
        assertArrayEquals(
                sha256, Digests.decode(Base64.getUrlEncoder().withoutPadding().encodeToString(sha256), 32));
    }

    @Test
    void textThatIsNotADigestOfThatLengthIsRefused() {
        String hex = "00112233445566778899aabbccddeeff00112233445566778899aabbccddeeff";
        assertNull(Digests.decode(hex.substring(2), 32), "too short");
        assertNull(Digests.decode(hex, 20), "a SHA-256 where a SHA-1 belongs");
        assertNull(Digests.decode("g" + hex.substring(1), 32), "not hex, and not base64 of 32 bytes");
        // full-width digits are digits to Character.digit, not to a digest
        assertNull(Digests.decode("\uFF10" + hex.substring(1), 32));
        assertNull(Digests.decode("", 20));
    }
}
