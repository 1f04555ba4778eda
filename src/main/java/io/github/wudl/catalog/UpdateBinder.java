package io.github.wudl.catalog;

import io.github.wudl.wua.Digests;
import io.github.wudl.wua.DownloadPriority;
import io.github.wudl.wua.UpdateType;
import java.net.URI;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Turns the parsed JSON of updates into {@link CatalogUpdate}s, refusing the first value that breaks SPEC §3. */
final class UpdateBinder {
    /** 2^53: the largest size every JSON reader (JavaScript's included) still holds exactly. */
    static final long MAX_SIZE = 1L << 53;

    private static final List<String> SEVERITIES = List.of("Critical", "Important", "Moderate", "Low");

    private final URI base;
    private final boolean allowUnverified;
    private final Fields f;

    UpdateBinder(URI base, boolean allowUnverified, Fields fields) {
        this.base = base;
        this.allowUnverified = allowUnverified;
        this.f = fields;
    }

    /** The updates of {@code array}; the same id + revision twice among them is refused. */
    List<CatalogUpdate> updates(List<Object> array, JsonPath path) {
        List<CatalogUpdate> out = new ArrayList<>(array.size());
        Map<UpdateKey, Integer> seen = new HashMap<>();
        for (int i = 0; i < array.size(); i++) {
            JsonPath at = path.index(i);
            CatalogUpdate u = update(array.get(i), at);
            Integer first = seen.putIfAbsent(new UpdateKey(u.id(), u.revision()), i);
            if (first != null) {
                throw f.bad(
                        at.key("id"),
                        "update " + u.id() + " revision " + u.revision() + " already appears at "
                                + path.index(first) + "; each id + revision may appear only once (give a new revision"
                                + " or remove the copy)");
            }
            out.add(u);
        }
        return out;
    }

    /** An update's identity as a map key; a class, as a record's first hashCode costs about 25 ms in a fresh JVM. */
    private static final class UpdateKey {
        private final String id;
        private final int revision;

        UpdateKey(String id, int revision) {
            this.id = id;
            this.revision = revision;
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof UpdateKey k && k.revision == revision && k.id.equals(id);
        }

        @Override
        public int hashCode() {
            return id.hashCode() * 31 + revision;
        }
    }

    CatalogUpdate update(Object node, JsonPath path) {
        JsonObject o = f.object(node, path, "an update");
        String idText = f.string(o, path, "id", "every update needs its UpdateID, a GUID");
        String id = Guids.normalize(idText);
        if (id == null) {
            throw f.bad(
                    path.key("id"),
                    Fields.show(idText) + " is not a GUID; write the UpdateID as"
                            + " xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hex digits)");
        }
        Object rev = Fields.opt(o, "revision");
        int revision =
                rev == null ? 1 : (int) f.integer(rev, path.key("revision"), 1, Integer.MAX_VALUE, "a revision number");
        String title = f.string(o, path, "title", "every update needs a title (a string)");
        if (title.isBlank()) {
            throw f.bad(path.key("title"), "the title is blank; give the update a title people can recognise");
        }
        List<String> kb = kb(o, path);
        String description = f.optString(o, path, "description", "");
        UpdateType type = type(o, path);
        List<CatalogCategory> categories = categories(o, path);
        boolean installed = f.optBool(o, path, "installed", false);
        boolean hidden = f.optBool(o, path, "hidden", false);
        boolean browseOnly = f.optBool(o, path, "browseOnly", false);
        boolean eulaAccepted = f.optBool(o, path, "eulaAccepted", true);
        DownloadPriority priority = priority(o, path);

        List<Object> bundledArray = f.optArray(o, path, "bundled");
        List<CatalogUpdate> bundled = bundledArray == null ? List.of() : updates(bundledArray, path.key("bundled"));
        List<Object> filesArray = f.optArray(o, path, "files");
        if (filesArray == null && bundled.isEmpty()) {
            throw f.bad(
                    path.key("files"),
                    "the required \"files\" is missing; list the update's content files"
                            + " (it may be empty only when the update has \"bundled\" updates)");
        }
        if (filesArray != null && filesArray.isEmpty() && bundled.isEmpty()) {
            throw f.bad(
                    path.key("files"), "the update has no files and no bundled updates; list its content" + " files");
        }
        int fileCount = filesArray == null ? 0 : filesArray.size();
        List<CatalogFile> files = new ArrayList<>(fileCount);
        Map<String, JsonPath> names = new HashMap<>();
        for (int i = 0; i < fileCount; i++) {
            JsonPath at = path.key("files").index(i);
            files.add(uniqueName(file(filesArray.get(i), at), at, names));
        }
        Object boot = Fields.opt(o, "bootstrapper");
        CatalogFile bootstrapper =
                boot == null ? null : uniqueName(file(boot, path.key("bootstrapper")), path.key("bootstrapper"), names);

        boolean mandatory = f.optBool(o, path, "mandatory", false);
        boolean beta = f.optBool(o, path, "beta", false);
        String severity = severity(o, path);
        String supportUrl = f.optString(o, path, "supportUrl", "");
        Instant changed = instant(o, path, "lastDeploymentChangeTime");
        // written by wudl bundle and lock for what the offline scan file gives; defaults otherwise
        String deploymentAction = f.optString(o, path, "deploymentAction", null);
        List<String> superseded = f.optStrings(o, path, "supersededUpdateIds");
        try {
            return new CatalogUpdate(
                    id,
                    revision,
                    title,
                    kb,
                    description,
                    type,
                    categories,
                    installed,
                    hidden,
                    browseOnly,
                    eulaAccepted,
                    priority,
                    files,
                    bootstrapper,
                    bundled,
                    mandatory,
                    beta,
                    severity,
                    supportUrl,
                    changed,
                    deploymentAction,
                    superseded);
        } catch (IllegalArgumentException e) {
            // every rule is checked above; this keeps the promise that bad input ends as a CatalogException
            throw f.bad(path, e.getMessage());
        }
    }

