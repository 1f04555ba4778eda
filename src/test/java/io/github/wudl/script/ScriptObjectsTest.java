package io.github.wudl.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The WUA objects real scripts create besides the session, each with its WUA members. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ScriptObjectsTest {
    @TempDir
    java.nio.file.Path tmp;

    private ScriptFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ScriptFixture(tmp);
        f.update("Update A (KB1)", 1000);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void stringCollectionIsAListAScriptFills() throws Exception {
        assertEquals(
                List.of("0 1 2", "3 b,x,c false", "-2145124345", "2 b,c", "1 2 0"),
                f.runCompleted(
                        "",
                        "var c = new ActiveXObject('Microsoft.Update.StringColl');",
                        "WScript.Echo(c.Add('a'), c.Add('b'), c.Add(3));",
                        "c.RemoveAt(0); c.Insert(1, 'x'); c[2] = 'c';",
                        "var t = []; for (var i = 0; i < c.Count; i++) t.push(c.Item(i));",
                        "WScript.Echo(c.Count, t.join(','), c.ReadOnly);",
                        "try { c.Item(9); } catch (e) { WScript.Echo(e.number); }",
                        "var copy = c.Copy(); copy.RemoveAt(1);",
                        "WScript.Echo(copy.Count, copy.Item(0) + ',' + copy.Item(1));",
                        "var before = c.Count; c.Clear(); WScript.Echo(copy.Count - 1, before - 1, c.Count);"));
    }

    @Test
    void machineObjectsTellTheTruthAboutWudlAndRefuseToChangeAMachine() throws Exception {
        assertEquals(
                List.of(
                        "false ",
                        "false 1 true undefined",
                        "-2147024891 true",
                        "-2147024891",
                        "8 0 string",
                        "-2147024809"),
                f.runCompleted(
                        "",
                        "var si = new ActiveXObject('Microsoft.Update.SystemInfo');",
                        "WScript.Echo(si.RebootRequired, si.OemHardwareSupportLink);",
                        "var au = new ActiveXObject('Microsoft.Update.AutoUpdate');",
                        "WScript.Echo(au.ServiceEnabled, au.Settings.NotificationLevel, au.Settings.ReadOnly,"
                                + " typeof au.Results.LastInstallationSuccessDate);",
                        "try { au.EnableService(); } catch (e) {"
                                + " WScript.Echo(e.number, e.message.indexOf('manages no machine') > 0); }",
                        "try { au.DetectNow(); } catch (e) { WScript.Echo(e.number); }",
                        "var ai = new ActiveXObject('Microsoft.Update.AgentInfo');",
                        "WScript.Echo(ai.GetInfo('ApiMajorVersion'), ai.GetInfo('ApiMinorVersion'),"
                                + " typeof ai.GetInfo('ProductVersionString'));",
                        "try { ai.GetInfo('Colour'); } catch (e) { WScript.Echo(e.number); }"));
    }

    @Test
    void aWebProxyAndAStandaloneSearcher() throws Exception {
        assertEquals(
                List.of("proxy.corp:3128 1 *.corp true", "1", "-2147352571"),
                f.runCompleted(
                        "",
                        "var p = new ActiveXObject('Microsoft.Update.WebProxy');",
                        "p.Address = 'proxy.corp:3128';",
                        "var b = new ActiveXObject('Microsoft.Update.StringColl'); b.Add('*.corp');",
                        "p.BypassList = b; p.BypassProxyOnLocal = true; p.SetPassword('not kept');",
                        "var s = new ActiveXObject('Microsoft.Update.Session'); s.WebProxy = p;",
                        "WScript.Echo(s.WebProxy.Address, s.WebProxy.BypassList.Count, s.WebProxy.BypassList.Item(0),"
                                + " s.WebProxy.BypassProxyOnLocal);",
                        "var searcher = new ActiveXObject('Microsoft.Update.Searcher');",
                        "WScript.Echo(searcher.Search('IsInstalled=0').Updates.Count);",
                        "try { s.WebProxy = 'proxy:80'; } catch (e) { WScript.Echo(e.number); }"));
    }
}
