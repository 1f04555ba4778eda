package io.github.wudl.wua;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * The digest vocabulary the catalog and the transfer engine share: the two algorithms by their Java names
 * ({@link #SHA256}, {@link #SHA1}), how long their digests are, the spellings a catalog may use for an
 * algorithm, how a digest is written (hex in either case, or base64 in either alphabet, padding optional)
 * and how one is shown (lower-case hex).
 */
public final class Digests {
    /** The preferred algorithm, by the name {@link java.security.MessageDigest} knows it. */
    public static final String SHA256 = "SHA-256";
    /** The older algorithm some catalogs still give, by its Java name. */
    public static final String SHA1 = "SHA-1";

    private Digests() {}

    /** The number of bytes a digest of {@code algorithm} ({@link #SHA256} or {@link #SHA1}) has. */
    public static int length(String algorithm) {
        switch (algorithm) {
            case SHA256:
                return 32;
            case SHA1:
                return 20;
            default:
                throw new IllegalArgumentException("unknown digest algorithm " + algorithm);
        }
    }

    /**
     * {@link #SHA256} or {@link #SHA1} for the spellings a catalog may use (case, '-' and '_' ignored:
     * "sha256", "SHA_1"); a {@link WuaException} with WU_E_DM_UNKNOWNALGORITHM for any other.
     */
    public static String normalize(String algorithm) {
        String a = algorithm.replace("-", "").replace("_", "").toUpperCase(Locale.ROOT);
        switch (a) {
            case "SHA256":
                return SHA256;
            case "SHA1":
                return SHA1;
            default:
                throw new WuaException(
                        HResult.WU_E_DM_UNKNOWNALGORITHM,
                        "The digest algorithm '" + algorithm
                                + "' is not supported; the catalog must give sha256 (preferred) or sha1.");
        }
    }

    /**
     * The bytes of {@code text}, or null when it is neither hex nor base64 of exactly {@code length} bytes.
     * The two spellings cannot be confused: hex of n bytes has 2n characters, base64 about 4n/3.
     */
    public static byte[] decode(String text, int length) {
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

    /**
     * The digests of {@code file} with each of {@code algorithms} ({@link #SHA256}, {@link #SHA1}), in lower-case
     * hex and in that order, from one read of the file; {@code options} are those of the open
     * ({@link java.nio.file.LinkOption#NOFOLLOW_LINKS} to refuse a link).
     */
    public static List<String> ofFile(Path file, List<String> algorithms, OpenOption... options) throws IOException {
        List<MessageDigest> digests = new ArrayList<>();
        for (String a : algorithms) {
            try {
                digests.add(MessageDigest.getInstance(a));
            } catch (NoSuchAlgorithmException e) {
                throw new IllegalArgumentException(a + " is not a digest algorithm of this JDK", e);
            }
        }
        byte[] buf = new byte[1 << 16];
        try (InputStream in = Files.newInputStream(file, options)) {
            for (int n; (n = in.read(buf)) > 0; ) {
                for (MessageDigest md : digests) {
                    md.update(buf, 0, n);
                }
            }
        }
        List<String> out = new ArrayList<>();
        for (MessageDigest md : digests) {
            out.add(HexFormat.of().formatHex(md.digest()));
        }
        return out;
    }

    /** A digest as messages and reports show it: lower-case hex; "(none)" for null. */
    public static String hex(byte[] digest) {
        return digest == null ? "(none)" : HexFormat.of().formatHex(digest);
    }

    /** The value of an ASCII hex digit, or -1 (Character.digit would also take full-width and other digits). */
    public static int hexValue(char c) {
        if (c >= '0' && c <= '9') {
            return c - '0';
        }
        if (c >= 'a' && c <= 'f') {
            return c - 'a' + 10;
        }
        return c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;
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
}
