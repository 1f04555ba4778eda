// wudl sample: the Windows Script Host way to search and download updates, unchanged.
// Run:  scripts/wudl run --catalog <catalog.json or URL> sample.js
var session = new ActiveXObject("Microsoft.Update.Session");
var searcher = session.CreateUpdateSearcher();
var result = searcher.Search("IsInstalled=0");
WScript.Echo(result.Updates.Count + " update(s) found");
for (var i = 0; i < result.Updates.Count; i++) {
    WScript.Echo("  " + result.Updates.Item(i).Title);
}

var downloader = session.CreateUpdateDownloader();
downloader.Updates = result.Updates;
downloader.Priority = 3; // High

var state = { progressCalls: 0 };
var job = downloader.BeginDownload(
    function (job, args) {
        state.progressCalls++;
        WScript.Echo("  " + args.Progress.PercentComplete + "% (update " + (args.Progress.CurrentUpdateIndex + 1) + ")");
    },
    function (job, args) {
        WScript.Echo("  completed");
    },
    state);

while (!job.IsCompleted) {
    WScript.Sleep(200); // callbacks are delivered while the script waits
}
var dl = downloader.EndDownload(job);
WScript.Echo("ResultCode " + dl.ResultCode + " after " + state.progressCalls + " progress callbacks");
WScript.Quit(dl.ResultCode === 2 ? 0 : 1);
