package io.github.wudl.script;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Callbacks: shapes, order, the thread they run on, when they are delivered, and what they may call. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CallbackTest {
    private static final String SETUP = String.join(
            "\n",
            "var s = new ActiveXObject('Microsoft.Update.Session');",
            "var d = s.CreateUpdateDownloader();",
            "d.Updates = s.CreateUpdateSearcher().Search('IsInstalled=0').Updates;",
            "var log = [];",
            "");

    @TempDir
    Path tmp;

    private ScriptFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ScriptFixture(tmp);
        f.update("Update A", 200_000, 50_000);
        f.update("Update B", 100_000);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private List<String> run(String... lines) throws Exception {
        return f.runCompleted(SETUP, lines);
    }

    @Test
    void functionCallbacksGetTheJobAndArgs() throws Exception {
        List<String> out = run(
                "var state = {tag: 'mine'};",
                "var job = d.BeginDownload(",
                "  function (j, a) { var p = a.Progress; if (j !== job || a.progress !== p) log.push('bad args');",
                "    if (p.PercentComplete < 0 || p.PercentComplete > 100 || p.TotalBytesDownloaded > p.TotalBytesToDownload",
                "        || [1, 2, 3].indexOf(p.CurrentUpdateDownloadPhase) < 0 || p.CurrentUpdateIndex > 1) log.push('bad p');",
                "    log.push('p'); },",
                "  function (j, a) { log.push('c ' + (j === job) + ' ' + j.IsCompleted + ' ' + Object.keys(a).length",
                "    + ' ' + (j.AsyncState === state)); },",
                "  state);",
                "var r = d.EndDownload(job);",
                "WScript.Echo(log.filter(function (x) { return x !== 'p'; }).join('|'));",
                "WScript.Echo(log.indexOf('p') >= 0, log[log.length - 1].charAt(0), r.ResultCode, r.HResult, job.AsyncState,",
                "  job.GetProgress().PercentComplete, r.GetUpdateResult(1).ResultCode, r.GetUpdateResult(0).Files.Count);");
        assertEquals("c true true 0 true", out.get(0));
        assertEquals("true c 2 0 undefined 100 2 2", out.get(1));
    }

    @Test
    void invokeObjectsAreCalledWithThemselvesAsThis() throws Exception {
        List<String> out = run(
                "var handler = { calls: 0, Invoke: function (j, a) { this.calls++; } };",
                "var done = { invoke: function (j, a) { log.push('done ' + (this === done)); } };",
                "var job = d.BeginDownload2(0, handler, done, 7);",
                "d.EndDownload(job);",
                "WScript.Echo(handler.calls > 0, log.join(), job.AsyncState);");
        assertEquals("true done true undefined", out.get(0));
    }

    @Test
    void asyncStateKeepsIdentityAndContents() throws Exception {
        List<String> out = run(
                "var st = {n: 0}; var job = d.BeginDownload(function (j) { j.AsyncState.n++; }, function () {}, st);",
                "var same = job.AsyncState === st; st.extra = 1;",
                "try { job.AsyncState = {}; } catch (e) { log.push(e.number); }",
                "while (!job.IsCompleted) WScript.Sleep(10);",
                "WScript.Echo(same, job.AsyncState.extra, job.AsyncState.n === st.n, log.join());",
                "d.EndDownload(job); WScript.Echo(job.AsyncState);");
        assertEquals("true 1 true -2147352573", out.get(0));
        assertEquals("undefined", out.get(1));
    }

    @Test
    void nullOrWrongCallbacksAreTypeMismatch() throws Exception {
        List<String> out = run(
                "var cases = [[null, function(){}], [function(){}, undefined], [{}, function(){}], [function(){}, 5]];",
                "for (var i = 0; i < cases.length; i++) {",
                "  try { d.BeginDownload(cases[i][0], cases[i][1], null); WScript.Echo('started'); }",
                "  catch (e) { WScript.Echo(e.number, e.message); } }");
        assertEquals(4, out.size(), out.toString());
        for (String line : out) {
            assertTrue(line.startsWith("-2147352571 DISP_E_TYPEMISMATCH (0x80020005): "), line);
            assertTrue(line.contains("Invoke"), "says what to pass: " + line);
        }
    }

    @Test
    void aThrowingCallbackIsReportedAndTheDownloadGoesOn() throws Exception {
        List<String> out = run(
                "var job = d.BeginDownload(function () { throw new Error('progress boom'); },",
                "  function () {",
                "    undefinedFunction(); });",
                "var r = d.EndDownload(job);",
                "WScript.Echo(r.ResultCode);");
        assertEquals("2", out.get(0));
        String err = f.err();
        // the script's lines: 1-4 are SETUP
        assertTrue(
                err.contains("test.js:5:47: Error: progress boom (in the progress callback; the download goes on)"),
                err);
        assertTrue(
                err.contains(
                        "test.js:7:5: ReferenceError: undefinedFunction is not defined (in the completed callback"),
                err);
    }

    @Test
    void aBusyLoopReceivesNothingAndTheRestArrivesAfterTheBody() throws Exception {
        f.throttle(400_000); // about a second: the engine posts progress meanwhile
        List<String> out = run(
                "var job = d.BeginDownload(function () { log.push('p'); }, function () { WScript.Echo('completed'); });",
                "while (!job.IsCompleted) { }",
                "WScript.Echo('busy loop saw ' + log.length + ' callbacks');",
                "WScript.Echo('body ends');");
        assertEquals(List.of("busy loop saw 0 callbacks", "body ends", "completed"), out);
    }

    @Test
    void callbacksArriveInOrderWhileSleeping() throws Exception {
        f.throttle(600_000);
        List<String> out = run(
                "var job = d.BeginDownload(function () { log.push('p'); }, function () { log.push('c'); });",
                "while (log.indexOf('c') < 0) WScript.Sleep(25);",
                "WScript.Echo(/^p+c$/.test(log.join('')), log.length > 3);");
        assertEquals("true true", out.get(0));
    }

    @Test
    void cleanUpInsideACallbackMarksForDisconnect() throws Exception {
        List<String> out = run(
                "var job = d.BeginDownload(function (j) { if (log.length === 0) log.push(j.CleanUp()); else log.push('p'); },",
                "  function () { log.push('c'); });",
                "var r = d.EndDownload(job);",
                "WScript.Echo(log.join(), r.ResultCode, job.CleanUp());");
        assertEquals("2359300 2 0", out.get(0));
    }

    @Test
    void cleanUpOutsideWaitsAndDeliversFirst() throws Exception {
        List<String> out = run(
                "var job = d.BeginDownload(function () {}, function () { log.push('c'); });",
                "var hr = job.CleanUp();",
                "WScript.Echo(hr, job.IsCompleted, log.join());",
                "WScript.Echo(d.EndDownload(job).ResultCode);");
        assertEquals(List.of("0 true c", "2"), out);
    }

    @Test
    void endDownloadInsideCallbacksDoesNotDeadlock() throws Exception {
        List<String> out = run(
                "var inProgress, inCompleted;",
                "var job = d.BeginDownload(function (j) { if (!inProgress) inProgress = d.EndDownload(j).ResultCode; },",
                "  function (j) { inCompleted = j.IsCompleted; log.push('c after ' + inProgress); });",
                "WScript.Sleep(0);",
                "while (log.length === 0) WScript.Sleep(10);",
                "WScript.Echo(inProgress, inCompleted, log.join());",
                "try { d.EndDownload(job); } catch (e) { WScript.Echo(e.number); }",
                "var job2 = d.BeginDownload(function () {}, function (j) { log.push(d.EndDownload(j).ResultCode); });",
                "job2.CleanUp(); WScript.Echo(log.join());");
        assertEquals(List.of("2 true c after 2", "-2145124298", "c after 2,2"), out);
    }

    @Test
    void requestAbortEndsTheJobAborted() throws Exception {
        f.throttle(100_000);
        List<String> out = run(
                "var job = d.BeginDownload(function (j) { j.RequestAbort(); }, function () { log.push('c'); });",
                "var r = d.EndDownload(job);",
                "WScript.Echo(r.ResultCode, r.GetUpdateResult(1).ResultCode, r.GetUpdateResult(1).HResult,",
                "  r.GetUpdateResult(1).HResultName, log.join());");
        assertEquals("5 5 -2145124341 WU_E_CALL_CANCELLED c", out.get(0));
    }

    @Test
    void aNestedWaitHoldsBackTheRunningJobsOwnEvents() throws Exception {
        f.throttle(500_000);
        List<String> out = run(
                "var b = s.CreateUpdateDownloader(); b.Updates = d.Updates;",
                "var first = true, nested = [];",
                "var jobA = d.BeginDownload(function () {",
                "    if (!first) { log.push('A'); return; } first = false; log.push('A['); ",
                "    WScript.Sleep(400); log.push(']'); },",
                "  function () { log.push('Ac'); });",
                "var jobB = b.BeginDownload(function () { log.push('B'); }, function () { log.push('Bc'); });",
                "d.EndDownload(jobA); b.EndDownload(jobB);",
                "var inside = log.slice(log.indexOf('A[') + 1, log.indexOf(']'));",
                "WScript.Echo(inside.indexOf('A') < 0 && inside.indexOf('Ac') < 0, inside.indexOf('B') >= 0);");
        assertEquals("true true", out.get(0));
    }

    @Test
    void progressCallbacksAreBoundedByTimeEvenForASlowScript() throws Exception {
        f.progressInterval = Duration.ofMillis(100);
        f.throttle(500_000); // ~0.7 s for 350 kB
        List<String> out = run(
                "var t0 = Date.now(), n = 0, last;",
                "var job = d.BeginDownload(function (j, a) { n++; last = a.Progress.PercentComplete;",
                "    var until = Date.now() + 150; while (Date.now() < until) { } },",
                "  function () {});",
                "d.EndDownload(job);",
                "var seconds = (Date.now() - t0) / 1000;",
                "WScript.Echo(n <= seconds * 10 + 3, n >= 2, last);");
        assertEquals("true true 100", out.get(0));
    }

    @Test
    void synchronousDownloadDeliversOtherJobsCallbacks() throws Exception {
        f.throttle(400_000); // Download() of both updates takes about a second
        List<String> out = run(
                "var b = s.CreateUpdateDownloader(); b.Updates = d.Updates;",
                "var downloading = false, during = 0;",
                "var job = b.BeginDownload(function () { if (downloading) during++; }, function () {});",
                "downloading = true; var r = d.Download(); downloading = false;",
                "WScript.Echo(r.ResultCode, during > 0);");
        assertEquals(List.of("2 true"), out);
    }

    @Test
    void bootstrapperDownloads() throws Exception {
        f.update("Update C", true, 1000);
        List<String> out = run(
                "try { d.BeginDownload2(1, function () {}, function () {}); } catch (e) { WScript.Echo(e.number); }",
                "var c = new ActiveXObject('Microsoft.Update.UpdateColl');",
                "var all = s.CreateUpdateSearcher().Search('IsInstalled=0').Updates;",
                "for (var i = 0; i < all.Count; i++) if (all(i).Title === 'Update C') c.Add(all(i));",
                "var dl = new ActiveXObject('Microsoft.Update.Downloader'); dl.Updates = c;",
                "var r = dl.EndDownload(dl.BeginDownload2(1, function () {}, function () {}));",
                "var file = r.GetUpdateResult(0).Files.Item(0);",
                "WScript.Echo(r.ResultCode, file.Name.indexOf('-boot.exe') > 0, file.Size);");
        assertEquals(List.of("-2145124297", "2 true 4096"), out);
        assertFalse(f.err().contains("wudl:"), f.err());
    }

    @Test
    void quitInsideACallbackEndsTheRunWithItsCode() throws Exception {
        ScriptOutcome o = f.run(SETUP + "d.BeginDownload(function () {}, function () { WScript.Quit(5); });\n"
                + "WScript.Echo('body ends');");
        assertEquals(ScriptOutcome.Kind.QUIT, o.kind(), f.err());
        assertEquals(5, o.exitCode());
        assertEquals("body ends", f.out().strip());
    }

    @Test
    void endDownloadWantsTheJobOfThatDownloader() throws Exception {
        List<String> out = run(
                "var other = s.CreateUpdateDownloader(); other.Updates = d.Updates;",
                "var job = d.BeginDownload(function () {}, function () {});",
                "try { other.EndDownload(job); } catch (e) { WScript.Echo(e.message.split(' ')[0]); }",
                "try { d.EndDownload({}); } catch (e) { WScript.Echo(e.message.split(' ')[0]); }",
                "WScript.Echo(d.EndDownload(job).ResultCode);");
        assertEquals(List.of("E_INVALIDARG", "DISP_E_TYPEMISMATCH", "2"), out);
    }

    @Test
    void aTimeoutWhileJobsRunStopsTheRunAndAbortsThem() throws Exception {
        f.throttle(20_000); // the full download would take about 20 s
        f.timeout = Duration.ofMillis(800);
        long start = System.nanoTime();
        ScriptOutcome o = f.run(
                SETUP + "var job = d.BeginDownload(function () {}, function () {});\n" + "WScript.Echo('body ends');");
        assertEquals(ScriptOutcome.Kind.TIMED_OUT, o.kind(), f.err());
        assertEquals(3, o.exitCode());
        assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(15), "aborted, not waited for");
        assertTrue(f.err().contains("timeout of 0.8 s"), f.err());
    }

    @Test
    void anInterruptStopsAWaitingScript() throws Exception {
        CountDownLatch waiting = new CountDownLatch(1);
        Writer out = new StringWriter() {
            @Override
            public void write(String str, int off, int len) {
                super.write(str, off, len);
                if (toString().contains("waiting")) {
                    waiting.countDown();
                }
            }
        };
        ScriptHost host = ScriptHost.builder(location -> {
                    throw new AssertionError("no session needed");
                })
                .out(new PrintWriter(out, true))
                .err(new PrintWriter(new StringWriter()))
                .build();
        AtomicReference<ScriptOutcome> outcome = new AtomicReference<>();
        Thread t = new Thread(
                () -> outcome.set(host.run("wait.js", "WScript.Echo('waiting'); WScript.Sleep(600000);", List.of())),
                "script");
        t.start();
        assertTrue(waiting.await(30, TimeUnit.SECONDS));
        t.interrupt();
        t.join(TimeUnit.SECONDS.toMillis(30));
        assertFalse(t.isAlive());
        assertEquals(ScriptOutcome.Kind.INTERRUPTED, outcome.get().kind());
        assertEquals(3, outcome.get().exitCode());
    }
}
