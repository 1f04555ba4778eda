package io.github.wudl.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** WSH as scripts use it: the WSH alias, StdIn, named and unnamed arguments, GetObject. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WshHostTest {
    @TempDir
    java.nio.file.Path tmp;

    private ScriptFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ScriptFixture(tmp);
        f.update("Update A", 1000); // KB5010000
        f.update("Update B", 1000); // KB5010001
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void aScriptReadsTheKbsPipedIntoIt() throws Exception {
        f.stdin = "KB5010001\r\n\nKB5010000\nKB9";
        assertEquals(
                List.of("want 5010001", "want 5010000", "want 9", "found 2", "-2146828226 true"),
                f.runCompleted(
                        "",
                        "var wanted = {}, n = 0;",
                        "while (!WSH.StdIn.AtEndOfStream) {",
                        "  var line = WScript.StdIn.ReadLine().replace(/^KB/i, '');",
                        "  if (line) { wanted[line] = true; WScript.Echo('want ' + line); }",
                        "}",
                        "var u = new ActiveXObject('Microsoft.Update.Session').CreateUpdateSearcher()"
                                + ".Search('IsInstalled=0').Updates;",
                        "for (var i = 0; i < u.Count; i++) if (wanted[u.Item(i).KBArticleIDs.Item(0)]) n++;",
                        "WScript.Echo('found ' + n);",
                        "try { WScript.StdIn.ReadLine(); } catch (e) {"
                                + " WScript.Echo(e.number, e.message.indexOf('Input past end of file') > 0); }"));
    }

    @Test
    void readAllAndReadGiveTheRest() throws Exception {
        f.stdin = "ab\ncd";
        assertEquals(
                List.of("a 1 2", "b|cd false", "true"),
                f.runCompleted(
                        "",
                        "var s = WScript.StdIn;",
                        "WScript.Echo(s.Read(1), s.Line, s.Column);",
                        "WScript.Echo(s.ReadAll().replace('\\n', '|'), false);",
                        "WScript.Echo(s.AtEndOfStream);"));
    }

    @Test
    void namedAndUnnamedArgumentsAsWshParsesThem() throws Exception {
        f.run(
                String.join(
                        "\n",
                        "var a = WScript.Arguments, n = a.Named, u = a.Unnamed;",
                        "WScript.Echo(a.Count(), a.length, n.Count(), n.length, u.Count(), u.length);",
                        "WScript.Echo(n('kb'), n.Item('OUT'), n.Exists('verbose'), typeof n('verbose'),"
                                + " n.Exists('missing'), typeof n('missing'));",
                        "WScript.Echo(u(0), u.Item(1), u[0]);",
                        "WScript.Echo(n('url'));"),
                "/kb:5050001",
                "first",
                "/out:C:\\updates",
                "/verbose",
                "second",
                "/url:http://host:8080/x",
                "/Kb:5050002");
        assertEquals(
                String.join(
                        "\n",
                        "7 7 4 4 2 2",
                        "5050002 C:\\updates true undefined false undefined",
                        "first second first",
                        "http://host:8080/x"),
                f.out().strip().replace("\r\n", "\n"),
                f.err());
    }

    @Test
    void getObjectBindsNothing() throws Exception {
        assertEquals(
                List.of("-2147221020 true", "-2147221020"),
                f.runCompleted(
                        "",
                        "try { GetObject('winmgmts:\\\\\\\\.\\\\root\\\\cimv2'); } catch (e) {"
                                + " WScript.Echo(e.number, e.message.indexOf('offers no monikers') > 0); }",
                        "try { WScript.GetObject('C:\\\\x.xls'); } catch (e) { WScript.Echo(e.number); }"));
    }
}
