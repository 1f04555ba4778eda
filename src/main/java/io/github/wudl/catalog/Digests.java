package io.github.wudl.catalog;

import java.util.Base64;

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
        if (text.length() == 2 * length) {
            byte[] bytes = hex(text, length);
            if (bytes != null) {
                return bytes;
            }
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

    /** The bytes of {@code length * 2} hex digits, or null at the first other character; one pass, no copies. */
    private static byte[] hex(String s, int length) {
        byte[] out = new byte[length];
        for (int i = 0; i < length; i++) {
            int high = hexValue(s.charAt(2 * i));
            int low = hexValue(s.charAt(2 * i + 1));
            if ((high | low) < 0) {
                return null;
            }
            out[i] = (byte) (high << 4 | low);
        }
        return out;
    }

    /** The value of an ASCII hex digit, or -1 (Character.digit would also take full-width and other digits). */
    static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
    }
}
