package io.github.wudl.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.github.wudl.catalog.Catalog;
import io.github.wudl.catalog.CatalogFile;
import io.github.wudl.catalog.CatalogUpdate;
import io.github.wudl.wua.Digests;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * A locked selection ({@code wudl lock}): the updates a search chose, each by UpdateID and RevisionNumber with
 * every content file's name, size and digests (its bundled updates' included), and where they came from (the
 * catalog's location and SHA-256, the criteria and filters, the day). {@code download --lock} and
 * {@code bundle --lock} get exactly those bytes or fail naming every update and file that is gone or changed
 * ({@link #pin}). Immutable.
 *
 * <p>Format {@code wudl-lock/1}, JSON: {@code {"format", "created", "catalog": {"location", "sha256"},
 * "criteria", "filters": {...}, "updates": [{"id", "revision", "title", "files": [{"name", "size", "sha256"?,
 * "sha1"?}]}]}}.
 */
record LockFile(
        String catalogLocation,
        String catalogSha256,
        String criteria,
        Map<String, Object> filters,
        String created,
        List<Locked> updates) {
    static final String FORMAT = "wudl-lock/1";
    /** The search over a pinned catalog: every locked update, whatever its IsInstalled or IsHidden. */
    static final String PINNED_CRITERIA = "IsInstalled=0 or IsInstalled=1";
    /** A lock file larger than this is not one wudl wrote (about 200 bytes an update). */
    private static final long MAX_BYTES = 256L << 20;

    private static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** One locked update. */
    record Locked(String id, int revision, String title, List<LockedFile> files) {}

    /** One locked file: digests in lower-case hex, null when the catalog gave none of that kind. */
    record LockedFile(String name, long size, String sha256, String sha1) {}

    LockFile {
        filters = filters == null ? Map.of() : Map.copyOf(filters);
        updates = List.copyOf(updates);
    }

    /** The lock of {@code selected}, updates of a catalog read from {@code location}. */
    static LockFile of(
            String location,
            String sha256,
            String criteria,
            Map<String, Object> filters,
            String created,
            List<CatalogUpdate> selected) {
        return new LockFile(
                location,
                sha256,
                criteria,
                filters,
                created,
                selected.stream().map(LockFile::locked).toList());
    }

    private static Locked locked(CatalogUpdate u) {
        List<LockedFile> files = new ArrayList<>();
        collect(u, files);
        return new Locked(u.id(), u.revision(), u.title(), files);
    }

    private static void collect(CatalogUpdate u, List<LockedFile> out) {
        for (CatalogFile f : u.files()) {
            out.add(lockedFile(f));
        }
        for (CatalogUpdate b : u.bundled()) {
            collect(b, out);
        }
    }

    private static LockedFile lockedFile(CatalogFile f) {
        String sha256 = Digests.SHA256.equals(f.digestAlgorithm()) ? f.digestHex() : null;
        String sha1 = Digests.SHA1.equals(f.digestAlgorithm())
                ? f.digestHex()
                : f.sha1Also() == null ? null : Digests.hex(f.sha1Also());
        return new LockedFile(f.name(), f.size(), sha256, sha1);
    }

    /**
     * {@code catalog} with only the locked updates, after checking that each is there at its revision with
     * exactly its files.
     *
     * @throws UsageError naming every locked update or file that the catalog no longer has or has changed
     */
    Catalog pin(Catalog catalog, String source) {
        Map<String, CatalogUpdate> byId = new LinkedHashMap<>();
        Map<String, List<CatalogUpdate>> revisions = new LinkedHashMap<>();
        for (CatalogUpdate u : catalog.updates()) {
            byId.putIfAbsent(u.id() + "/" + u.revision(), u);
            revisions.computeIfAbsent(u.id(), k -> new ArrayList<>()).add(u);
        }
        List<String> problems = new ArrayList<>();
        List<CatalogUpdate> pinned = new ArrayList<>();
        for (Locked l : updates) {
            CatalogUpdate u = byId.get(l.id() + "/" + l.revision());
            if (u == null) {
                List<CatalogUpdate> others = revisions.getOrDefault(l.id(), List.of());
                problems.add(
                        others.isEmpty()
                                ? "the update " + l.id() + " (" + l.title() + ") is no longer in the catalog"
                                : "the update " + l.id() + " (" + l.title() + ") is at revision "
                                        + others.stream()
                                                .map(o -> String.valueOf(o.revision()))
                                                .toList()
                                        + " in the catalog, not " + l.revision());
                continue;
            }
            List<String> changed = compare(l, locked(u));
            if (changed.isEmpty()) {
                pinned.add(u);
            } else {
                problems.addAll(changed);
            }
        }
        if (!problems.isEmpty()) {
            throw new UsageError("the catalog " + source + " does not have what the lock pins (" + problems.size()
                    + (problems.size() == 1 ? " difference" : " differences") + "):\n  "
                    + String.join("\n  ", problems)
                    + "\nNothing was downloaded. Run wudl lock --update to see what a new lock would hold.");
        }
        return new Catalog(catalog.format(), catalog.base(), pinned);
    }

    private static List<String> compare(Locked want, Locked have) {
        List<String> out = new ArrayList<>();
        String who = "the update " + want.id() + " (" + want.title() + ")";
        Map<String, LockedFile> haveByName = new LinkedHashMap<>();
        have.files().forEach(f -> haveByName.putIfAbsent(f.name(), f));
        for (LockedFile w : want.files()) {
            LockedFile h = haveByName.remove(w.name());
            if (h == null) {
                out.add(who + " no longer has the file " + w.name());
            } else if (h.size() != w.size()) {
                out.add(who + ": " + w.name() + " is " + h.size() + " bytes now, the lock says " + w.size());
            } else if (!Objects.equals(h.sha256(), w.sha256()) || !Objects.equals(h.sha1(), w.sha1())) {
                out.add(who + ": " + w.name() + " has other digests now (sha256 " + h.sha256() + ", the lock says "
                        + w.sha256() + ")");
            }
        }
        for (String extra : haveByName.keySet()) {
            out.add(who + " has a file the lock does not know: " + extra);
        }
        return out;
    }

    /**
     * The lock given as {@code --lock} with whatever else the command got: the catalog defaults to the lock's;
     * a search of one's own beside it is refused, since the lock is the selection.
     */
    static LockFile forCommand(Path lock, boolean criteriaGiven, UpdateFilter filter) {
        LockFile l = read(lock);
        if (criteriaGiven || (filter != null && !filter.isEmpty())) {
            throw new UsageError("--lock " + lock + " is the selection: leave --criteria, --kb, --product,"
                    + " --classification, --arch and --released-since out (the lock keeps its own search)");
        }
        if (l.updates().isEmpty()) {
            throw new UsageError("--lock " + lock + " pins no update; nothing to get");
        }
        return l;
    }

    /** The catalog a command with {@code --lock} reads: its {@code --catalog}, else the lock's own. */
    String catalogOr(String given) {
        if (given != null) {
            return given;
        }
        if (catalogLocation == null) {
            throw new UsageError("the lock names no catalog; give --catalog C");
        }
        return catalogLocation;
    }

    String toJson() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("format", FORMAT);
        m.put("created", created);
        Map<String, Object> c = new LinkedHashMap<>();
        c.put("location", catalogLocation);
        c.put("sha256", catalogSha256);
        m.put("catalog", c);
        m.put("criteria", criteria);
        m.put("filters", filters);
        m.put("updates", updates);
        try {
            return JSON.writeValueAsString(m) + "\n";
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a lock of strings and numbers always writes", e);
        }
    }

    /**
     * Reads a lock file.
     *
     * @throws UsageError saying what is wrong with it, and where
     */
    static LockFile read(Path file) {
        JsonNode root;
        try {
            if (!Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS)) {
                throw new UsageError("--lock " + file + ": no such file (or not a plain file); give the file that"
                        + " wudl lock wrote");
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new UsageError("--lock " + file + ": over " + (MAX_BYTES >> 20) + " MiB, not a lock wudl wrote");
            }
            root = JSON.readTree(file.toFile());
        } catch (JsonProcessingException e) {
            throw new UsageError(
                    "--lock " + file + ": not JSON (" + e.getOriginalMessage() + " at line "
                            + e.getLocation().getLineNr() + "); give the file that wudl lock wrote",
                    e);
        } catch (IOException e) {
            throw new UsageError("--lock " + file + ": " + e.getMessage(), e);
        }
        if (root == null || !FORMAT.equals(root.path("format").asText())) {
            throw new UsageError("--lock " + file + ": \"format\" is not \"" + FORMAT + "\"; give the file that wudl"
                    + " lock wrote");
        }
        try {
            List<Locked> updates = new ArrayList<>();
            JsonNode list = root.path("updates");
            if (!list.isArray()) {
                throw new IllegalArgumentException("\"updates\" is not a list");
            }
            for (int i = 0; i < list.size(); i++) {
                updates.add(JSON.treeToValue(list.get(i), Locked.class));
                Locked l = updates.get(i);
                if (l.id() == null || l.files() == null || l.revision() < 1) {
                    throw new IllegalArgumentException("updates[" + i + "] lacks its id, revision or files");
                }
            }
            @SuppressWarnings("unchecked")
            Map<String, Object> filters =
                    root.has("filters") ? JSON.treeToValue(root.get("filters"), Map.class) : Map.of();
            return new LockFile(
                    root.path("catalog").path("location").asText(null),
                    root.path("catalog").path("sha256").asText(null),
                    root.path("criteria").asText(null),
                    filters,
                    root.path("created").asText(null),
                    updates);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw new UsageError("--lock " + file + ": " + e.getMessage() + "; give the file that wudl lock wrote", e);
        }
    }
}
