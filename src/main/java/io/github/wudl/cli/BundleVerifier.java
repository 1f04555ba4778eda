package io.github.wudl.cli;

import io.github.wudl.catalog.Catalog;
import io.github.wudl.catalog.CatalogException;
import io.github.wudl.catalog.CatalogFile;
import io.github.wudl.catalog.CatalogReader;
import io.github.wudl.catalog.CatalogUpdate;
import io.github.wudl.wua.Digests;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code wudl bundle --verify DIR}: checks a bundle end to end, as the far side of an air gap needs it before
 * it trusts the folder: catalog.json reads as a catalog whose content paths stay inside the folder; every
 * content file it names is there, a plain file (no link, no pipe), of the catalog's size and digest; SHA256SUMS
 * lists exactly those files and catalog.json, with the same SHA-256. Reads only; each problem is one line.
 */
final class BundleVerifier {
    private static final Pattern SUM_LINE = Pattern.compile("([0-9a-f]{64}) [ *](.+)");
    /** A SHA256SUMS larger than this is not one wudl wrote (a line per file, a few hundred thousand at most). */
    private static final long MAX_SUMS_BYTES = 64L << 20;

    /** The provenance key of a bundle made with {@code --since}: the files it leaves to an older bundle. */
    static final String SINCE = "since";

    /** What the check found: the problems (empty when the bundle is whole), what was checked, what was left out. */
    record Result(List<String> problems, int files, long bytes, int omitted) {
        Result(List<String> problems, int files, long bytes) {
            this(problems, files, bytes, 0);
        }
    }

    /**
     * The SHA256SUMS of the bundle {@code dir} (path to SHA-256), for {@code --since}.
     *
     * @throws UsageError when {@code dir} is not a bundle or its SHA256SUMS cannot be read
     */
    static Map<String, String> sumsOfBundle(Path dir) {
        if (!BundleLayout.isBundle(dir)) {
            throw new UsageError("--since " + dir + " is not a wudl bundle (no catalog.json written by wudl bundle)");
        }
        List<String> problems = new ArrayList<>();
        Map<String, String> sums = readSums(dir.resolve(BundleLayout.SUMS), problems);
        if (!problems.isEmpty()) {
            throw new UsageError("--since " + dir + ": " + problems.get(0));
        }
        return sums;
    }

    /** The paths a {@code --since} bundle's provenance says it leaves out (empty for a whole bundle). */
    private static List<String> omitted(Path catalogFile, List<String> problems) {
        com.fasterxml.jackson.databind.ObjectMapper json = new com.fasterxml.jackson.databind.ObjectMapper();
        try (com.fasterxml.jackson.core.JsonParser p = json.getFactory().createParser(catalogFile.toFile())) {
            // provenance comes before the updates (CatalogWriter): read up to it, not the whole catalog
            if (p.nextToken() != com.fasterxml.jackson.core.JsonToken.START_OBJECT) {
                return List.of();
            }
            while (p.nextToken() == com.fasterxml.jackson.core.JsonToken.FIELD_NAME) {
                String key = p.currentName();
                p.nextToken();
                if (key.equals("provenance")) {
                    com.fasterxml.jackson.databind.JsonNode since = json.readValue(
                                    p, com.fasterxml.jackson.databind.JsonNode.class)
                            .path(SINCE)
                            .path("omitted");
                    List<String> out = new ArrayList<>();
                    since.forEach(n -> out.add(n.asText()));
                    return out;
                }
                p.skipChildren();
            }
            return List.of();
        } catch (IOException e) {
            problems.add(BundleLayout.CATALOG + " cannot be read: " + e.getMessage());
            return List.of();
        }
    }

    private BundleVerifier() {}

    static Result verify(Path dir) {
        List<String> problems = new ArrayList<>();
        Path folder = dir.toAbsolutePath().normalize();
        if (!Files.isDirectory(folder)) {
            return new Result(List.of(folder + " is not a folder; give the bundle's folder"), 0, 0);
        }
        Path catalogFile = folder.resolve(BundleLayout.CATALOG);
        if (!Files.isRegularFile(catalogFile, LinkOption.NOFOLLOW_LINKS)) {
            return new Result(List.of(catalogFile + " is missing (or not a plain file): not a wudl bundle"), 0, 0);
        }
        Map<String, String> sums = readSums(folder.resolve(BundleLayout.SUMS), problems);
        Catalog catalog;
        try {
            catalog = CatalogReader.read(catalogFile, null);
        } catch (CatalogException e) {
            problems.add(BundleLayout.CATALOG + ": " + e.getMessage());
            return new Result(problems, 0, 0);
        }
        String catalogSum = sha256(catalogFile, problems);
        checkSum(sums, BundleLayout.CATALOG, catalogSum, problems);
        Path real;
        try {
            real = folder.toRealPath();
        } catch (IOException e) {
            problems.add(folder + ": " + e.getMessage());
            return new Result(problems, 0, 0);
        }
        List<String> omitted = omitted(catalogFile, problems);
        int files = 0;
        long bytes = 0;
        Map<String, CatalogFile> byPath = new LinkedHashMap<>();
        for (CatalogUpdate u : catalog.updates()) {
            collect(u, byPath);
        }
        for (Map.Entry<String, CatalogFile> e : byPath.entrySet()) {
            Path p = Path.of(java.net.URI.create(e.getKey()));
            String rel = real.relativize(p).toString().replace('\\', '/');
            CatalogFile f = e.getValue();
            if (omitted.contains(rel) && !Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                continue; // left to the older bundle this one was made --since
            }
            if (!"file".equals(f.url().getScheme())) {
                problems.add(BundleLayout.CATALOG + ": " + f.name() + " is fetched from " + f.url()
                        + ", not from the bundle; a bundle's catalog names its content by paths in its folder");
                continue;
            }
            String problem = checkFile(p, rel, f);
            if (problem != null) {
                problems.add(problem);
                continue;
            }
            // SHA-256 for SHA256SUMS, and SHA-1 too for a file the catalog gives by SHA-1: one read
            boolean bySha1 = Digests.SHA1.equals(f.digestAlgorithm());
            List<String> got =
                    digests(p, bySha1 ? List.of(Digests.SHA256, Digests.SHA1) : List.of(Digests.SHA256), problems);
            if (got == null) {
                continue;
            }
            String sha = got.get(0);
            if (Digests.SHA256.equals(f.digestAlgorithm())
                    && !Digests.hex(f.digest()).equals(sha)) {
                problems.add(rel + ": its SHA-256 is " + sha + ", the catalog says " + f.digestHex()
                        + "; the file was changed or damaged: copy it again from the source bundle");
                continue;
            }
            if (bySha1) {
                String sha1 = got.get(1);
                if (!Digests.hex(f.digest()).equals(sha1)) {
                    problems.add(rel + ": its SHA-1 is " + sha1 + ", the catalog says " + f.digestHex()
                            + "; the file was changed or damaged: copy it again from the source bundle");
                    continue;
                }
            }
            checkSum(sums, rel, sha, problems);
            files++;
            bytes += f.size();
        }
        for (String listed : sums.keySet()) {
            if (!listed.equals(BundleLayout.CATALOG)
                    && !byPath.containsKey(
                            real.resolve(listed).normalize().toUri().toString())) {
                problems.add(BundleLayout.SUMS + " lists " + listed + ", which the catalog does not name;"
                        + " SHA256SUMS and catalog.json are from different bundles");
            }
        }
        return new Result(problems, files, bytes, omitted.size());
    }