    CatalogFile file(Object node, JsonPath path) {
        JsonObject o = f.object(node, path, "a file");
        String name = f.string(o, path, "name", "every file needs the plain file name it is stored under");
        String problem = FileNames.problem(name);
        if (problem != null) {
            throw f.bad(
                    path.key("name"),
                    "the file name " + Fields.show(name) + " " + problem + "; give a plain file"
                            + " name such as windows11.0-kb5099999-x64.msu");
        }
        String urlText = f.string(o, path, "url", "every file needs the http(s) URL it is fetched from");
        // a plain URL stays text until it is used; anything else is parsed and checked now
        String plainUrl = Urls.plainText(base, urlText);
        URI url = plainUrl != null ? null : url(urlText, path.key("url"));
        List<String> mirrorTexts = f.optStrings(o, path, "mirrors");
        List<URI> mirrors = new ArrayList<>(mirrorTexts.size());
        for (int i = 0; i < mirrorTexts.size(); i++) {
            mirrors.add(url(mirrorTexts.get(i), path.key("mirrors").index(i)));
        }
        Object sizeNode = Fields.opt(o, "size");
        if (sizeNode == null) {
            throw f.bad(path.key("size"), "the required \"size\" is missing; give the file's exact size in bytes");
        }
        long size = f.integer(sizeNode, path.key("size"), 0, MAX_SIZE, "a size in bytes");
        // both are checked even though sha256 wins: a catalog with a broken digest is broken
        byte[] sha256 = digest(o, path, "sha256", Digests.SHA256);
        byte[] sha1 = digest(o, path, "sha1", Digests.SHA1);
        if (sha256 == null && sha1 == null && !allowUnverified) {
            throw f.bad(
                    path.key("sha256"),
                    "the file has no digest (\"sha256\" or \"sha1\"); add its SHA-256 in hex"
                            + " or base64, or pass --allow-unverified to accept files that cannot be verified");
        }
        String algorithm = sha256 != null ? Digests.SHA256 : sha1 != null ? Digests.SHA1 : null;
        byte[] digest = sha256 != null ? sha256 : sha1;
        try {
            CatalogFile file = plainUrl != null && mirrors.isEmpty()
                    ? CatalogFile.withPlainUrl(name, plainUrl, size, algorithm, digest)
                    : new CatalogFile(name, url != null ? url : URI.create(plainUrl), mirrors, size, algorithm, digest);
            return sha256 != null && sha1 != null ? file.withSha1Also(sha1) : file; // every digest given is checked
        } catch (IllegalArgumentException e) {
            throw f.bad(path, e.getMessage());
        }
    }

    private CatalogFile uniqueName(CatalogFile file, JsonPath path, Map<String, JsonPath> names) {
        // files land side by side in DIR/<id>/, where Windows ignores case
        JsonPath earlier = names.putIfAbsent(file.name().toLowerCase(Locale.ROOT), path);
        if (earlier != null) {
            throw f.bad(
                    path.key("name"),
                    "the file name " + Fields.show(file.name()) + " is already used at " + earlier
                            + "; each file of an update (bootstrapper included) needs its own name, ignoring case");
        }
        return file;
    }

    private URI url(String text, JsonPath path) {
        try {
            return Urls.resolve(base, text);
        } catch (IllegalArgumentException e) {
            throw f.bad(path, e.getMessage());
        }
    }

    private byte[] digest(JsonObject o, JsonPath path, String key, String algorithm) {
        String text = f.optString(o, path, key, null);
        if (text == null) {
            return null;
        }
        int length = Digests.length(algorithm);
        byte[] bytes = Digests.decode(text, length);
        if (bytes == null) {
            throw f.bad(
                    path.key(key),
                    Fields.show(text) + " (" + text.length() + " characters) is not a "
                            + algorithm + " digest; write the " + length + "-byte digest as " + 2 * length
                            + " hex digits or " + (length + 2) / 3 * 4 + " base64 characters");
        }
        return bytes;
    }

