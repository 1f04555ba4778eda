package io.github.wudl.catalog;

import java.net.URI;
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
 * URIs; {@code size >= 0}; {@code digestAlgorithm} is {@code "SHA-256"}, {@code "SHA-1"} or null, and
 * {@code digest} has that algorithm's length (32 or 20 bytes), or is null together with the algorithm (an
 * unverified file, accepted only under {@link CatalogOptions#allowUnverified()}).
 *
 * <p>{@link #digest()} returns a copy; {@link #equals} compares digests by content. {@link #toString()}
 * hides credentials in URLs.
 *
 * @param name            the file name the content is stored under
 * @param url             where to fetch it, resolved against the catalog's location
 * @param mirrors         other places with the same bytes, tried after {@code url}, resolved; duplicates dropped
 * @param size            the exact size in bytes
 * @param digestAlgorithm {@code "SHA-256"} (preferred when the catalog gives both), {@code "SHA-1"}, or null
 * @param digest          the expected digest, or null
 */
public record CatalogFile(String name, URI url, List<URI> mirrors, long size, String digestAlgorithm,
                          byte[] digest) {
    public CatalogFile {
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
        mirrors = List.copyOf(unique);
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
            digest = digest.clone();
        }
    }

    private static void checkHttp(URI u) {
        String scheme = u.getScheme();
        if (scheme == null || !(scheme.equalsIgnoreCase("http") || scheme.equalsIgnoreCase("https"))
                || u.getHost() == null) {
            throw new IllegalArgumentException("content URL " + Redaction.uri(u) + " is not an absolute http(s) URL");
        }
    }

    /** The expected digest (a copy), or null for an unverified file. */
    @Override
    public byte[] digest() {
        return digest == null ? null : digest.clone();
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
        all.add(url);
        all.addAll(mirrors);
        return List.copyOf(all);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof CatalogFile f && name.equals(f.name) && url.equals(f.url) && mirrors.equals(f.mirrors)
                && size == f.size && Objects.equals(digestAlgorithm, f.digestAlgorithm)
                && Arrays.equals(digest, f.digest);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, url, mirrors, size, digestAlgorithm) * 31 + Arrays.hashCode(digest);
    }

    @Override
    public String toString() {
        return "CatalogFile[name=" + name + ", url=" + Redaction.uri(url) + ", mirrors=" + mirrors.size()
                + ", size=" + size + ", " + (digest == null ? "unverified" : digestAlgorithm + "=" + digestHex()) + "]";
    }
}
