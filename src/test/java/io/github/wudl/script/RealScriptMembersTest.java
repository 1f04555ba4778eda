package io.github.wudl.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.TextNode;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The members real WSH scripts read, each with WUA's type and a value, and the history a script asks for. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class RealScriptMembersTest {
    private static final String SECURITY = "0fa1201d-4330-4fa8-8ae9-b877473b6441";

    @TempDir
    java.nio.file.Path tmp;

    private ScriptFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ScriptFixture(tmp);
        String id = f.update("Update A (KB1)", 1000);
        f.category(
                id,
                new ObjectMapper()
                        .readTree("{\"id\": \"" + SECURITY.toUpperCase(java.util.Locale.ROOT)
                                + "\", \"name\": \"Security Updates\"," + " \"type\": \"UpdateClassification\"}"));
        f.category(id, TextNode.valueOf("Windows Server 2022"));
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private static final String FIRST = "var u = new ActiveXObject('Microsoft.Update.Session').CreateUpdateSearcher()"
            + ".Search('IsInstalled=0').Updates.Item(0);\n";

    @Test
    void updateMembersHaveWuasTypesAndValues() throws Exception {
        assertEquals(
                List.of(
                        "boolean false",
                        "undefined",
                        "number 0 0",
                        "boolean false 2",
                        "0 0",
                        "number 0 0 0",
                        "boolean false true false",
                        "string  ",
                        "-2145124297"),
                f.runCompleted(
                        FIRST,
                        "WScript.Echo(typeof u.AutoSelectOnWebSites, u.AutoSelectOnWebSites);",
                        "WScript.Echo(typeof u.Deadline);",
                        "WScript.Echo(typeof u.AutoDownload, u.AutoDownload, u.AutoSelection);",
                        "var b = u.UninstallationBehavior;",
                        "WScript.Echo(typeof b.CanRequestUserInput, b.RequiresNetworkConnectivity, b.RebootBehavior);",
                        "WScript.Echo(u.Languages.Count, u.UninstallationSteps.Count);",
                        "WScript.Echo(typeof u.RecommendedMemory, u.RecommendedMemory, u.RecommendedCpuSpeed,"
                                + " u.RecommendedHardDiskSpace);",
                        "WScript.Echo(typeof u.PerUser, u.DeltaCompressedContentAvailable,"
                                + " u.DeltaCompressedContentPreferred, u.IsUninstallable);",
                        "WScript.Echo(typeof u.HandlerID, u.HandlerID, u.UninstallationNotes);",
                        "try { u.CopyToCache(null); } catch (e) { WScript.Echo(e.number); }"));
    }

    @Test
    void categoriesCarryTheirIdsWhereTheCatalogGivesThem() throws Exception {
        assertEquals(
                List.of(
                        SECURITY + " Security Updates UpdateClassification",
                        "Windows Server 2022 Windows Server 2022 ",
                        "0 0 true",
                        "1"),
                f.runCompleted(
                        FIRST,
                        "var c = u.Categories;",
                        "for (var i = 0; i < c.Count; i++) WScript.Echo(c.Item(i).CategoryID, c.Item(i).Name,"
                                + " c.Item(i).Type);",
                        "WScript.Echo(c.Item(0).Children.Count, c.Item(0).Order, c.Item(0).Parent === null);",
                        "WScript.Echo(new ActiveXObject('Microsoft.Update.Session').CreateUpdateSearcher()"
                                + ".Search(\"CategoryIDs contains '" + SECURITY + "'\").Updates.Count);"));
    }

    @Test
    void theHistoryIsHonestlyEmpty() throws Exception {
        assertEquals(
                List.of("0 0", "-2147024809", "O''Brien"),
                f.runCompleted(
                        "",
                        "var s = new ActiveXObject('Microsoft.Update.Session').CreateUpdateSearcher();",
                        "var n = s.GetTotalHistoryCount();",
                        "WScript.Echo(n, s.QueryHistory(0, n).Count);",
                        "try { s.QueryHistory(-1, 5); } catch (e) { WScript.Echo(e.number); }",
                        "WScript.Echo(s.EscapeString(\"O'Brien\"));"));
    }
}
