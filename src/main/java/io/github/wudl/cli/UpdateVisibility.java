package io.github.wudl.cli;

import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WuaException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Updates to hide and to show again, named by update ID or KB: what {@code wudl hide}, {@code wudl unhide} and
 * {@code download --hide/--unhide} (the Jenkins step's {@code hide:} and {@code unhide:}) do through WUA's own
 * {@code IUpdate.IsHidden}, so the change is the backend's machine state that every later search sees.
 *
 * <p>All or nothing: every target is resolved against the catalog before anything changes, and one that matches
 * no update (or names an update both to hide and to show) is a {@link UsageError} that changes nothing.
 * Immutable.
 *
 * @param hide   update IDs or KB numbers to hide
 * @param unhide update IDs or KB numbers to show again
 */
record UpdateVisibility(List<String> hide, List<String> unhide) {
    /** No change. */
    static final UpdateVisibility NONE = new UpdateVisibility(List.of(), List.of());

    UpdateVisibility {
        hide = hide == null ? List.of() : List.copyOf(hide);
        unhide = unhide == null ? List.of() : List.copyOf(unhide);
        for (String t : hide) {
            checkTarget(t);
        }
        for (String t : unhide) {
            checkTarget(t);
        }
    }

    boolean isEmpty() {
        return hide.isEmpty() && unhide.isEmpty();
    }

    /**
     * Sets IsHidden on the updates named, after resolving every one against all of {@code session}'s updates,
     * and prints one line per update changed to {@code out}.
     *
     * @param source the catalog as messages name it
     * @throws UsageError when a target matches nothing or is both hidden and shown; then nothing changed
     */
    void apply(UpdateSession session, String source, PrintWriter out) {
        if (isEmpty()) {
            return;
        }
        List<Update> all;
        try {
            // every update, hidden or not, installed or not: the targets name them
            all = session.createUpdateSearcher()
                    .search("IsInstalled=0 or IsInstalled=1")
                    .updates()
                    .toList();
        } catch (WuaException e) {
            throw new UsageError("catalog " + source + ": " + e.getMessage(), e);
        }
        Map<String, Update> toHide = resolve(all, hide, source, "hidden");
        Map<String, Update> toShow = resolve(all, unhide, source, "shown");
        for (String id : toHide.keySet()) {
            if (toShow.containsKey(id)) {
                throw new UsageError("the update " + id + " (" + toHide.get(id).title() + ") is named both to hide"
                        + " and to unhide; name it once. Nothing was changed");
            }
        }
        set(toHide, true, out);
        set(toShow, false, out);
        out.flush();
    }

    private static void set(Map<String, Update> updates, boolean hidden, PrintWriter out) {
        for (Update u : updates.values()) {
            try {
                u.setIsHidden(hidden);
            } catch (WuaException e) {
                throw new UsageError(e.getMessage(), e);
            }
            out.println((hidden ? "hidden: " : "shown:  ") + u.identity().updateID() + "  " + u.title());
        }
    }

    private static Map<String, Update> resolve(List<Update> all, List<String> targets, String source, String verb) {
        Map<String, Update> chosen = new LinkedHashMap<>();
        for (String target : targets) {
            List<Update> matched = matches(all, target);
            if (matched.isEmpty()) {
                throw new UsageError("no update in " + source + " has " + (isGuid(target) ? "the ID " : "the KB ")
                        + target.strip() + "; nothing was " + verb);
            }
            matched.forEach(u -> chosen.putIfAbsent(u.identity().updateID(), u));
        }
        return chosen;
    }

    private static List<Update> matches(List<Update> all, String target) {
        String t = target.strip().toLowerCase(Locale.ROOT);
        List<Update> out = new ArrayList<>();
        if (isGuid(t)) {
            for (Update u : all) {
                if (u.identity().updateID().equalsIgnoreCase(t)) {
                    out.add(u);
                }
            }
            return out;
        }
        String kb = t.startsWith("kb") ? t.substring(2) : t;
        for (Update u : all) {
            if (u.kbArticleIDs().contains(kb)) {
                out.add(u);
            }
        }
        return out;
    }

    private static void checkTarget(String target) {
        if (target == null || !(isGuid(target) || CliOptions.isKb(target))) {
            throw new UsageError(
                    "\"" + target + "\" is neither an update ID (a GUID) nor a KB number (5050000 or" + " KB5050000)");
        }
    }

    private static boolean isGuid(String s) {
        return CliOptions.isUpdateId(s);
    }
}
