package io.github.wudl.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Beyond WSH: {@code await job}, {@code job.promise}, top-level await. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class AsyncTest {
    private static final String SETUP = String.join(
            "\n",
            "var s = new ActiveXObject('Microsoft.Update.Session');",
            "var d = s.CreateUpdateDownloader();",
            "d.Updates = s.CreateUpdateSearcher().Search('IsInstalled=0').Updates;",
            "");

    @TempDir
    Path tmp;

    private ScriptFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ScriptFixture(tmp);
        f.update("Update A", 150_000);
        f.update("Update B", 70_000);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private List<String> run(String... lines) throws Exception {
        return f.runCompleted(SETUP, lines);
    }

    @Test
    void topLevelAwaitOfAJobGivesItsResultAfterTheCompletedCallback() throws Exception {
        List<String> out = run(
                "var job = d.BeginDownload(function () {}, function () { WScript.Echo('completed callback'); });",
                "var r = await job;",
                "WScript.Echo('awaited', r.ResultCode, r.HResult, r.GetUpdateResult(0).ResultCode);",
                "WScript.Echo('EndDownload still works once:', d.EndDownload(job).ResultCode);");
        assertEquals(List.of("completed callback", "awaited 2 0 2", "EndDownload still works once: 2"), out);
    }

    @Test
    void promiseMemberIsARealPromise() throws Exception {
        List<String> out = run(
                "var job = d.BeginDownload(function () {}, function () {});",
                "var p = job.promise;",
                "WScript.Echo(p instanceof Promise, p === job.promise);",
                "p.then(function (r) { WScript.Echo('then', r.ResultCode); });",
                "WScript.Echo('body ends');");
        assertEquals(List.of("true true", "body ends", "then 2"), out);
    }

    @Test
    void awaitInsideAsyncFunctionsAndPromiseAll() throws Exception {
        List<String> out = run(
                "var b = s.CreateUpdateDownloader(); b.Updates = d.Updates;",
                "async function both() {",
                "  var results = await Promise.all([d.BeginDownload(function () {}, function () {}),",
                "                                  b.BeginDownload2(0, function () {}, function () {}).promise]);",
                "  return results.map(function (r) { return r.ResultCode; }).join('+');",
                "}",
                "both().then(function (x) { WScript.Echo('both', x); });");
        assertEquals(List.of("both 2+2"), out);
    }

    @Test
    void awaitAfterEndDownloadResolvesAtOnce() throws Exception {
        List<String> out = run(
                "var job = d.BeginDownload(function () {}, function () {});",
                "var r1 = d.EndDownload(job);",
                "var r2 = await job;",
                "WScript.Echo(r1.ResultCode, r2.ResultCode);");
        assertEquals(List.of("2 2"), out);
    }

    @Test
    void scriptsWithoutTopLevelAwaitStaySloppyJScript() throws Exception {
        List<String> out = run(
                "for (i = 0; i < 2; i++) { }", // an undeclared variable: legal in JScript, an error in a module
                "function f() { return this === undefined ? 'strict' : 'sloppy'; }",
                "WScript.Echo(i, f());");
        assertEquals(List.of("2 sloppy"), out);
    }

    @Test
    void aJobThatCannotStartRejectsInAsyncCode() throws Exception {
        List<String> out = run(
                "async function start() { return await d.BeginDownload(null, function () {}); }",
                "start().then(function () { WScript.Echo('resolved'); },",
                "  function (e) { WScript.Echo('rejected', e.number, e instanceof Error); });");
        assertEquals(List.of("rejected -2147352571 true"), out);
    }
}
