// wudl demo: search a catalog, download everything not installed with BeginDownload2 and two function
// callbacks, await the job, print a results table.
//   scripts/wudl demo                                   (runs this against a local sample server)
//   scripts/wudl run --catalog <catalog.json or URL> scripts/examples/demo.js
var PHASES = ["", "initializing", "downloading", "verifying"];
var RESULTS = ["NotStarted", "InProgress", "Succeeded", "SucceededWithErrors", "Failed", "Aborted"];

function mib(bytes) {
    return (bytes / 1048576).toFixed(1) + " MiB";
}

function pad(text, width) {
    text = String(text);
    while (text.length < width) {
        text = " " + text;
    }
    return text;
}

var session = new ActiveXObject("Microsoft.Update.Session");
session.ClientApplicationID = "wudl demo";
var updates = session.CreateUpdateSearcher().Search("IsInstalled=0").Updates;
if (updates.Count === 0) {
    WScript.Echo("Nothing to download.");
    WScript.Quit(0);
}
WScript.Echo(updates.Count + " update(s) to download:");
for (const u of updates) {
    WScript.Echo("  " + u.Title + " (" + mib(u.MaxDownloadSize) + ")");
}

var downloader = session.CreateUpdateDownloader();
downloader.Updates = updates;
downloader.Priority = 3; // dpHigh

var started = Date.now();
var lastPercent = -1;
var job = downloader.BeginDownload2(0 /* downloadTypeFull */,
    function onProgress(job, args) {
        var p = args.Progress;
        if (p.PercentComplete < 100 && p.PercentComplete < lastPercent + 10) {
            return; // a line per 10 % is enough for a log
        }
        lastPercent = p.PercentComplete;
        WScript.Echo("  [" + pad(p.PercentComplete, 3) + "%] " + mib(p.TotalBytesDownloaded) + " of "
            + mib(p.TotalBytesToDownload) + ", update " + (p.CurrentUpdateIndex + 1) + " of " + job.Updates.Count
            + " " + PHASES[p.CurrentUpdateDownloadPhase]);
    },
    function onCompleted(job, args) {
        WScript.Echo("  completed after " + ((Date.now() - started) / 1000).toFixed(1) + " s");
    },
    null);

var result = await job; // wudl: a job is awaitable; it resolves to the DownloadResult

WScript.Echo("");
WScript.Echo("  #  Result        HResult     Size        Update");
var succeeded = 0;
for (var i = 0; i < job.Updates.Count; i++) {
    var r = result.GetUpdateResult(i);
    var size = 0;
    for (const file of r.Files) {
        size += file.Size;
    }
    if (r.ResultCode === 2) {
        succeeded++;
    }
    WScript.Echo(pad(i + 1, 3) + "  " + (RESULTS[r.ResultCode] + "            ").slice(0, 12) + "  "
        + ("0x" + (r.HResult >>> 0).toString(16).toUpperCase()).padEnd(10) + "  " + pad(mib(size), 10) + "  "
        + job.Updates.Item(i).Title);
}
WScript.Echo("");
WScript.Echo(RESULTS[result.ResultCode] + ": " + succeeded + " of " + job.Updates.Count + " updates succeeded");
WScript.Quit(result.ResultCode === 2 ? 0 : 1);
