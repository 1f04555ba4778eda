package io.github.wudl.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** A script that hides what it finds, as real ones do: later searches, and later runs, see it. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class HiddenUpdatesScriptTest {
    @TempDir
    java.nio.file.Path tmp;

    private ScriptFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ScriptFixture(tmp);
        for (int i = 1; i <= 7; i++) {
            f.update("Update " + i + " (KB" + i + ")", 100L * i);
        }
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    // the style of scripts that hide updates until nothing is left (the loop ended only by the search)
    private static final String HIDE_UNTIL_NONE_LEFT = String.join(
            "\n",
            "var session = new ActiveXObject('Microsoft.Update.Session');",
            "var searcher = session.CreateUpdateSearcher();",
            "var rounds = 0;",
            "while (true) {",
            "  var result = searcher.Search('IsHidden=0 And IsInstalled=0');",
            "  if (result.Updates.Count == 0) break;",
            "  if (++rounds > 3) { WScript.Echo('still ' + result.Updates.Count); WScript.Quit(1); }",
            "  for (var i = 0; i < result.Updates.Count; i++) result.Updates.Item(i).IsHidden = 1;",
            "}",
            "WScript.Echo('rounds ' + rounds);",
            "WScript.Echo('hidden ' + searcher.Search('IsHidden=1').Updates.Count);");

    @Test
    void hidingChangesLaterSearchesAtOnceAndTheNextRun() throws Exception {
        assertEquals(List.of("rounds 1", "hidden 7"), f.runCompleted("", HIDE_UNTIL_NONE_LEFT));
        // the next run is a new process's view: the state was kept in the cache folder
        assertEquals(
                List.of("0 7 true"),
                f.runCompleted(
                        "",
                        "var s = new ActiveXObject('Microsoft.Update.Session').CreateUpdateSearcher();",
                        "var all = s.Search('IsInstalled=0').Updates;",
                        "WScript.Echo(s.Search('IsHidden=0').Updates.Count + ' '"
                                + " + s.Search('IsHidden=1').Updates.Count + ' ' + all.Item(0).IsHidden);"));
        assertEquals(
                List.of("shown 1", "visible 1"),
                f.runCompleted(
                        "",
                        "var s = new ActiveXObject('Microsoft.Update.Session').CreateUpdateSearcher();",
                        "var u = s.Search('IsInstalled=0').Updates.Item(2);",
                        "u.IsHidden = false;",
                        "WScript.Echo('shown ' + s.Search('IsHidden=0').Updates.Count);",
                        "var again = new ActiveXObject('Microsoft.Update.Session').CreateUpdateSearcher();",
                        "WScript.Echo('visible ' + again.Search('IsHidden=0').Updates.Count);"));
    }
}
