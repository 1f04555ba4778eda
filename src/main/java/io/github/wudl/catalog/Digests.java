package io.github.wudl.catalog;

import java.util.Base64;
import java.util.HexFormat;

/** Reads a digest written in hex (either case) or base64 (standard or URL-safe, padding optional). */
final class Digests {
    static final String SHA256 = "SHA-256";
    static final String SHA1 = "SHA-1";

    private Digests() {
    }

    /** The number of bytes a digest of {@code algorithm} has. */
    static int length(String algorithm) {
        switch (algorithm) {
            case SHA256: return 32;
            case SHA1: return 20;
            default: throw new IllegalArgumentException("unknown digest algorithm " + algorithm);
        }
    }

    /**
     * The bytes of {@code text}, or null when it is neither hex nor base64 of exactly {@code length} bytes.
     * The two spellings cannot be confused: hex of n bytes has 2n characters, base64 about 4n/3.
     */
    static byte[] decode(String text, int length) {
        if (text.length() == 2 * length && isHex(text)) {
            return HexFormat.of().parseHex(text);
        }
        for (Base64.Decoder decoder : new Base64.Decoder[] {Base64.getDecoder(), Base64.getUrlDecoder()}) {
            try {
                byte[] bytes = decoder.decode(text);
                if (bytes.length == length) {
                    return bytes;
                }
            } catch (IllegalArgumentException notThisAlphabet) {
                // try the next alphabet
            }
        }
        return null;
    }

    private static boolean isHex(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            // ASCII only: Character.digit would also take full-width and other Unicode digits
            boolean hex = (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
            if (!hex) {
                return false;
            }
        }
        return true;
    }
}
