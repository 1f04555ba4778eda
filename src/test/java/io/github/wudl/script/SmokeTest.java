package io.github.wudl.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

@Timeout(value = 60, unit = TimeUnit.SECONDS)
class SmokeTest {
    @TempDir
    Path tmp;

    @Test
    void smoke() throws Exception {
        try (ScriptFixture f = new ScriptFixture(tmp)) {
            f.update("Update A", 300_000, 1000);
            f.update("Update B", true, 200_000);
            ScriptOutcome o = f.run(String.join("\n",
                "var s = new ActiveXObject('Microsoft.Update.Session');",
                "var r = s.CreateUpdateSearcher().Search('IsInstalled=0');",
                "WScript.Echo(r.Updates.Count, r.updates.item(0).Title, r.Updates(1), r.Updates[0].identity.UpdateID);",
                "for (var u of r.Updates) WScript.Echo('of', u, u.MaxDownloadSize, typeof u.MaxDownloadSize, u.Type);",
                "var d = s.CreateUpdateDownloader(); d.Updates = r.Updates;",
                "var st = {n: 0};",
                "var job = d.BeginDownload(function (j, a) { st.n++; WScript.Echo('p', a.Progress.PercentComplete, j === job); },",
                "  { Invoke: function (j, a) { WScript.Echo('done', j.IsCompleted, j.AsyncState === st); } }, st);",
                "var res = d.EndDownload(job);",
                "WScript.Echo('result', res.ResultCode, res.HResult, res.GetUpdateResult(0).ResultCode, job.AsyncState);",
                "try { d.EndDownload(job); } catch (e) { WScript.Echo('again', e.number, e.message); }",
                "var j2 = d.BeginDownload(function(){}, function(){ WScript.Echo('j2 completed'); });",
                "var r2 = await j2; WScript.Echo('awaited', r2.ResultCode);",
                "console.log('console', 1, {a: 1});",
                "WScript.Echo(WScript.Arguments.Count(), WScript.Arguments(0), WScript.Arguments.length, WScript.ScriptName);"),
                "x", "y");
            System.out.println(f.out());
            System.out.println(f.err());
            assertEquals(ScriptOutcome.Kind.COMPLETED, o.kind(), o + f.err());
        }
    }
}
