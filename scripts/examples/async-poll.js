// The classic asynchronous WSH pattern: BeginDownload with do-nothing callbacks, then poll the job with
// WScript.Sleep (which also delivers the callbacks) until IsCompleted, then EndDownload and CleanUp.
// Like vattay/WuF's agent, it also treats "every update has a final ResultCode" as finished.
//   scripts/wudl run --catalog <catalog.json or URL> scripts/examples/async-poll.js
var session = new ActiveXObject("Microsoft.Update.Session");
var searcher = session.CreateUpdateSearcher();
var searchResult = searcher.Search("IsInstalled=0");
WScript.Echo("Found " + searchResult.Updates.Count + " update(s)");
if (searchResult.Updates.Count == 0) {
    WScript.Quit(0);
}

var downloader = session.CreateUpdateDownloader();
downloader.Updates = searchResult.Updates;

var calls = { progress: 0, completed: 0 };
var job = downloader.BeginDownload(
    function (downloadJob, callbackArgs) { downloadJob.AsyncState.progress++; },
    function (downloadJob, callbackArgs) { downloadJob.AsyncState.completed++; },
    calls);

function allUpdatesFinished(progress) {
    for (var i = 0; i < job.Updates.Count; i++) {
        if (progress.GetUpdateResult(i).ResultCode < 2) {
            return false;
        }
    }
    return true;
}

var lastPercent = -1;
while (!job.IsCompleted) {
    var progress = job.GetProgress();
    if (progress.PercentComplete != lastPercent) {
        lastPercent = progress.PercentComplete;
        WScript.Echo("  " + progress.PercentComplete + "% (update " + (progress.CurrentUpdateIndex + 1) + " of "
            + job.Updates.Count + ")");
    }
    if (allUpdatesFinished(progress)) {
        break;
    }
    WScript.Sleep(200);
}

var downloadResult = downloader.EndDownload(job);
job.CleanUp();
WScript.Echo("ResultCode " + downloadResult.ResultCode + ", HResult " + downloadResult.HResult + ", "
    + calls.completed + " completed callback, progress callbacks: " + (calls.progress > 0 ? "yes" : "none"));
for (var i = 0; i < job.Updates.Count; i++) {
    WScript.Echo("  " + job.Updates.Item(i).Title + ": " + downloadResult.GetUpdateResult(i).ResultCode);
}
WScript.Quit(downloadResult.ResultCode == 2 ? 0 : 1);
