package io.github.wudl.portable;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The machine state of IsHidden: kept, shared by every opener, never lost to a concurrent change. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HiddenUpdatesTest {
    @TempDir
    Path cache;

    private static String id(int i) {
        return String.format("%08x-0000-4000-8000-%012x", i, i);
    }

    @Test
    void aChangeIsKeptAndOverridesTheCatalog() {
        HiddenUpdates state = HiddenUpdates.open(cache);
        assertFalse(state.isHidden(id(1), false));
        assertTrue(state.isHidden(id(2), true), "the catalog's value until something is set");
        state.set(id(1).toUpperCase(java.util.Locale.ROOT), true);
        state.set(id(2), false);
        assertTrue(state.isHidden(id(1), false));
        HiddenUpdates later = HiddenUpdates.open(cache);
        assertTrue(later.isHidden(id(1), false), "a later run sees it");
        assertFalse(later.isHidden(id(2), true), "showing an update the catalog hides is kept too");
        assertEquals(2, later.all().size());
    }

    @Test
    void concurrentChangesAreAllKept() throws Exception {
        int threads = 8;
        int each = 25;
        CountDownLatch start = new CountDownLatch(1);
        List<Thread> all = new ArrayList<>();
        List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();
        for (int t = 0; t < threads; t++) {
            int base = t * 1000;
            Thread thread = new Thread(() -> {
                try {
                    HiddenUpdates own = HiddenUpdates.open(cache); // each its own view, as two processes have
                    start.await();
                    for (int i = 0; i < each; i++) {
                        own.set(id(base + i), true);
                    }
                } catch (Throwable e) {
                    failures.add(e);
                }
            });
            thread.start();
            all.add(thread);
        }
        start.countDown();
        for (Thread t : all) {
            t.join(TimeUnit.SECONDS.toMillis(30));
        }
        assertEquals(List.of(), failures);
        assertEquals(threads * each, HiddenUpdates.open(cache).all().size());
    }

    @Test
    void theFileIsTheUsersToEditAndALinkIsNotFollowed() throws Exception {
        Path folder = Files.createDirectories(cache.resolve("state"));
        Files.writeString(
                folder.resolve("hidden-updates.tsv"),
                "# a comment\n" + id(5) + "\thidden\nnot a line\n" + id(6) + "\tmaybe\n",
                StandardCharsets.UTF_8);
        HiddenUpdates state = HiddenUpdates.open(cache);
        assertTrue(state.isHidden(id(5), false));
        assertEquals(1, state.all().size(), "lines that are not an ID and a state are ignored");

        Path elsewhere = Files.writeString(cache.resolve("elsewhere.txt"), "precious\n");
        Files.delete(folder.resolve("hidden-updates.tsv"));
        Files.createSymbolicLink(folder.resolve("hidden-updates.tsv"), elsewhere);
        HiddenUpdates linked = HiddenUpdates.open(cache);
        assertEquals(0, linked.all().size(), "a link is not read");
        linked.set(id(7), true);
        assertEquals("precious\n", Files.readString(elsewhere), "nor written through");
        assertFalse(Files.isSymbolicLink(folder.resolve("hidden-updates.tsv")));
        assertTrue(HiddenUpdates.open(cache).isHidden(id(7), false));
    }

    @Test
    void aStateThatCannotBeWrittenSaysWhere() throws Exception {
        // a folder where the lock file goes: the change cannot be made (as root too)
        Files.createDirectories(cache.resolve("state").resolve("hidden-updates.tsv.lock"));
        HiddenUpdates state = HiddenUpdates.open(cache);
        WuaException e = assertThrows(WuaException.class, () -> state.set(id(1), true));
        assertEquals(HResult.E_ACCESSDENIED.code(), e.hresult());
        String file = cache.resolve("state").resolve("hidden-updates.tsv").toString();
        assertTrue(e.getMessage().contains(file), e.getMessage());
        assertTrue(e.getMessage().contains("is the cache folder writable?"), e.getMessage());
        assertFalse(state.isHidden(id(1), false), "nothing changed");

        // a file where the state folder goes: what is hidden cannot be known, and opening says so
        Path other = Files.createDirectories(cache.resolve("other"));
        Files.writeString(other.resolve("state"), "not a folder");
        WuaException unreadable = assertThrows(WuaException.class, () -> HiddenUpdates.open(other));
        assertTrue(
                unreadable.getMessage().contains("cannot read the hidden updates in " + other.resolve("state")),
                unreadable.getMessage());

        WuaException bad = assertThrows(WuaException.class, () -> state.set("KB5", true));
        assertEquals(HResult.E_INVALIDARG.code(), bad.hresult());
    }
}
