package io.github.wudl.portable;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Collections;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Which updates are hidden: WUA's IsHidden as machine state. A script's {@code update.IsHidden = true}, {@code wudl
 * hide} and the Jenkins steps all change it; later searches (in the same session at once, and every later run)
 * see it. It is kept in the cache folder ({@code <cache>/state/hidden-updates.tsv}: one update ID per line, then
 * a tab and {@code hidden} or {@code shown}, so that showing an update the catalog marks hidden is remembered
 * too), written whole to a temporary file and moved into place, under an exclusive lock on a lock file beside it
 * (other processes) and this class's monitor (other threads), so that two processes that each hide an update
 * keep both. A line that is not an update ID and a state is ignored (the file is the user's to edit).
 */
final class HiddenUpdates {
    private static final String FILE = "hidden-updates.tsv";
    private static final Pattern GUID = Pattern.compile("[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}");
    /** More lines than any real use needs; a bigger file is refused rather than read. */
    static final long MAX_BYTES = 16L << 20;
    /** Every change in this JVM goes through here, so that no two threads hold the lock file at once. */
    private static final Object JVM_LOCK = new Object();

    private final Path folder;
    private volatile Map<String, Boolean> states;

    private HiddenUpdates(Path folder, Map<String, Boolean> states) {
        this.folder = folder;
        this.states = states;
    }

    /** The state kept in {@code cacheDir}; an absent file means that nothing was hidden or shown yet. */
    static HiddenUpdates open(Path cacheDir) {
        Path folder = cacheDir.resolve("state");
        if (Files.exists(folder, LinkOption.NOFOLLOW_LINKS) && !Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
            // what is hidden cannot be known, and every search depends on it: said, not guessed
            throw new WuaException(
                    HResult.E_FAIL,
                    "cannot read the hidden updates in " + folder
                            + ": it is not a folder; move it away (wudl keeps its state there)");
        }
        return new HiddenUpdates(folder, read(folder.resolve(FILE)));
    }

    /** Whether update {@code id} is hidden: as last set here, else {@code catalogDefault}. */
    boolean isHidden(String id, boolean catalogDefault) {
        Boolean set = states.get(id.toLowerCase(Locale.ROOT));
        return set == null ? catalogDefault : set;
    }

    /** Every update ID with a state set, and whether it is hidden (a copy, sorted by ID). */
    Map<String, Boolean> all() {
        return Collections.unmodifiableMap(new TreeMap<>(states));
    }

    /**
     * Sets update {@code id} hidden or shown, for this process and every later one.
     *
     * @throws WuaException E_ACCESSDENIED when the state cannot be written, naming the file and why
     */
    void set(String id, boolean hidden) {
        String key = id.toLowerCase(Locale.ROOT);
        if (!GUID.matcher(key).matches()) {
            throw new WuaException(HResult.E_INVALIDARG, "\"" + id + "\" is not an update ID (a GUID)");
        }
        Path file = folder.resolve(FILE);
        synchronized (JVM_LOCK) {
            try {
                Files.createDirectories(folder);
                try (FileChannel lockFile = FileChannel.open(
                        folder.resolve(FILE + ".lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE)) {
                    FileLock lock = lockFile.lock(); // released when the channel closes
                    // another process may have changed it since this one read it: start from what is there now
                    Map<String, Boolean> now = new TreeMap<>(read(file));
                    now.put(key, hidden);
                    write(file, now);
                    states = Collections.unmodifiableMap(now);
                    lock.release();
                }
            } catch (IOException e) {
                throw new WuaException(
                        HResult.E_ACCESSDENIED,
                        "cannot record that update " + key + " is " + (hidden ? "hidden" : "shown") + " in " + file
                                + ": " + e.getMessage() + "; is the cache folder writable?",
                        e);
            }
        }
    }

    private static Map<String, Boolean> read(Path file) {
        Map<String, Boolean> states = new TreeMap<>();
        try {
            if (Files.isSymbolicLink(file)
                    || (Files.exists(file) && !Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS))) {
                return states; // not ours: never followed, replaced by the next change
            }
            if (Files.size(file) > MAX_BYTES) {
                throw new WuaException(
                        HResult.E_FAIL,
                        file + " is larger than " + (MAX_BYTES >> 20)
                                + " MiB: it is not wudl's list of hidden updates; move it away");
            }
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] parts = line.strip().split("\t", -1);
                if (parts.length == 2
                        && GUID.matcher(parts[0].toLowerCase(Locale.ROOT)).matches()) {
                    if (parts[1].equals("hidden") || parts[1].equals("shown")) {
                        states.put(parts[0].toLowerCase(Locale.ROOT), parts[1].equals("hidden"));
                    }
                }
            }
        } catch (NoSuchFileException e) {
            // nothing hidden yet
        } catch (IOException e) {
            throw new WuaException(
                    HResult.E_FAIL, "cannot read the hidden updates in " + file + ": " + e.getMessage(), e);
        }
        return states;
    }

    private static void write(Path file, Map<String, Boolean> states) throws IOException {
        StringBuilder text = new StringBuilder(
                "# updates hidden (or shown) by scripts (IUpdate.IsHidden), 'wudl hide' and 'wudl unhide'\n");
        states.forEach((id, hidden) ->
                text.append(id).append('\t').append(hidden ? "hidden" : "shown").append('\n'));
        Path temp = Files.createTempFile(file.getParent(), FILE, ".tmp");
        try {
            Files.writeString(temp, text, StandardCharsets.UTF_8);
            try {
                Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } finally {
            Files.deleteIfExists(temp);
        }
    }
}
