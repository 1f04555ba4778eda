package io.github.wudl.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The Windows Script Host surface: WScript, ActiveXObject, Enumerator, IDispatch-style member access. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class WshSurfaceTest {
    @TempDir
    Path tmp;

    private ScriptFixture f;
    private String idA;

    @BeforeEach
    void setUp() throws Exception {
        f = new ScriptFixture(tmp);
        idA = f.update("Update A (KB1)", 1000, 2000);
        f.update("Update B (KB2)", true, 3000);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private String run(String... lines) throws Exception {
        ScriptOutcome o = f.run(String.join("\n", lines));
        assertEquals(ScriptOutcome.Kind.COMPLETED, o.kind(), o + "\n" + f.err());
        return f.out().strip().replace("\r\n", "\n");
    }

    private static final String SEARCH = "var s = new ActiveXObject('Microsoft.Update.Session');"
            + " var found = s.CreateUpdateSearcher().Search('IsInstalled=0'); var u = found.Updates;";

    @Test
    void wscriptEchoArgumentsAndStreams() throws Exception {
        ScriptOutcome o = f.run(
                String.join(
                        "\n",
                        "WScript.Echo('a', 1, 2.5, true, null);",
                        "WScript.Echo();",
                        "var a = WScript.Arguments;",
                        "WScript.Echo(a.Count(), a.length, a.Item(0), a(1), a[2], a.item(0));",
                        "for (var x of a) WScript.StdOut.Write('[' + x + ']');",
                        "WScript.StdOut.WriteLine('');",
                        "WScript.StdErr.WriteLine('to stderr');",
                        "WScript.stdout.writeline('any case');",
                        "WScript.Echo(WScript.ScriptName, WScript.ScriptFullName === '"
                                + tmp.resolve("test.js")
                                        .toAbsolutePath()
                                        .toString()
                                        .replace("\\", "\\\\") + "');",
                        "WScript.Echo(WScript.FullName.toLowerCase().indexOf('cscript') >= 0);"),
                "one",
                "two",
                "--three");
        assertEquals(ScriptOutcome.Kind.COMPLETED, o.kind(), f.err());
        assertEquals(
                String.join(
                        "\n",
                        "a 1 2.5 true null",
                        "",
                        "3 3 one two --three one",
                        "[one][two][--three]",
                        "any case",
                        "test.js true",
                        "true"),
                f.out().strip());
        assertEquals("to stderr", f.err().strip());
    }

    @Test
    void quitSetsTheExitCode() throws Exception {
        assertEquals(0, f.run("WScript.Quit();").exitCode());
        ScriptOutcome o = f.run("WScript.Echo('x'); WScript.Quit(42); WScript.Echo('not reached');");
        assertEquals(ScriptOutcome.Kind.QUIT, o.kind());
        assertEquals(42, o.exitCode());
        assertEquals("x", f.out().strip());
        assertEquals(0, f.run("var i = 1;").exitCode());
    }

    @Test
    void activeXObjectsAndUnknownProgIds() throws Exception {
        // a collection is callable ((i) is its default member), so typeof says "function", unlike JScript
        assertEquals(
                "object function object object true",
                run(
                        "var a = new ActiveXObject('Microsoft.Update.Session'), b = new ActiveXObject('microsoft.update.updatecoll'),",
                        "c = WScript.CreateObject('Microsoft.Update.Downloader'), d = new ActiveXObject('MICROSOFT.UPDATE.SERVICEMANAGER');",
                        "WScript.Echo(typeof a, typeof b, typeof c, typeof d, b.Count === 0);"));
        assertEquals(
                "-2147221005 -2147221005 true",
                run(
                        "var n1, n2, m; try { new ActiveXObject('No.Such.Class'); } catch (e) { n1 = e.number; m = e.message; }",
                        "try { WScript.CreateObject('Scripting.Dictionary'); } catch (e) { n2 = e.number; }",
                        "WScript.Echo(n1, n2, m.indexOf('CO_E_CLASSSTRING') === 0);"));
    }

    @Test
    void membersAreCaseInsensitive() throws Exception {
        assertEquals(
                "2 2 2 Update A (KB1) Update A (KB1) 2",
                run(
                        SEARCH,
                        "WScript.Echo(u.Count, u.count, u.COUNT, u.Item(0).Title, u.item(0).title,",
                        "found.resultcode);"));
        assertEquals(
                "3 3 true",
                run(
                        "var d = new ActiveXObject('Microsoft.Update.Downloader');",
                        "d.priority = 3; WScript.Echo(d.Priority, d.PRIORITY, d.isforced === false);"));
    }

    @Test
    void collectionsAnswerEveryIndexingStyle() throws Exception {
        assertEquals(
                String.join(
                        "\n",
                        "2 2 true true true true",
                        "Update A (KB1)|Update B (KB2)|",
                        "Update A (KB1)|Update B (KB2)|",
                        "undefined",
                        "-2145124345 WU_E_INVALIDINDEX"),
                run(
                        SEARCH,
                        "WScript.Echo(u.Count, u.length, u.Item(0) === u(0), u(0) === u[0], u[1] === u.Item(1), Array.isArray(u));",
                        "var t = ''; for (var x of u) t += x.Title + '|'; WScript.Echo(t);",
                        "t = ''; for (var e = new Enumerator(u); !e.atEnd(); e.moveNext()) t += e.item().Title + '|'; WScript.Echo(t);",
                        "WScript.Echo(u[5]);",
                        "try { u.Item(5); } catch (err) { WScript.Echo(err.number, err.message.split(' ')[0]); }"));
    }

    @Test
    void updateCollectionRules() throws Exception {
        assertEquals(
                String.join("\n", "0 1 2 false", "-2145124297 true", "B 1", "0 false"),
                run(
                        SEARCH,
                        "var c = new ActiveXObject('Microsoft.Update.UpdateColl');",
                        "WScript.Echo(c.Add(u.Item(0)), c.Add(u(1)), c.Count, c.ReadOnly);",
                        "try { u.Add(u.Item(0)); } catch (e) { WScript.Echo(e.number, u.ReadOnly); }",
                        "c.RemoveAt(0); WScript.Echo(c.Item(0).Title.charAt(7), c.Count);",
                        "var k = c.Copy(); c.Clear(); WScript.Echo(c.Count, k === c);"));
        assertEquals(
                "-2147467261 -2147352571",
                run(
                        "var c = new ActiveXObject('Microsoft.Update.UpdateColl'); var a, b;",
                        "try { c.Add(null); } catch (e) { a = e.number; }",
                        "try { c.Add({Title: 'fake'}); } catch (e) { b = e.number; }",
                        "WScript.Echo(a, b);"));
    }

    @Test
    void updateMembersAsScriptsReadThem() throws Exception {
        String out = run(
                SEARCH,
                "var x = u.Item(0);",
                "WScript.Echo(x.Identity.UpdateID, x.Identity.RevisionNumber, x.KBArticleIDs.Count, x.KBArticleIDs(0),",
                "  x.Type, x.IsDownloaded, x.IsInstalled, x.IsHidden, x.EulaAccepted, x.BrowseOnly, x.MaxDownloadSize,",
                "  typeof x.MaxDownloadSize, x.DownloadPriority, x.InstallationBehavior.CanRequestUserInput,",
                "  x.DownloadContents.Count, x.BundledUpdates.Count, x.CveIDs.Count, x.IsMandatory, '' + x);",
                "x.IsHidden = true; x.AcceptEula(); WScript.Echo(x.IsHidden);",
                "WScript.Echo(x.DownloadContents.Item(0).DownloadUrl.indexOf('http://127.0.0.1') === 0);");
        assertEquals(
                String.join(
                        "\n",
                        idA
                                + " 1 1 5010000 1 false false false true false 3000 number 2 false 2 0 0 false Update A (KB1)",
                        "true",
                        "true"),
                out);
    }

    @Test
    void writingUnknownOrReadOnlyMembersFails() throws Exception {
        assertEquals(
                "-2147352573 -2146827850 true",
                run(
                        SEARCH,
                        "var a, b, m;",
                        "try { u.Count = 5; } catch (e) { a = e.number; m = e.message; }",
                        "try { s.NoSuchThing = 1; } catch (e) { b = e.number; }",
                        "WScript.Echo(a, b, m.indexOf('read-only') > 0);"));
    }

    @Test
    void aNameTheObjectLacksIsJScriptsError438() throws Exception {
        // read, called or written: "Object doesn't support this property or method", 0x800A01B6, as via IDispatch
        assertEquals(
                String.join(
                        "\n",
                        "-2146827850 JS_E_UNSUPPORTED_MEMBER (0x800A01B6): Object doesn't support this property or"
                                + " method: IUpdateSession has no member 'NoSuchThing'",
                        "-2146827850 true",
                        "-2146827850",
                        "undefined undefined function"),
                run(
                        "var s = new ActiveXObject('Microsoft.Update.Session');",
                        "try { WScript.Echo(s.NoSuchThing); } catch (e) { WScript.Echo(e.number, e.description); }",
                        "try { s.CreateUpdateSearcher().GetTotalHistoryCoun(); } catch (e) {",
                        "  WScript.Echo(e.number, e.message.indexOf(\"IUpdateSearcher has no member 'GetTotalHistoryCoun'\")"
                                + " > 0); }",
                        "try { WScript.NoSuchMethod(1); } catch (e) { WScript.Echo(e.number); }",
                        // what JavaScript itself probes for reads as undefined: await, JSON.stringify, String()
                        "WScript.Echo(typeof s.then, typeof s.toJSON, typeof s.toString);"));
    }

    @Test
    void enumeratorOverArraysAndArguments() throws Exception {
        ScriptOutcome o = f.run(
                "var t = []; for (var e = new Enumerator(WScript.Arguments); !e.atEnd(); e.moveNext())"
                        + " t.push(e.item()); for (var e2 = new Enumerator([1, 2]); !e2.atEnd(); e2.moveNext()) t.push(e2.item());"
                        + " var e3 = new Enumerator([]); WScript.Echo(t.join(','), e3.atEnd(), e3.item());",
                "p",
                "q");
        assertEquals(ScriptOutcome.Kind.COMPLETED, o.kind(), f.err());
        assertEquals("p,q,1,2 true undefined", f.out().strip());
    }

    @Test
    void readsUtf16AndUtf8ScriptsWithByteOrderMarks() throws Exception {
        Path utf16 = tmp.resolve("u16.js");
        byte[] body = "WScript.Echo('\u00e9t\u00e9');".getBytes(StandardCharsets.UTF_16LE);
        byte[] withBom = new byte[body.length + 2];
        withBom[0] = (byte) 0xFF;
        withBom[1] = (byte) 0xFE;
        System.arraycopy(body, 0, withBom, 2, body.length);
        Files.write(utf16, withBom);
        assertEquals(0, f.runFile(utf16).exitCode(), f.err());
        assertEquals("\u00e9t\u00e9", f.out().strip());
        Path utf8 = tmp.resolve("u8.js");
        Files.write(utf8, "\uFEFFWScript.Echo('\u00fc');".getBytes(StandardCharsets.UTF_8));
        assertEquals(0, f.runFile(utf8).exitCode(), f.err());
        assertEquals("\u00fc", f.out().strip());
    }

    @Test
    void searchErrorsCarryTheHresult() throws Exception {
        String out = run(
                "var s = new ActiveXObject('Microsoft.Update.Session');",
                "try { s.CreateUpdateSearcher().Search('Bogus=1'); } catch (e) {",
                "  WScript.Echo(e.number, e.description === e.message, e instanceof Error, e.message.split(' ')[0]); }",
                "try { s.CreateUpdateInstaller(); } catch (e) { WScript.Echo(e.number, e.message.split(' ')[0]); }");
        assertEquals("-2147024809 true true E_INVALIDARG\n-2147467263 E_NOTIMPL", out);
    }

    @Test
    void noCatalogSaysWhatToDo() throws Exception {
        try (ScriptFixture empty = new ScriptFixture(tmp.resolve("empty"))) {
            Files.createDirectories(tmp.resolve("empty"));
            ScriptOutcome o = empty.run("try { new ActiveXObject('Microsoft.Update.Session').CreateUpdateSearcher()"
                    + ".Search('IsInstalled=0'); } catch (e) { WScript.Echo(e.number, e.message); }");
            assertEquals(0, o.exitCode(), empty.err());
            assertTrue(
                    empty.out().startsWith("-2145124351 WU_E_NO_SERVICE")
                            && empty.out().contains("--catalog"),
                    empty.out());
        }
    }
}
