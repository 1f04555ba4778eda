// Callbacks as objects with an Invoke method (the IDownloadProgressChangedCallback shape; VBScript scripts
// use a class with a default method the same way), and RequestAbort: the job is asked to stop once it passes
// a percentage (first argument, default 30). An aborted job ends with ResultCode 5 (orcAborted); unfinished
// updates carry WU_E_CALL_CANCELLED, and their partial files stay in the cache for a later resume.
//   scripts/wudl run --catalog <catalog.json or URL> scripts/examples/invoke-abort.js [PERCENT]
var stopAt = WScript.Arguments.length > 0 ? parseInt(WScript.Arguments(0), 10) : 30;

var session = new ActiveXObject("Microsoft.Update.Session");
var downloader = session.CreateUpdateDownloader();
downloader.Updates = session.CreateUpdateSearcher().Search("IsInstalled=0").Updates;

function ProgressHandler(limit) {
    this.limit = limit;
    this.calls = 0;
    this.abortRequested = false;
}
ProgressHandler.prototype.Invoke = function (job, args) {
    this.calls++;
    var percent = args.Progress.PercentComplete;
    if (!this.abortRequested && percent >= this.limit) {
        WScript.Echo("  " + percent + "% reached: RequestAbort");
        this.abortRequested = true;
        job.RequestAbort();
    }
};

var completed = {
    Invoke: function (job, args) {
        WScript.Echo("  completed callback: IsCompleted = " + job.IsCompleted);
    }
};

var handler = new ProgressHandler(stopAt);
var job = downloader.BeginDownload(handler, completed, "run-1");
var result = downloader.EndDownload(job);

var names = ["NotStarted", "InProgress", "Succeeded", "SucceededWithErrors", "Failed", "Aborted"];
WScript.Echo("Overall: " + names[result.ResultCode] + " after " + handler.calls + " progress callback(s)");
for (var i = 0; i < job.Updates.Count; i++) {
    var r = result.GetUpdateResult(i);
    WScript.Echo("  " + job.Updates.Item(i).Title + ": " + names[r.ResultCode]
        + (r.HResult ? " (" + r.HResultName + ")" : ""));
}
job.CleanUp();
