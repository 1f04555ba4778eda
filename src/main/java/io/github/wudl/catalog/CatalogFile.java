package io.github.wudl.catalog;

import io.github.wudl.wua.Digests;
import io.github.wudl.wua.Redaction;
import java.net.URI;
import java.net.URISyntaxException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Objects;

/**
 * One content file of a catalog update (or its bootstrapper). Immutable.
 *
 * <p>Promises, checked when the value is made (an {@link IllegalArgumentException} otherwise):
 * {@code name} is a plain file name (no separators, no {@code ..}, no drive letter, no control character,
 * at most 255 UTF-8 bytes, not a Windows device name); {@code url} and every mirror are absolute http(s)
 * URIs, or the {@code file:} URI of a local file with an absolute path and no host (what the reader makes of
 * a relative path inside the folder of a catalog read from disk, a bundle's; a catalog cannot write one); {@code size >= 0}; {@code digestAlgorithm} is {@code "SHA-256"}, {@code "SHA-1"} or null, and
 * {@code digest} has that algorithm's length (32 or 20 bytes), or is null together with the algorithm (an
 * unverified file, accepted only under {@link CatalogOptions#allowUnverified()}).
 *
 * <p>{@link #digest()} returns a copy; {@link #equals} compares digests by content. {@link #toString()}
 * hides credentials in URLs. (A class rather than a record so that a catalog's reader can leave a URL as text
 * until it is first asked for: a record parses every URL of a 50,000-file catalog when it is read.)
 */
public final class CatalogFile {
    private final String name;
    /** The URL's text; {@link #url} is parsed from it on first use. */
    private final String urlText;

    private volatile URI url;
    private final List<URI> mirrors;
    private final long size;
    private final String digestAlgorithm;
    private final byte[] digest;
    /** The catalog's SHA-1 when it also gave the SHA-256 that {@link #digest} holds; checked as well. */
    private final byte[] sha1Also;

