package io.github.wudl.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Windows Script Files: a job's scripts, includes, objects and runtime, as WSH runs them. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WsfJobTest {
    @TempDir
    Path tmp;

    private ScriptFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ScriptFixture(tmp);
        f.update("Update A", 1000);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private ScriptOutcome runWsf(String name, String wsf, String... args) throws Exception {
        return f.runFile(Files.writeString(tmp.resolve(name), wsf), args);
    }

    @Test
    void aJobRunsItsBlocksInOrderWithIncludesAndObjects() throws Exception {
        Files.createDirectories(tmp.resolve("lib"));
        Files.writeString(tmp.resolve("lib/util.js"), "function twice(x) { return x + x; }\n");
        ScriptOutcome o = runWsf(
                "update.wsf",
                String.join(
                        "\n",
                        "<?xml version=\"1.0\"?>",
                        "<package>",
                        "<job id=\"main\">",
                        "  <runtime>",
                        "    <description>Downloads what the catalog has.</description>",
                        "    <named name=\"kb\" helpstring=\"the KB to fetch\" type=\"string\" required=\"false\"/>",
                        "  </runtime>",
                        "  <object id=\"session\" progid=\"Microsoft.Update.Session\"/>",
                        "  <script language=\"JScript\" src=\"lib/util.js\"/>",
                        "  <script language=\"JScript\">",
                        "    var n = session.CreateUpdateSearcher().Search('IsInstalled=0').Updates.Count;",
                        "    if (n < 2 && n > 0) WScript.Echo(twice('ok'), n, WScript.ScriptName);",
                        "  </script>",
                        "  <script language=\"JScript\"><![CDATA[",
                        "    WScript.Echo('kb ' + WScript.Arguments.Named('kb'));",
                        "    WScript.Arguments.ShowUsage();",
                        "  ]]></script>",
                        "</job>",
                        "<job id=\"other\"><script language=\"JScript\">WScript.Echo('not run');</script></job>",
                        "</package>"),
                "/kb:5050000");
        assertEquals(ScriptOutcome.Kind.COMPLETED, o.kind(), o + f.err());
        String out = f.out().strip().replace("\r\n", "\n");
        assertTrue(
                out.startsWith("okok 1 update.wsf\nkb 5050000\nDownloads what the catalog has.\nUsage: update.wsf"
                        + " /kb:value"),
                out);
        assertTrue(out.contains("kb : the KB to fetch") && !out.contains("not run"), out);
    }

    @Test
    void errorsNameTheWsfLine() throws Exception {
        ScriptOutcome o = runWsf(
                "broken.wsf",
                "<job>\n<script language=\"JScript\">\nvar a = 1;\nnoSuchFunction();\n</script>\n</job>\n");
        assertEquals(ScriptOutcome.Kind.ERROR, o.kind());
        assertTrue(o.message().contains("broken.wsf:4:1: ReferenceError: noSuchFunction is not defined"), o.message());
    }

    @Test
    void whatCannotRunIsRefusedSayingWhy() throws Exception {
        assertTrue(assertThrows(
                        ScriptHost.BadScriptFile.class,
                        () -> runWsf("vb.wsf", "<job>\n<script language=\"VBScript\">WScript.Echo 1</script></job>"))
                .getMessage()
                .contains("vb.wsf:2: a <script language=\"VBScript\"> block: wudl runs JScript only"));
        assertTrue(assertThrows(ScriptHost.BadScriptFile.class, () -> runWsf("nojob.wsf", "<script>x</script>"))
                .getMessage()
                .contains("has no <job>"));
        Files.writeString(tmp.getParent().resolve("outside-" + tmp.getFileName() + ".js"), "WScript.Echo('no');");
        String escape = "<job><script language=\"JScript\" src=\"../outside-" + tmp.getFileName() + ".js\"/></job>";
        assertTrue(assertThrows(ScriptHost.BadScriptFile.class, () -> runWsf("escape.wsf", escape))
                .getMessage()
                .contains("is outside the .wsf's folder"));
        Files.delete(tmp.getParent().resolve("outside-" + tmp.getFileName() + ".js"));
    }
}
