// Microsoft's "Searching, Downloading, and Installing Updates" sample (WUA_SearchDownloadInstall.vbs),
// translated to JScript as it would run under cscript, and stopped before the installer (wudl downloads only).
// Differences from the original: no StdIn prompt for licence agreements (pass /accepteula to accept them).
//   scripts/wudl run --catalog <catalog.json or URL> scripts/examples/search-download.js [/accepteula]
var acceptEula = false;
for (var a = 0; a < WScript.Arguments.Count(); a++) {
    if (WScript.Arguments.Item(a).toLowerCase() === "/accepteula") {
        acceptEula = true;
    }
}

var updateSession = new ActiveXObject("Microsoft.Update.Session");
updateSession.ClientApplicationID = "MSDN Sample Script";

var updateSearcher = updateSession.CreateUpdateSearcher();

WScript.Echo("Searching for updates...\r\n");

var searchResult = updateSearcher.Search("IsInstalled=0 and Type='Software' and IsHidden=0");

WScript.Echo("List of applicable items on the machine:");

for (var i = 0; i < searchResult.Updates.Count; i++) {
    var update = searchResult.Updates.Item(i);
    WScript.Echo((i + 1) + "> " + update.Title);
}

if (searchResult.Updates.Count === 0) {
    WScript.Echo("There are no applicable updates.");
    WScript.Quit();
}

WScript.Echo("\r\nCreating collection of updates to download:");

var updatesToDownload = new ActiveXObject("Microsoft.Update.UpdateColl");

for (i = 0; i < searchResult.Updates.Count; i++) {
    update = searchResult.Updates.Item(i);
    var addThisUpdate = false;
    if (update.InstallationBehavior.CanRequestUserInput == true) {
        WScript.Echo((i + 1) + "> skipping: " + update.Title + " because it requires user input");
    } else {
        if (update.EulaAccepted == false) {
            WScript.Echo((i + 1) + "> note: " + update.Title + " has a license agreement that must be accepted:");
            WScript.Echo(update.EulaText);
            if (acceptEula) {
                update.AcceptEula();
                addThisUpdate = true;
            } else {
                WScript.Echo((i + 1) + "> skipping: " + update.Title + " (run with /accepteula to accept it)");
            }
        } else {
            addThisUpdate = true;
        }
    }
    if (addThisUpdate == true) {
        WScript.Echo((i + 1) + "> adding: " + update.Title);
        updatesToDownload.Add(update);
    }
}

if (updatesToDownload.Count === 0) {
    WScript.Echo("All applicable updates were skipped.");
    WScript.Quit();
}

WScript.Echo("\r\nDownloading updates...");

var downloader = updateSession.CreateUpdateDownloader();
downloader.Updates = updatesToDownload;
downloader.Download();

var updatesToInstall = new ActiveXObject("Microsoft.Update.UpdateColl");
var rebootMayBeRequired = false;

WScript.Echo("\r\nSuccessfully downloaded updates:");

i = 0;
for (var e = new Enumerator(searchResult.Updates); !e.atEnd(); e.moveNext()) {
    update = e.item();
    i++;
    if (update.IsDownloaded == true) {
        WScript.Echo(i + "> " + update.Title);
        updatesToInstall.Add(update);
        if (update.InstallationBehavior.RebootBehavior > 0) {
            rebootMayBeRequired = true;
        }
    }
}

if (updatesToInstall.Count === 0) {
    WScript.Echo("No updates were successfully downloaded.");
    WScript.Quit();
}

if (rebootMayBeRequired == true) {
    WScript.Echo("\r\nThese updates may require a reboot.");
}

// The original asks "Would you like to install updates now? (Y/N)" and calls CreateUpdateInstaller():
// installing is out of wudl's scope, so the sample ends here.
WScript.Echo("\r\n" + updatesToInstall.Count + " update(s) are downloaded and ready to install.");
