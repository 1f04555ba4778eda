package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.github.wudl.portable.PortableBackend;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** {@code wudl hide} and {@code wudl unhide}: by ID or KB, seen by later searches, safe with two processes. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class VisibilityCommandTest {
    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path tmp;

    private Path catalog;
    private Path cache;

    record Run(int status, String out, String err) {}

    private static String id(int i) {
        return String.format("%08x-0000-4000-8000-%012x", i, i);
    }

    @BeforeEach
    void writeCatalog() throws Exception {
        StringBuilder updates = new StringBuilder();
        for (int i = 1; i <= 24; i++) {
            updates.append(i == 1 ? "" : ",")
                    .append("{\"id\":\"")
                    .append(id(i))
                    .append("\",\"title\":\"Update ")
                    .append(i)
                    .append("\",\"kb\":[\"")
                    .append(5000000 + i)
                    .append("\"],\"files\":[{\"name\":\"u")
                    .append(i)
                    .append(".cab\",\"url\":\"http://127.0.0.1:9/u")
                    .append(i)
                    .append(".cab\",\"size\":10,\"sha256\":\"")
                    .append("ab".repeat(32))
                    .append("\"}]}");
        }
        catalog = Files.writeString(
                tmp.resolve("catalog.json"), "{\"format\":\"wudl-catalog/1\",\"updates\":[" + updates + "]}");
        cache = tmp.resolve("cache");
    }

    private Run wudl(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // the default cache is this test's too: nothing is written outside the temporary folder
        int status = Main.run(env(cache), new PrintWriter(out), new PrintWriter(err), args);
        return new Run(status, out.toString(), err.toString());
    }

    private static CliEnvironment env(Path cacheDir) {
        return new CliEnvironment(PortableBackend.INSTANCE, false, Map.of("WUDL_CACHE", cacheDir.toString()));
    }

    @Test
    void hidesByIdOrKbAndLaterSearchesLeaveThemOut() throws Exception {
        Run hide = wudl("hide", "--catalog", catalog.toString(), "--cache", cache.toString(), "KB5000002", id(3));
        assertEquals(0, hide.status(), hide.err());
        assertTrue(hide.out().contains("hidden: " + id(2) + "  Update 2"), hide.out());
        Run r = searchIn(cache, "IsHidden=1");
        assertTrue(r.out().contains(id(2)) && r.out().contains(id(3)), r.out());
        assertEquals(22, countUpdates(searchIn(cache, "IsHidden=0")));

        Run unhide = wudl("unhide", "--catalog", catalog.toString(), "--cache", cache.toString(), "5000002");
        assertEquals(0, unhide.status(), unhide.err());
        assertEquals(23, countUpdates(searchIn(cache, "IsHidden=0")));

        Run unknown = wudl("hide", "--catalog", catalog.toString(), "--cache", cache.toString(), id(4), "KB42");
        assertEquals(2, unknown.status(), unknown.err());
        assertTrue(
                unknown.err().contains("no update in " + catalog + " has the KB KB42; nothing was hidden"),
                unknown.err());
        assertEquals(23, countUpdates(searchIn(cache, "IsHidden=0")), "the known target was not hidden either");

        Run bad = wudl("hide", "--catalog", catalog.toString(), "--cache", cache.toString(), "yesterday's");
        assertEquals(2, bad.status(), bad.err());
        assertTrue(bad.err().contains("is neither an update ID (a GUID) nor a KB number"), bad.err());
    }

    @Test
    void downloadHidesAndUnhidesBeforeItsSearch() throws Exception {
        // IsInstalled=1 selects nothing here: the run changes visibility and fetches nothing
        Run first = wudl(
                "download",
                "--catalog",
                catalog.toString(),
                "--cache",
                cache.toString(),
                "--hide",
                "KB5000002,KB5000003",
                "--hide",
                id(4),
                "--quiet",
                "--criteria",
                "IsInstalled=1");
        assertEquals(0, first.status(), first.err());
        assertTrue(first.out().contains("hidden: " + id(4) + "  Update 4"), first.out());
        assertEquals(3, countUpdates(searchIn(cache, "IsHidden=1")));

        Run both = wudl(
                "download",
                "--catalog",
                catalog.toString(),
                "--cache",
                cache.toString(),
                "--unhide",
                "KB5000004",
                "--hide",
                id(4),
                "--criteria",
                "IsInstalled=1");
        assertEquals(2, both.status(), both.err());
        assertTrue(both.err().contains("is named both to hide and to unhide"), both.err());

        Run unknown = wudl(
                "download",
                "--catalog",
                catalog.toString(),
                "--cache",
                cache.toString(),
                "--unhide",
                "KB5000002",
                "--unhide",
                "KB77",
                "--criteria",
                "IsInstalled=1");
        assertEquals(2, unknown.status(), unknown.err());
        assertTrue(unknown.err().contains("has the KB KB77; nothing was shown"), unknown.err());
        assertEquals(3, countUpdates(searchIn(cache, "IsHidden=1")), "neither change was made");

        Run shown = wudl(
                "download",
                "--catalog",
                catalog.toString(),
                "--cache",
                cache.toString(),
                "--unhide",
                "5000002",
                "--quiet",
                "--criteria",
                "IsInstalled=1");
        assertEquals(0, shown.status(), shown.err());
        assertEquals(2, countUpdates(searchIn(cache, "IsHidden=1")));
    }

    @Test
    void twoProcessesHidingAtOnceKeepBoth() throws Exception {
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<Process> processes = new ArrayList<>();
        for (int p = 0; p < 2; p++) {
            List<String> cmd = new ArrayList<>(List.of(
                    java,
                    "-cp",
                    cp,
                    Main.class.getName(),
                    "hide",
                    "--catalog",
                    catalog.toString(),
                    "--cache",
                    cache.toString()));
            for (int i = 1; i <= 12; i++) {
                cmd.add(id(p * 12 + i)); // each hides its own twelve, one change at a time
            }
            processes.add(new ProcessBuilder(cmd)
                    .redirectErrorStream(true)
                    .redirectOutput(tmp.resolve("p" + p + ".log").toFile())
                    .start());
        }
        for (int p = 0; p < 2; p++) {
            assertTrue(processes.get(p).waitFor(90, TimeUnit.SECONDS));
            assertEquals(
                    0,
                    processes.get(p).exitValue(),
                    Files.readString(tmp.resolve("p" + p + ".log"), StandardCharsets.UTF_8));
        }
        assertEquals(0, countUpdates(searchIn(cache, "IsHidden=0")), "all 24 hidden: neither lost the other's");
        assertEquals(24, countUpdates(searchIn(cache, "IsHidden=1")));
    }

    private Run searchIn(Path cacheDir, String criteria) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status = Main.run(
                env(cacheDir),
                new PrintWriter(out),
                new PrintWriter(err),
                "search",
                "--catalog",
                catalog.toString(),
                "--json",
                criteria);
        assertEquals(0, status, err.toString());
        return new Run(status, out.toString(), err.toString());
    }

    private static int countUpdates(Run r) throws Exception {
        return JSON.readTree(r.out()).get("updates").size();
    }
}
