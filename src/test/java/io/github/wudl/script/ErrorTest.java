package io.github.wudl.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** WUA failures as JS errors, and script errors as file:line:column with exit 1. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ErrorTest {
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

    private String script() {
        return tmp.resolve("test.js").toString();
    }

    @Test
    void wuaFailuresAreJsErrorsWithTheHresult() throws Exception {
        ScriptOutcome o = f.run(String.join(
                "\n",
                "var d = new ActiveXObject('Microsoft.Update.Session').CreateUpdateDownloader();",
                "d.Updates = new ActiveXObject('Microsoft.Update.UpdateColl');",
                "try { d.BeginDownload(function () {}, function () {}); } catch (e) {",
                "  WScript.Echo(e.number, (e.number >>> 0).toString(16), e instanceof Error, e.name);",
                "  WScript.Echo(e.description);",
                "  WScript.Echo(e.message === e.description, e.hresultName); }"));
        assertEquals(0, o.exitCode(), f.err());
        String[] lines = f.out().strip().split("\n", -1);
        assertEquals("-2145124316 80240024 true Error", lines[0]);
        assertEquals(
                "WU_E_NO_UPDATE (0x80240024): the downloader's Updates is empty; add at least one update", lines[1]);
        assertEquals("true WU_E_NO_UPDATE", lines[2]);
    }

    @Test
    void anUncaughtWuaErrorPointsAtTheCallingLine() throws Exception {
        ScriptOutcome o = f.run(String.join(
                "\n",
                "var d = new ActiveXObject('Microsoft.Update.Downloader');",
                "WScript.Echo('before');",
                "var job = d.BeginDownload(function () {}, function () {});",
                "WScript.Echo('after');"));
        assertEquals(ScriptOutcome.Kind.ERROR, o.kind());
        assertEquals(1, o.exitCode());
        assertEquals("before", f.out().strip());
        assertTrue(
                f.err()
                        .startsWith(script() + ":3:11: Error: WU_E_NO_UPDATE (0x80240024): the downloader's Updates"
                                + " is not set"),
                f.err());
        assertEquals(o.message(), f.err().strip());
    }

    @Test
    void syntaxErrorsShowFileLineAndColumn() throws Exception {
        ScriptOutcome o = f.run("WScript.Echo('never');\nvar x = ;\n");
        assertEquals(ScriptOutcome.Kind.ERROR, o.kind());
        assertEquals(1, o.exitCode());
        assertEquals("", f.out());
        assertTrue(f.err().startsWith(script() + ":2:9: SyntaxError: Expected an operand but found ;"), f.err());
    }

    @Test
    void runtimeErrorsShowFileLineAndColumn() throws Exception {
        ScriptOutcome o = f.run("WScript.Echo('one');\nvar o = null;\n  o.x = 1;\n");
        assertEquals(1, o.exitCode());
        assertEquals("one", f.out().strip());
        assertTrue(f.err().startsWith(script() + ":3:3: TypeError: "), f.err());
        ScriptOutcome thrown = f.run("throw 'plain string';");
        assertEquals(1, thrown.exitCode());
        assertTrue(f.err().contains("plain string"), f.err());
    }

    @Test
    void errorsInScriptsWithTopLevelAwaitKeepTheirColumns() throws Exception {
        ScriptOutcome o = f.run("await null; null.y;\n");
        assertEquals(1, o.exitCode());
        assertTrue(f.err().startsWith(script() + ":1:13: unhandled promise rejection: TypeError: "), f.err());
        ScriptOutcome syntax = f.run("await null; var = 1;\n");
        assertEquals(1, syntax.exitCode());
        assertTrue(f.err().startsWith(script() + ":1:17: SyntaxError: "), f.err());
    }

    @Test
    void anUnhandledRejectionEndsTheRunWithExit1() throws Exception {
        // as in node, the rejection is seen once the body and its pending reactions have run; then the run ends
        ScriptOutcome o = f.run("Promise.reject(new Error('nobody listens'));\nWScript.Echo('body ends');\n"
                + "var s = new ActiveXObject('Microsoft.Update.Session'), d = s.CreateUpdateDownloader();\n"
                + "d.Updates = s.CreateUpdateSearcher().Search('').Updates;\n"
                + "d.BeginDownload(function () {}, function () { WScript.Echo('completed: not reached'); });");
        assertEquals(ScriptOutcome.Kind.ERROR, o.kind());
        assertEquals(1, o.exitCode());
        assertTrue(f.err().startsWith(script() + ":1:16: unhandled promise rejection: Error: nobody listens"), f.err());
        assertEquals("body ends", f.out().strip());
    }

    @Test
    void aMissingScriptFileIsAnIoError() {
        org.junit.jupiter.api.Assertions.assertThrows(
                java.io.IOException.class, () -> f.runFile(tmp.resolve("nope.js")));
    }
}
