package io.github.wudl.cli;

import io.github.wudl.catalog.CatalogFile;
import io.github.wudl.portable.PortableBackend;
import io.github.wudl.wua.DownloadType;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateIdentity;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Where {@code --out DIR} puts each selected update's files, decided before anything is fetched, so that two
 * different files never share one output path (one would silently replace the other while the report
 * described the first).
 *
 * <p>The layout is {@code DIR/<update id>/<file name>} (SPEC §4). When the selection holds two or more
 * revisions of one update ID, every revision of that ID gets a folder of its own,
 * {@code DIR/<update id>/<revision>/<file name>}: both are real, different versions that a user may want side
 * by side, and ids selected once keep the documented layout. A bundled update's files go with its top-level
 * update's. One update (with its bundled updates) that gives two different files — other digest or size —
 * the same name cannot be placed in that layout without inventing a name nobody could predict, so that
 * selection is refused with a {@link UsageError} that names both and says what to do. The same name with the
 * same content is one file, placed once.
 */
final class OutputPlan {
    private final Map<UpdateIdentity, List<String>> folders = new HashMap<>();

    private OutputPlan() {}

    /**
     * The plan for {@code selection} downloaded as {@code type} under {@code outDir}.
     *
     * @throws UsageError when two different files of one update would share an output path
     */
    static OutputPlan of(Path outDir, List<? extends Update> selection, DownloadType type) {
        Map<String, Set<Integer>> revisions = new HashMap<>();
        for (Update u : selection) {
            revisions
                    .computeIfAbsent(u.identity().updateID(), k -> new HashSet<>())
                    .add(u.identity().revisionNumber());
        }
        OutputPlan plan = new OutputPlan();
        for (Update u : selection) {
            UpdateIdentity id = u.identity();
            List<String> folder = revisions.get(id.updateID()).size() > 1
                    ? List.of(id.updateID(), Integer.toString(id.revisionNumber()))
                    : List.of(id.updateID());
            plan.folders.put(id, folder);
            checkNames(outDir, folder, u, type);
        }
        return plan;
    }

    /** The folders under {@code --out} for {@code update}'s files: its id, then its revision when needed. */
    List<String> folder(Update update) {
        UpdateIdentity id = update.identity();
        return folders.getOrDefault(id, List.of(id.updateID()));
    }

    private static void checkNames(Path outDir, List<String> folder, Update u, DownloadType type) {
        Map<String, CatalogFile> byName = new HashMap<>();
        for (CatalogFile f : PortableBackend.contentFiles(u, type)) {
            CatalogFile first = byName.putIfAbsent(f.name(), f);
            if (first != null && !sameContent(first, f)) {
                Path target = outDir.resolve(String.join("/", folder)).resolve(f.name());
                Map<CatalogFile, String> owner = owners(u); // only now: hashing a CatalogFile parses its URL
                throw new UsageError("--out " + outDir + ": update "
                        + u.identity().updateID() + " (\"" + u.title()
                        + "\") has two different files named " + f.name() + ", of " + owner.get(first) + " and of "
                        + owner.get(f) + "; both cannot be placed at " + target + ". Leave out --out (the cache"
                        + " keeps both), or narrow --criteria to other updates.");
            }
        }
    }

    /** Who gives each file: "the update itself" or "its bundled update &lt;id&gt;", for the message. */
    private static Map<CatalogFile, String> owners(Update top) {
        Map<CatalogFile, String> owner = new HashMap<>();
        collect(top, top, owner);
        return owner;
    }

    private static void collect(Update top, Update u, Map<CatalogFile, String> owner) {
        // bundled updates first: an update's content files include theirs, and each file belongs to the deepest
        for (Update child : u.bundledUpdates()) {
            collect(top, child, owner);
        }
        String who = u == top
                ? "the update itself"
                : "its bundled update " + u.identity().updateID();
        for (CatalogFile f : PortableBackend.contentFiles(u, DownloadType.Full)) {
            owner.putIfAbsent(f, who);
        }
    }

    private static boolean sameContent(CatalogFile a, CatalogFile b) {
        if (a.size() != b.size() || a.verified() != b.verified()) {
            return false;
        }
        return a.verified()
                ? a.digestAlgorithm().equals(b.digestAlgorithm())
                        && a.digestHex().equals(b.digestHex())
                : a.urlText().equals(b.urlText());
    }
}
