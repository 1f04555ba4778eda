package io.github.wudl.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Each way out of the sandbox a script might try, and the timeout that stops a runaway script. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class SandboxTest {
    @TempDir
    Path tmp;

    private ScriptFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ScriptFixture(tmp);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    /** Runs {@code expr} in a try block and echoes either its value or the error's name. */
    private String probe(String expr) throws Exception {
        ScriptOutcome o = f.run("var r; try { r = 'value: ' + String(" + expr + "); } catch (e) { r = 'threw'; }\n"
                + "WScript.Echo(r);");
        assertEquals(ScriptOutcome.Kind.COMPLETED, o.kind(), f.err());
        return f.out().strip();
    }

    @Test
    void noJavaInteropGlobals() throws Exception {
        for (String name : new String[] {
            "Java",
            "Packages",
            "java",
            "javax",
            "com",
            "org",
            "Polyglot",
            "Graal",
            "load",
            "loadWithNewGlobal",
            "print",
            "printErr",
            "quit",
            "exit",
            "read",
            "readline",
            "readbuffer",
            "readFile",
            "require",
            "module",
            "process",
            "importPackage",
            "JavaImporter"
        }) {
            assertEquals("value: undefined", probe("typeof " + name + " === 'undefined' ? undefined : " + name), name);
        }
        assertEquals("threw", probe("Java.type('java.lang.Runtime')"));
        assertEquals("threw", probe("Polyglot.eval('js', '1')"));
    }

    @Test
    void noReflectionThroughHostObjects() throws Exception {
        // a Java method's name is just a name the object lacks: JScript's error 438, never a Java object
        for (String expr : new String[] {
            "WScript.getClass",
            "new ActiveXObject('Microsoft.Update.Session').getClass",
            "WScript.StdOut.getClass",
            "WScript.Arguments.getClass",
            "new ActiveXObject('Microsoft.Update.UpdateColl').getClass"
        }) {
            ScriptOutcome o = f.run("try { WScript.Echo(typeof " + expr + "); } catch (e) { WScript.Echo(e.number); }");
            assertEquals(ScriptOutcome.Kind.COMPLETED, o.kind(), f.err());
            assertEquals("-2146827850", f.out().strip(), expr);
        }
        // an error raised by a host call is a plain JS Error, not a Java exception object
        ScriptOutcome o = f.run("try { new ActiveXObject('WScript.Shell'); } catch (e) {"
                + " WScript.Echo(e instanceof Error, typeof e.getClass, typeof e.printStackTrace,"
                + " Object.getPrototypeOf(e) === Error.prototype); }");
        assertEquals(ScriptOutcome.Kind.COMPLETED, o.kind(), f.err());
        assertEquals("true undefined undefined true", f.out().strip());
        // the constructor chain ends in JS's own Function, which has no host access either
        assertEquals("threw", probe("WScript.Echo.constructor.constructor('return Java.type')()('java.lang.System')"));
    }

    @Test
    void onlyWuaProgIds() throws Exception {
        for (String progId : new String[] {
            "WScript.Shell",
            "Scripting.FileSystemObject",
            "ADODB.Stream",
            "MSXML2.XMLHTTP",
            "Shell.Application",
            "WScript.Network",
            "Microsoft.Update.Installer",
            "Microsoft.Update.InstallationAgent"
        }) {
            ScriptOutcome o = f.run("try { new ActiveXObject('" + progId + "'); WScript.Echo('created'); }"
                    + " catch (e) { WScript.Echo(e.number, e.message); }\n"
                    + "try { WScript.CreateObject('" + progId + "'); WScript.Echo('created'); }"
                    + " catch (e) { WScript.Echo(e.number); }");
            assertEquals(ScriptOutcome.Kind.COMPLETED, o.kind(), f.err());
            String[] lines = f.out().strip().split("\n", -1);
            assertTrue(lines[0].startsWith("-2147221005 CO_E_CLASSSTRING (0x800401F3): '" + progId + "'"), lines[0]);
            assertEquals("-2147221005", lines[1].strip());
        }
    }

    @Test
    void noFileAccessOfItsOwn() throws Exception {
        Path secret = Files.writeString(tmp.resolve("secret.txt"), "secret");
        String p = secret.toString().replace("\\", "\\\\");
        assertEquals("threw", probe("load('" + p + "')"));
        assertEquals("threw", probe("readFile('" + p + "')"));
        assertEquals("threw", probe("require('fs')"));
        // dynamic import goes through the file system, which the context may not use
        ScriptOutcome o = f.run("import('" + p + "').then(function () { WScript.Echo('imported'); },"
                + " function (e) { WScript.Echo('refused'); });");
        assertEquals(ScriptOutcome.Kind.COMPLETED, o.kind(), f.err());
        assertEquals("refused", f.out().strip());
    }

    @Test
    void consoleWritesToTheRunsStreamsOnly() throws Exception {
        ScriptOutcome o = f.run("console.log('to out', 1); console.error('to err'); WScript.Echo('echo');");
        assertEquals(ScriptOutcome.Kind.COMPLETED, o.kind(), f.err());
        assertEquals("to out 1\necho", f.out().strip());
        assertEquals("to err", f.err().strip());
    }

    @Test
    void timeoutStopsAnEndlessLoop() throws Exception {
        f.timeout = Duration.ofMillis(500);
        ScriptOutcome o = f.run("WScript.Echo('start'); while (true) { }");
        assertEquals(ScriptOutcome.Kind.TIMED_OUT, o.kind());
        assertEquals(3, o.exitCode());
        assertTrue(f.err().contains("timeout"), f.err());
    }

    @Test
    void timeoutStopsALoopThatSwallowsErrors() throws Exception {
        f.timeout = Duration.ofMillis(500);
        ScriptOutcome o = f.run("while (true) { try { WScript.Sleep(50); } catch (e) { } }");
        assertEquals(ScriptOutcome.Kind.TIMED_OUT, o.kind());
        assertEquals(3, o.exitCode());
    }

    @Test
    void timeoutStopsAnEndlessLoopInsideACallback() throws Exception {
        f.update("Update A", 100_000);
        f.timeout = Duration.ofSeconds(2);
        ScriptOutcome o = f.run(String.join(
                "\n",
                "var s = new ActiveXObject('Microsoft.Update.Session');",
                "var d = s.CreateUpdateDownloader();",
                "d.Updates = s.CreateUpdateSearcher().Search('IsInstalled=0').Updates;",
                "d.BeginDownload(function () {}, function () { WScript.Echo('spinning'); for (;;) { } });"));
        assertEquals(ScriptOutcome.Kind.TIMED_OUT, o.kind(), f.err());
        assertEquals(3, o.exitCode());
        assertTrue(f.out().contains("spinning"), f.out());
    }

    @Test
    void quitCannotBeCaught() throws Exception {
        ScriptOutcome o =
                f.run("try { WScript.Quit(7); } catch (e) { WScript.Echo('caught'); }\n" + "WScript.Echo('after');");
        assertEquals(ScriptOutcome.Kind.QUIT, o.kind());
        assertEquals(7, o.exitCode());
        assertFalse(f.out().contains("caught") || f.out().contains("after"), f.out());
    }
}