    /**
     * @param name            the file name the content is stored under
     * @param url             where to fetch it, resolved against the catalog's location
     * @param mirrors         other places with the same bytes, tried after {@code url}, resolved; duplicates
     *                        dropped; null for none
     * @param size            the exact size in bytes
     * @param digestAlgorithm {@code "SHA-256"} (preferred when the catalog gives both), {@code "SHA-1"}, or null
     * @param digest          the expected digest (copied), or null
     * @throws IllegalArgumentException when a promise of this class is broken
     */
    public CatalogFile(String name, URI url, List<URI> mirrors, long size, String digestAlgorithm, byte[] digest) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(url, "url");
        String bad = FileNames.problem(name);
        if (bad != null) {
            throw new IllegalArgumentException("file name \"" + name + "\" " + bad);
        }
        checkHttp(url);
        List<URI> unique = new ArrayList<>();
        for (URI m : mirrors == null ? List.<URI>of() : mirrors) {
            checkHttp(Objects.requireNonNull(m, "mirror"));
            if (!m.equals(url) && !unique.contains(m)) {
                unique.add(m);
            }
        }
        checkDigest(size, digestAlgorithm, digest);
        this.name = name;
        this.urlText = url.toString();
        this.url = url;
        this.mirrors = List.copyOf(unique);
        this.size = size;
        this.digestAlgorithm = digestAlgorithm;
        this.digest = digest == null ? null : digest.clone();
        this.sha1Also = null;
    }

    private CatalogFile(CatalogFile f, byte[] sha1Also) {
        this.name = f.name;
        this.urlText = f.urlText;
        this.url = f.url;
        this.mirrors = f.mirrors;
        this.size = f.size;
        this.digestAlgorithm = f.digestAlgorithm;
        this.digest = f.digest;
        this.sha1Also = sha1Also;
    }

    /**
     * This file with a SHA-1 to check besides its SHA-256 (a catalog that gives both is checked against
     * both: a download must match every digest given). Only for a file whose digest is a SHA-256.
     */
    public CatalogFile withSha1Also(byte[] sha1) {
        if (!Digests.SHA256.equals(digestAlgorithm) || sha1 == null || sha1.length != Digests.length(Digests.SHA1)) {
            throw new IllegalArgumentException("a second SHA-1 goes only with a SHA-256 digest, and has 20 bytes");
        }
        return new CatalogFile(this, sha1.clone());
    }

    private CatalogFile(String name, String urlText, long size, String digestAlgorithm, byte[] digest) {
        checkDigest(size, digestAlgorithm, digest);
        this.name = name;
        this.urlText = urlText;
        this.mirrors = List.of();
        this.size = size;
        this.digestAlgorithm = digestAlgorithm;
        this.digest = digest;
        this.sha1Also = null;
    }

    /**
     * For {@link UpdateBinder}, which has checked {@code name} with {@link FileNames#problem} and {@code urlText}
     * with {@link Urls#plainText} (so it is an absolute http(s) URL that parses to itself), and hands over a
     * fresh {@code digest}. The URL is parsed when first asked for: most files of a large catalog never are.
     */
    static CatalogFile withPlainUrl(String name, String urlText, long size, String digestAlgorithm, byte[] digest) {
        return new CatalogFile(name, urlText, size, digestAlgorithm, digest);
    }

    /**
     * A file whose URL is given as text, checked as {@link #CatalogFile(String, URI, List, long, String, byte[])}
     * checks it, with no mirrors. A plain absolute http(s) URL (what {@code Urls.isPlainAbsolute} accepts, the
     * usual case) is parsed only when first asked for: a reader of 100,000 files pays for none it never fetches.
     *
     * @throws IllegalArgumentException when the URL does not parse or a promise of this class is broken
     */
    public static CatalogFile ofUrlText(String name, String urlText, long size, String digestAlgorithm, byte[] digest) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(urlText, "urlText");
        if (urlText.length() > Urls.MAX_LENGTH || !Urls.isPlainAbsolute(urlText)) {
            URI url;
            try {
                url = new URI(urlText);
            } catch (URISyntaxException e) {
                throw new IllegalArgumentException(
                        "content URL \"" + Redaction.text(urlText) + "\" does not parse: " + e.getReason(), e);
            }
            return new CatalogFile(name, url, null, size, digestAlgorithm, digest);
        }
        String bad = FileNames.problem(name);
        if (bad != null) {
            throw new IllegalArgumentException("file name \"" + name + "\" " + bad);
        }
        return new CatalogFile(name, urlText, size, digestAlgorithm, digest == null ? null : digest.clone());
    }

    private static void checkDigest(long size, String digestAlgorithm, byte[] digest) {
        if (size < 0) {
            throw new IllegalArgumentException("size " + size + " < 0");
        }
        if ((digestAlgorithm == null) != (digest == null)) {
            throw new IllegalArgumentException("digestAlgorithm and digest go together");
        }
        if (digest != null) {
            if (!digestAlgorithm.equals(Digests.SHA256) && !digestAlgorithm.equals(Digests.SHA1)) {
                throw new IllegalArgumentException("digest algorithm " + digestAlgorithm + " is not SHA-256 or SHA-1");
            }
            if (digest.length != Digests.length(digestAlgorithm)) {
                throw new IllegalArgumentException(digestAlgorithm + " digest has " + digest.length + " bytes");
            }
        }
    }

    private static void checkHttp(URI u) {
        String scheme = u.getScheme();
        if ("file".equalsIgnoreCase(scheme)
                && u.getRawAuthority() == null
                && u.getPath() != null
                && u.getPath().startsWith("/")
                && u.getRawQuery() == null
                && u.getRawFragment() == null) {
            return; // a bundle's content file
        }
        if (scheme == null
                || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || u.getHost() == null) {
            throw new IllegalArgumentException("content URL " + Redaction.uri(u) + " is not an absolute http(s) URL");
        }
    }

    /** The file name the content is stored under. */
    public String name() {
        return name;
    }

    /** Where to fetch the file, resolved against the catalog's location. */
    public URI url() {
        URI u = url;
        if (u == null) {
            u = URI.create(urlText);
            url = u;
        }
        return u;
    }

    /** {@code url().toString()}, without parsing the URL when it has not been parsed yet. */
    public String urlText() {
        return urlText;
    }

    /** Other places with the same bytes, tried after {@link #url()}; resolved, duplicates dropped. */
    public List<URI> mirrors() {
        return mirrors;
    }

    /** The exact size in bytes. */
    public long size() {
        return size;
    }

    /** {@code "SHA-256"} (preferred when the catalog gives both), {@code "SHA-1"}, or null. */
    public String digestAlgorithm() {
        return digestAlgorithm;
    }

    /** The expected digest (a copy), or null for an unverified file. */
    public byte[] digest() {
        return digest == null ? null : digest.clone();
    }

    /** The SHA-1 the catalog gave besides the SHA-256 {@link #digest()} (a copy), or null. */
    public byte[] sha1Also() {
        return sha1Also == null ? null : sha1Also.clone();
    }

    /** The digest in lower-case hex, or null for an unverified file. */
    public String digestHex() {
        return digest == null ? null : HexFormat.of().formatHex(digest);
    }

    /** True when the file has a digest to verify against. */
    public boolean verified() {
        return digest != null;
    }

    /** {@code url} followed by the mirrors: every place to try, in order. */
    public List<URI> sources() {
        List<URI> all = new ArrayList<>(1 + mirrors.size());
        all.add(url());
        all.addAll(mirrors);
        return List.copyOf(all);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CatalogFile f
                && name.equals(f.name)
                && url().equals(f.url())
                && mirrors.equals(f.mirrors)
                && size == f.size
                && Objects.equals(digestAlgorithm, f.digestAlgorithm)
                && Arrays.equals(digest, f.digest)
                && Arrays.equals(sha1Also, f.sha1Also);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, url(), mirrors, size, digestAlgorithm) * 31 + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "CatalogFile[name=" + name + ", url=" + Redaction.uri(url()) + ", mirrors=" + mirrors.size() + ", size="
                + size + ", " + (digest == null ? "unverified" : digestAlgorithm + "=" + digestHex()) + "]";
    }
}