    private static void collect(CatalogUpdate u, Map<String, CatalogFile> byPath) {
        for (CatalogFile f : u.files()) {
            byPath.putIfAbsent(f.url().toString(), f);
        }
        if (u.bootstrapper() != null) {
            byPath.putIfAbsent(u.bootstrapper().url().toString(), u.bootstrapper());
        }
        for (CatalogUpdate b : u.bundled()) {
            collect(b, byPath);
        }
    }

    private static String checkFile(Path p, String rel, CatalogFile f) {
        try {
            if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
                return rel + " is missing; copy the bundle again, whole";
            }
            if (!p.toRealPath().equals(p)) {
                return rel + " is a symbolic link or lies under one; a bundle holds plain files only";
            }
            if (!Files.isRegularFile(p, LinkOption.NOFOLLOW_LINKS)) {
                return rel + " is not a plain file; a bundle holds plain files only";
            }
            long size = Files.size(p);
            if (size != f.size()) {
                return rel + " is " + size + " bytes, the catalog says " + f.size()
                        + "; the copy is incomplete or the file was changed: copy it again";
            }
            return null;
        } catch (IOException e) {
            return rel + " cannot be read: " + e.getMessage();
        }
    }

    private static void checkSum(Map<String, String> sums, String rel, String sha, List<String> problems) {
        if (sha == null) {
            return;
        }
        String listed = sums.get(rel);
        if (listed == null) {
            problems.add(BundleLayout.SUMS + " does not list " + rel);
        } else if (!listed.equals(sha)) {
            problems.add(BundleLayout.SUMS + " gives " + rel + " the SHA-256 " + listed + ", but the file's is "
                    + sha
                    + (rel.equals(BundleLayout.CATALOG)
                            ? "; catalog.json was changed after the bundle was written"
                            : "; SHA256SUMS and the catalog disagree"));
        }
    }

    private static Map<String, String> readSums(Path sumsFile, List<String> problems) {
        Map<String, String> sums = new LinkedHashMap<>();
        try {
            if (!Files.isRegularFile(sumsFile, LinkOption.NOFOLLOW_LINKS)) {
                problems.add(BundleLayout.SUMS + " is missing (or not a plain file); copy the bundle again, whole");
                return sums;
            }
            if (Files.size(sumsFile) > MAX_SUMS_BYTES) {
                problems.add(BundleLayout.SUMS + " is over " + (MAX_SUMS_BYTES >> 20) + " MiB: not one wudl wrote");
                return sums;
            }
            List<String> lines = Files.readAllLines(sumsFile, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i);
                Matcher m = SUM_LINE.matcher(line);
                if (line.isBlank()) {
                    continue;
                }
                if (!m.matches()) {
                    problems.add(BundleLayout.SUMS + " line " + (i + 1) + " is not \"<sha256>  <path>\"");
                    continue;
                }
                sums.put(m.group(2), m.group(1));
            }
        } catch (IOException e) {
            problems.add(BundleLayout.SUMS + " cannot be read: " + e.getMessage());
        }
        return sums;
    }

    /** SHA-256 of {@code file} in lower-case hex; null (and a problem) when it cannot be read. */
    static String sha256(Path file, List<String> problems) {
        List<String> got = digests(file, List.of(Digests.SHA256), problems);
        return got == null ? null : got.get(0);
    }

    /** The digests of {@code file} (not followed if a link), or null with a problem when it cannot be read. */
    private static List<String> digests(Path file, List<String> algorithms, List<String> problems) {
        try {
            return Digests.ofFile(file, algorithms, LinkOption.NOFOLLOW_LINKS);
        } catch (IOException e) {
            problems.add(file.getFileName() + " cannot be read: " + e.getMessage());
            return null;
        }
    }
}
