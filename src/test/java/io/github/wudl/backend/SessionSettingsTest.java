package io.github.wudl.backend;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.transfer.TransferConfig;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The one reader of a session's environment, and the settings' own rules. */
class SessionSettingsTest {
    @TempDir
    Path tmp;

    @Test
    void theEnvironmentMapIsWhatIsRead() {
        List<String> notices = new ArrayList<>();
        SessionSettings s = SessionSettings.fromEnvironment(
                Map.of(
                        "WUDL_CACHE", tmp.resolve("c").toString(),
                        "WUDL_PARALLEL", "3",
                        "WUDL_PROGRESS_INTERVAL_MS", "250"),
                notices::add);
        assertEquals(tmp.resolve("c"), s.cacheDir());
        assertEquals(3, s.parallel());
        assertEquals(Duration.ofMillis(250), s.progressInterval());
        assertTrue(notices.isEmpty(), notices.toString());
        // what the backends decide stays unset
        assertNull(s.stallTimeout());
        assertNull(s.callbackErrorReporter());
        assertNull(s.warnings());
    }

    @Test
    void cacheFolderFallsBackThroughTheDocumentedVariables() {
        assertEquals(
                tmp.resolve("xdg").resolve("wudl"),
                SessionSettings.defaultCacheDir(
                        Map.of("XDG_CACHE_HOME", tmp.resolve("xdg").toString())));
        assertEquals(
                Path.of(System.getProperty("user.home"), ".cache", "wudl").toAbsolutePath(),
                SessionSettings.defaultCacheDir(Map.of("WUDL_CACHE", "  ")));
        // a relative WUDL_CACHE is made absolute, against the working directory
        assertTrue(SessionSettings.defaultCacheDir(Map.of("WUDL_CACHE", "rel")).isAbsolute());
    }

    @Test
    void badNumbersAreIgnoredAndTooManyFilesInFlightAreCappedWithOneNotice() {
        List<String> notices = new ArrayList<>();
        SessionSettings bad = SessionSettings.fromEnvironment(
                Map.of("WUDL_PARALLEL", "lots", "WUDL_PROGRESS_INTERVAL_MS", "-5"), notices::add);
        assertEquals(0, bad.parallel());
        assertEquals(SessionSettings.DEFAULT_PROGRESS_INTERVAL, bad.progressInterval());
        assertTrue(notices.isEmpty(), notices.toString());

        SessionSettings capped = SessionSettings.fromEnvironment(Map.of("WUDL_PARALLEL", "100000"), notices::add);
        assertEquals(TransferConfig.MAX_PARALLEL, capped.parallel());
        assertEquals(1, notices.size(), notices.toString());
        assertTrue(notices.get(0).contains("WUDL_PARALLEL=100000"), notices.get(0));
    }

    @Test
    void toBuilderKeepsEverythingAndTheBuilderRefusesNonsense() {
        SessionSettings s = SessionSettings.builder()
                .cacheDir(tmp)
                .allowUnverified(true)
                .stallTimeout(Duration.ofSeconds(7))
                .parallel(5)
                .build();
        SessionSettings copy = s.toBuilder().build();
        assertEquals(s.cacheDir(), copy.cacheDir());
        assertTrue(copy.allowUnverified());
        assertEquals(Duration.ofSeconds(7), copy.stallTimeout());
        assertEquals(5, copy.parallel());
        assertThrows(
                IllegalArgumentException.class, () -> SessionSettings.builder().stallTimeout(Duration.ZERO));
        assertThrows(
                IllegalArgumentException.class, () -> SessionSettings.builder().parallel(-1));
        assertThrows(
                IllegalArgumentException.class,
                () -> SessionSettings.builder().progressInterval(Duration.ofMillis(-1)));
    }
}
