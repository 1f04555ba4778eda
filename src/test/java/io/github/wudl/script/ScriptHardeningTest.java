package io.github.wudl.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.wudl.portable.PortableBackend;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11, items 2 and 3 and the script messages: what a script may register with AddScanPackageService
 * (only --catalog and files under --allow-read folders, links resolved, regular files only), errors that never
 * quote a file the user did not name, and a host that does not depend on globals a script can replace.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScriptHardeningTest {
    private static final String SECRET = "AKIAIOSFODNN7EXAMPLE";

    @TempDir
    Path tmp;

    private ScriptFixture f;
    private Path allowed;
    private Path secret;

    @BeforeEach
    void setUp() throws Exception {
        f = new ScriptFixture(tmp);
        allowed = Files.createDirectories(tmp.resolve("allowed"));
        secret = Files.writeString(tmp.resolve("secret.txt"), "{\"key\": " + SECRET + "}\n");
        f.allowRead = List.of(allowed);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** Registers each location in turn; prints "OK" or the error's message, one line each. */
    private List<String> register(String... locations) throws Exception {
        StringBuilder js = new StringBuilder("var sm = new ActiveXObject('Microsoft.Update.ServiceManager');\n");
        for (String l : locations) {
            js.append("try { sm.AddScanPackageService('x', '")
                    .append(l.replace("\\", "\\\\"))
                    .append("'); WScript.Echo('OK'); } catch (e) { WScript.Echo(e.message); }\n");
        }
        ScriptOutcome o = f.run(js.toString());
        assertEquals(0, o.exitCode(), f.err());
        return List.of(f.out().strip().split("\r?\n"));
    }

    @Test
    void filesOutsideTheAllowedFoldersAreRefusedAlikeWhetherOrNotTheyExist() throws Exception {
        List<String> lines = register(
                secret.toString(),
                secret.toUri().toString(),
                "/proc/self/environ",
                tmp.resolve("no-such.json").toString(),
                allowed.resolve("../secret.txt").toString());
        for (String line : lines) {
            assertTrue(line.startsWith("E_ACCESSDENIED (0x80070005): "), line);
            assertTrue(line.contains("--allow-read DIR") && line.contains("--catalog"), line);
            assertFalse(line.contains(SECRET), line);
        }
        // existing and missing files get the same sentence, so a script cannot probe the file system
        assertEquals(
                lines.get(2).replace("/proc/self/environ", "X"),
                lines.get(3).replace(tmp.resolve("no-such.json").toString(), "X"));
    }

    @Test
    void aLinkInAnAllowedFolderThatPointsOutsideIsRefused() throws Exception {
        Path link = Files.createSymbolicLink(allowed.resolve("catalog.json"), secret);
        Path dirLink = Files.createSymbolicLink(allowed.resolve("up"), tmp);
        List<String> lines =
                register(link.toString(), dirLink.resolve("secret.txt").toString());
        assertTrue(lines.get(0).startsWith("E_ACCESSDENIED"), lines.get(0));
        assertTrue(lines.get(1).startsWith("E_ACCESSDENIED"), lines.get(1));
    }

    @Test
    void anAllowedFileThatIsNoCatalogIsRefusedWithoutQuotingIt() throws Exception {
        Path bad = Files.copy(secret, allowed.resolve("secret.json"));
        Path wrongFormat =
                Files.writeString(allowed.resolve("format.json"), "{\"format\": \"" + SECRET + "\", \"updates\": []}");
        List<String> lines = register(bad.toString(), wrongFormat.toString());
        assertTrue(lines.get(0).startsWith("E_INVALIDARG"), lines.get(0));
        assertTrue(lines.get(0).contains("line 1, column"), lines.get(0));
        assertTrue(lines.get(1).contains("at $.format"), lines.get(1));
        for (String line : lines) {
            assertFalse(line.contains(SECRET), line);
            assertTrue(line.contains("wudl search --catalog"), line);
        }
    }

    @Test
    void pipesDevicesAndFoldersAreRefusedBeforeAnythingOpensThem() throws Exception {
        Path zero = Files.createSymbolicLink(allowed.resolve("zero.json"), Path.of("/dev/zero"));
        assumeTrue(Files.exists(Path.of("/dev/zero")), "no /dev/zero here");
        Path fifo = allowed.resolve("fifo.json");
        boolean made;
        try {
            made = new ProcessBuilder("mkfifo", fifo.toString()).start().waitFor() == 0;
        } catch (java.io.IOException noMkfifo) {
            made = false;
        }
        assumeTrue(made, "mkfifo is not available");
        List<String> lines = register(fifo.toString(), allowed.toString(), zero.toString(), "/dev/zero");
        // opening the FIFO would block this run until the class timeout; reading /dev/zero would fill the heap
        assertTrue(
                lines.get(0).startsWith("E_INVALIDARG") && lines.get(0).contains("not a regular file"), lines.get(0));
        assertTrue(lines.get(1).contains("is a folder"), lines.get(1));
        assertTrue(lines.get(2).startsWith("E_ACCESSDENIED"), lines.get(2)); // the link leads out of the folder
        assertTrue(lines.get(3).startsWith("E_ACCESSDENIED"), lines.get(3));
    }

    @Test
    void theCatalogOfTheRunAndFilesUnderAllowedFoldersAreRegistered() throws Exception {
        f.update("In Catalog", 100);
        f.writeCatalog("catalog.json");
        f.clearUpdates();
        f.update("Allowed", 100);
        Path inAllowed = f.writeCatalog("allowed/offline.json");
        Path viaLink = Files.createSymbolicLink(allowed.resolve("same.json"), inAllowed);
        f.update("In Catalog", 100); // host() writes catalog.json again from these
        List<String> lines = register(
                tmp.resolve("catalog.json").toString(),
                inAllowed.toString(),
                viaLink.toString(),
                "http://127.0.0.1:1/catalog.json");
        assertEquals(List.of("OK", "OK", "OK"), lines.subList(0, 3));
        assertTrue(
                lines.get(3).startsWith("E_ACCESSDENIED") && lines.get(3).contains("only the URL given as --catalog"),
                lines.get(3));
    }

    @Test
    void aScriptThatReplacesErrorAndStringStillGetsWuaErrorsAndNoJavaNames() throws Exception {
        ScriptOutcome o = f.run(String.join(
                "\n",
                "Error = function () {}; String = null; Promise = null;",
                "var c = new ActiveXObject('Microsoft.Update.UpdateColl');",
                "try { c.Item(99); } catch (e) { WScript.Echo(e.number, e.message); }",
                "try { new ActiveXObject(ActiveXObject); } catch (e) { WScript.Echo(e.message); }",
                "try { c.Add(ActiveXObject); } catch (e) { WScript.Echo(e.message); }",
                "try { c.Add(c.Add); } catch (e) { WScript.Echo(e.message); }",
                "WScript.Echo(c, ActiveXObject);"));
        assertEquals(0, o.exitCode(), f.err());
        List<String> lines = List.of(f.out().strip().split("\r?\n"));
        assertEquals(5, lines.size(), f.out());
        assertEquals(
                "-2145124345 WU_E_INVALIDINDEX (0x80240007): index 99 is not in the collection: it is empty"
                        + " (Count is 0); check Count before Item(i)",
                lines.get(0));
        assertTrue(lines.get(1).startsWith("CO_E_CLASSSTRING"), lines.get(1));
        assertTrue(
                lines.get(2).startsWith("DISP_E_TYPEMISMATCH") && lines.get(2).endsWith("got function"), lines.get(2));
        for (String line : lines) {
            assertFalse(line.matches(".*(io\\.github|java\\.|Exception|@[0-9a-f]{6,}|not supported).*"), line);
        }
    }

    @Test
    void aNegativeIndexOnAnEmptyCollectionSaysItIsEmptyAtTheLine() throws Exception {
        ScriptOutcome o = f.run("var c = new ActiveXObject('Microsoft.Update.UpdateColl');\n" + "c.Item(-1);");
        assertEquals(1, o.exitCode());
        assertTrue(
                f.err()
                        .contains("test.js:2:1: Error: WU_E_INVALIDINDEX (0x80240007): index -1 is not in the"
                                + " collection: it is empty"),
                f.err());
    }

    @Test
    void theScanFileLimitIsTheCatalogLimit() {
        assertEquals(PortableBackend.MAX_CATALOG_BYTES, ScanFileAccess.MAX_SCAN_FILE_BYTES);
    }
}
