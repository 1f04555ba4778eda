// BeginDownload2 with downloadTypeUpdateBootstrapper (1): fetch only each update's bootstrapper. An update
// that has none is refused with WU_E_NOT_SUPPORTED (0x80240037), so each update is tried on its own.
//   scripts/wudl run --catalog <catalog.json or URL> scripts/examples/bootstrapper.js
var WU_E_NOT_SUPPORTED = 0x80240037 | 0; // JScript shows HRESULTs as signed 32-bit numbers

var session = new ActiveXObject("Microsoft.Update.Session");
var updates = session.CreateUpdateSearcher().Search("IsInstalled=0").Updates;
var downloader = session.CreateUpdateDownloader();
var fetched = 0;

for (var e = new Enumerator(updates); !e.atEnd(); e.moveNext()) {
    var update = e.item();
    var one = new ActiveXObject("Microsoft.Update.UpdateColl");
    one.Add(update);
    downloader.Updates = one;
    var job;
    try {
        job = downloader.BeginDownload2(1, function () {}, function () {}, update.Title);
    } catch (err) {
        if (err.number !== WU_E_NOT_SUPPORTED) {
            throw err;
        }
        WScript.Echo("no bootstrapper: " + update.Title);
        continue;
    }
    var result = downloader.EndDownload(job);
    var files = result.GetUpdateResult(0).Files;
    for (var i = 0; i < files.Count; i++) {
        WScript.Echo("bootstrapper:    " + update.Title + " -> " + files.Item(i).Name + " (" + files.Item(i).Size
            + " bytes, " + (result.ResultCode === 2 ? "ok" : "result " + result.ResultCode) + ")");
    }
    fetched++;
}
WScript.Echo(fetched + " bootstrapper download(s)");