    /**
     * {@code categories}: each a name ({@code "Security Updates"}, matched by name alone) or an object {@code
     * {"id": "<guid>", "name": "...", "type": "UpdateClassification"}} whose id is ICategory.CategoryID, as WUA
     * and Microsoft's offline scan file give it ({@code name} defaults to the id, {@code type} to "").
     */
    private List<CatalogCategory> categories(JsonObject o, JsonPath path) {
        List<Object> array = f.optArray(o, path, "categories");
        List<CatalogCategory> out = new ArrayList<>();
        for (int i = 0; array != null && i < array.size(); i++) {
            JsonPath at = path.key("categories").index(i);
            Object c = array.get(i);
            if (c instanceof String name) {
                if (name.isBlank()) {
                    throw f.bad(at, "the category is blank; remove it or name it");
                }
                out.add(CatalogCategory.named(name));
                continue;
            }
            if (!(c instanceof JsonObject category)) {
                throw f.bad(
                        at,
                        "expected a category name (a string) or {\"id\": \"<guid>\", \"name\": ...,"
                                + " \"type\": ...}, found " + Fields.describe(c));
            }
            String id = Guids.normalize(f.string(category, at, "id", "a category object needs its \"id\" (a GUID)"));
            if (id == null) {
                throw f.bad(
                        at.key("id"),
                        "the category id is not a GUID; write it as"
                                + " xxxxxxxx-xxxx-xxxx-xxxx-xxxxxxxxxxxx (hex digits)");
            }
            String name = f.optString(category, at, "name", id);
            out.add(new CatalogCategory(id, name.isBlank() ? id : name, f.optString(category, at, "type", "")));
        }
        return out;
    }

    private List<String> kb(JsonObject o, JsonPath path) {
        List<String> raw = f.optStrings(o, path, "kb");
        List<String> out = new ArrayList<>(raw.size());
        for (int i = 0; i < raw.size(); i++) {
            String s = raw.get(i);
            // WUA's KBArticleIDs hold the number alone; "KB5099999" is the common way people write it
            String digits = s.regionMatches(true, 0, "KB", 0, 2) ? s.substring(2) : s;
            if (!isDigits(digits)) {
                throw f.bad(
                        path.key("kb").index(i),
                        Fields.show(s) + " is not a KB article number; write the" + " digits, e.g. \"5099999\"");
            }
            out.add(digits);
        }
        return out;
    }

    private static boolean isDigits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return !s.isEmpty();
    }

    private UpdateType type(JsonObject o, JsonPath path) {
        String s = f.optString(o, path, "type", null);
        if (s == null) {
            return UpdateType.Software;
        }
        for (UpdateType t : UpdateType.values()) {
            if (t.name().equalsIgnoreCase(s)) {
                return t;
            }
        }
        throw f.bad(path.key("type"), Fields.show(s) + " is not an update type; use \"Software\" or \"Driver\"");
    }

    private DownloadPriority priority(JsonObject o, JsonPath path) {
        Object n = Fields.opt(o, "priority");
        if (n == null) {
            return DownloadPriority.Normal;
        }
        if (n instanceof Number) {
            return DownloadPriority.fromValue(
                    (int) f.integer(n, path.key("priority"), 1, 4, "a DownloadPriority number"));
        }
        if (n instanceof String s) {
            for (DownloadPriority p : DownloadPriority.values()) {
                if (p.name().equalsIgnoreCase(s)) {
                    return p;
                }
            }
        }
        throw f.bad(
                path.key("priority"),
                "expected \"low\", \"normal\", \"high\", \"extrahigh\" or the WUA number 1-4," + " found "
                        + Fields.describe(n));
    }

    private String severity(JsonObject o, JsonPath path) {
        String s = f.optString(o, path, "msrcSeverity", "");
        if (s.isEmpty()) {
            return "";
        }
        for (String known : SEVERITIES) {
            if (known.equalsIgnoreCase(s)) {
                return known;
            }
        }
        throw f.bad(
                path.key("msrcSeverity"),
                Fields.show(s) + " is not an MSRC severity; use one of " + SEVERITIES + " or leave it out");
    }

    private Instant instant(JsonObject o, JsonPath path, String key) {
        String s = f.optString(o, path, key, null);
        if (s == null) {
            return null;
        }
        // WUA's value is a DATE without a zone; zone-less spellings are read as UTC
        try {
            return OffsetDateTime.parse(s).toInstant();
        } catch (DateTimeParseException notWithOffset) {
            try {
                return LocalDateTime.parse(s).toInstant(ZoneOffset.UTC);
            } catch (DateTimeParseException notLocal) {
                try {
                    return LocalDate.parse(s).atStartOfDay(ZoneOffset.UTC).toInstant();
                } catch (DateTimeParseException notDate) {
                    throw f.bad(
                            path.key(key),
                            Fields.show(s) + " is not an ISO-8601 date or time; write e.g."
                                    + " \"2026-11-11\" or \"2026-11-11T17:00:00Z\"");
                }
            }
        }
    }
}
