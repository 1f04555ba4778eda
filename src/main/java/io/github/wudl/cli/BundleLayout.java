package io.github.wudl.cli;

import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;

/**
 * The files of a bundle folder that {@code wudl bundle} writes and {@code wudl bundle --verify} checks:
 *
 * <pre>
 * DIR/catalog.json                        wudl-catalog/1, content by relative path, "provenance" with "bundle"
 * DIR/content/&lt;update id&gt;/&lt;file name&gt;   the content (hard links to the cache where possible)
 * DIR/SHA256SUMS                          "&lt;sha256&gt;  &lt;relative path&gt;" per file, catalog.json's too
 * DIR/README.txt                          what this is and how to use it
 * </pre>
 */
final class BundleLayout {
    static final String CATALOG = "catalog.json";
    static final String SUMS = "SHA256SUMS";
    static final String README = "README.txt";
    static final String CONTENT = "content";
    /** The provenance key that marks a catalog.json as a bundle's (a folder wudl may add to). */
    static final String MARK = "bundle";

    private BundleLayout() {}

    /** {@code content/<update id>/<file name>}, with '/' as a relative URL and SHA256SUMS write it. */
    static String relativePath(String updateId, String fileName) {
        return CONTENT + "/" + updateId + "/" + fileName;
    }

    /** The relative URL of {@code relativePath}: each segment percent-encoded where a URL needs it. */
    static String url(String relativePath) {
        try {
            // the single-argument path constructor quotes what a path may not hold (spaces, %, non-ASCII stays)
            return new URI(null, null, relativePath, null).getRawPath();
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(relativePath + ": " + e.getReason(), e);
        }
    }

    /** Whether {@code dir} holds a catalog.json that a bundle wrote (not followed through a link). */
    static boolean isBundle(Path dir) {
        Path c = dir.resolve(CATALOG);
        if (!Files.isRegularFile(c, LinkOption.NOFOLLOW_LINKS)) {
            return false;
        }
        try {
            byte[] head = new byte[4096];
            int n;
            try (var in = Files.newInputStream(c, LinkOption.NOFOLLOW_LINKS)) {
                n = in.readNBytes(head, 0, head.length);
            }
            String text = new String(head, 0, n, java.nio.charset.StandardCharsets.UTF_8);
            return text.contains("\"wudl-catalog/1\"") && text.contains("\"" + MARK + "\"");
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
