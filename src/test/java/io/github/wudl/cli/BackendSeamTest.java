package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.backend.Backend;
import io.github.wudl.backend.SessionSettings;
import io.github.wudl.portable.PortableBackend;
import io.github.wudl.windows.WindowsBackend;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line hands a backend one {@link SessionSettings}, made from its arguments and the environment
 * it was given (not the process's), and the backends keep their side of the {@link Backend} promises.
 */
class BackendSeamTest {
    @TempDir
    Path tmp;

    /** Records the settings of the one session a command opens, then refuses it (the command ends there). */
    private static class Recording implements Backend {
        final AtomicReference<String> source = new AtomicReference<>();
        final AtomicReference<SessionSettings> settings = new AtomicReference<>();

        @Override
        public io.github.wudl.wua.UpdateSession openSession(String source, SessionSettings settings) {
            this.source.set(source);
            this.settings.set(settings);
            throw new WuaException(HResult.E_FAIL, "recorded");
        }
    }

    private String run(Recording backend, Map<String, String> env, String... args) {
        StringWriter err = new StringWriter();
        Main.run(
                new CliEnvironment(backend, false, env),
                new PrintWriter(new StringWriter(), true),
                new PrintWriter(err, true),
                args);
        return err.toString();
    }

    @Test
    void downloadTakesTheEnvironmentItIsGivenAndItsOptionsWin() throws Exception {
        String catalog = Files.writeString(tmp.resolve("catalog.json"), "{}").toString();
        Map<String, String> env = Map.of(
                "WUDL_CACHE", tmp.resolve("env-cache").toString(),
                "WUDL_PARALLEL", "2",
                "WUDL_PROGRESS_INTERVAL_MS", "300");
        Recording r = new Recording();
        run(r, env, "download", "--catalog", catalog, "--quiet");
        SessionSettings s = r.settings.get();
        assertNotNull(s, "a session was opened");
        assertEquals(catalog, r.source.get());
        assertEquals(tmp.resolve("env-cache"), s.cacheDir());
        assertEquals(2, s.parallel());
        assertEquals(Duration.ofMillis(300), s.progressInterval());
        assertEquals(Duration.ofSeconds(60), s.stallTimeout(), "the portable default of --stall-timeout");
        assertTrue(!s.allowUnverified());
        assertNotNull(s.warnings(), "warnings go to the command's error stream");

        Recording r2 = new Recording();
        run(
                r2,
                env,
                "download",
                "--catalog",
                catalog,
                "--quiet",
                "--cache",
                tmp.resolve("opt").toString(),
                "--allow-unverified",
                "--stall-timeout",
                "9");
        SessionSettings s2 = r2.settings.get();
        assertEquals(tmp.resolve("opt").toAbsolutePath(), s2.cacheDir());
        assertTrue(s2.allowUnverified());
        assertEquals(Duration.ofSeconds(9), s2.stallTimeout());
        assertEquals(2, s2.parallel(), "the environment still counts where no option says otherwise");
    }

    @Test
    void searchAndRunTakeTheSameSettings() throws Exception {
        String catalog = Files.writeString(tmp.resolve("catalog.json"), "{}").toString();
        Map<String, String> env = Map.of("WUDL_CACHE", tmp.resolve("env-cache").toString());
        Recording search = new Recording();
        run(search, env, "search", "--catalog", catalog);
        assertEquals(tmp.resolve("env-cache"), search.settings.get().cacheDir());

        Path script = Files.writeString(
                tmp.resolve("s.js"),
                "var s = new ActiveXObject('Microsoft.Update.Session');\n"
                        + "try { s.CreateUpdateSearcher().Search('IsInstalled=0'); } catch (e) {}\n");
        Recording runBackend = new Recording();
        run(runBackend, env, "run", "--catalog", catalog, script.toString());
        assertEquals(catalog, runBackend.source.get());
        assertEquals(tmp.resolve("env-cache"), runBackend.settings.get().cacheDir());
    }

    @Test
    void anEmbeddedCommandLineDoesNotReadTheProcessEnvironment() throws Exception {
        // whatever this process's WUDL_CACHE is, an embedded environment without one gives the fallback folder
        String catalog = Files.writeString(tmp.resolve("catalog.json"), "{}").toString();
        Recording r = new Recording();
        run(r, Map.of("XDG_CACHE_HOME", tmp.resolve("xdg").toString()), "search", "--catalog", catalog);
        assertEquals(tmp.resolve("xdg").resolve("wudl"), r.settings.get().cacheDir());
    }

    @Test
    void theBackendsKeepTheirSourceRules() throws Exception {
        SessionSettings settings = SessionSettings.builder().cacheDir(tmp).build();
        WuaException noCatalog =
                assertThrows(WuaException.class, () -> PortableBackend.INSTANCE.openSession(null, settings));
        assertEquals(HResult.WU_E_NO_SERVICE.code(), noCatalog.hresult());
        assertTrue(PortableBackend.INSTANCE.needsSource());

        // WUA has a service of its own and refuses a catalog before it looks for COM: true on every OS
        WuaException catalog =
                assertThrows(WuaException.class, () -> WindowsBackend.INSTANCE.openSession("c.json", settings));
        assertEquals(HResult.E_NOTIMPL.code(), catalog.hresult());
        assertTrue(catalog.getMessage().contains("c.json"), catalog.getMessage());
        assertTrue(!WindowsBackend.INSTANCE.needsSource());
        assertEquals("the Windows Update Agent", WindowsBackend.INSTANCE.describe(null));
        if (!WindowsBackend.available()) {
            WuaException off =
                    assertThrows(WuaException.class, () -> WindowsBackend.INSTANCE.openSession(null, settings));
            assertEquals(HResult.WU_E_NOT_SUPPORTED.code(), off.hresult());
        }
        try (var written = Files.list(tmp)) {
            assertEquals(0, written.count(), "nothing written");
        }
    }

    @Test
    void aScriptOfABackendWithItsOwnServiceSearchesItWithoutACatalog() throws Exception {
        Recording own = new Recording() {
            @Override
            public boolean needsSource() {
                return false;
            }
        };
        Path script = Files.writeString(
                tmp.resolve("s.js"),
                "var s = new ActiveXObject('Microsoft.Update.Session');\n"
                        + "try { s.CreateUpdateSearcher().Search('IsInstalled=0'); } catch (e) {"
                        + " WScript.Echo('search: ' + e.message); }\n");
        String err = run(own, Map.of(), "run", script.toString());
        assertNotNull(own.settings.get(), "the default session was opened: " + err);
        assertNull(own.source.get(), "with no source");
    }
}
