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

/** Microsoft.Update.ServiceManager: AddScanPackageService + ServerSelection = 3 searches another catalog. */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class ServiceManagerTest {
    @TempDir
    Path tmp;

    private ScriptFixture f;
    private String offline;

    @BeforeEach
    void setUp() throws Exception {
        f = new ScriptFixture(tmp);
        f.allowRead = List.of(tmp); // the scan files are the user's, as with --allow-read
        f.update("Offline Update (KB9)", 5000);
        offline = f.writeCatalog("offline.json").toString().replace("\\", "\\\\");
        f.clearUpdates();
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    private static final String REGISTER = String.join(
            "\n",
            "var sm = new ActiveXObject('Microsoft.Update.ServiceManager');",
            "var svc = sm.AddScanPackageService('Offline Sync Service', '%s');",
            "var s = new ActiveXObject('Microsoft.Update.Session');",
            "var searcher = s.CreateUpdateSearcher();",
            "searcher.ServerSelection = 3;",
            "searcher.ServiceID = svc.ServiceID;",
            "var found = searcher.Search('IsInstalled=0');",
            "");

    @Test
    void searchesAndDownloadsARegisteredScanPackageWithoutACatalog() throws Exception {
        ScriptOutcome o = f.run(String.format(REGISTER, offline)
                + String.join(
                        "\n",
                        "WScript.Echo(svc.Name, /^[0-9a-f-]{36}$/.test(svc.ServiceID), svc.IsScanPackageService, sm.Services.Count);",
                        "WScript.Echo(found.Updates.Count, found.Updates(0).Title);",
                        "var d = s.CreateUpdateDownloader(); d.Updates = found.Updates;",
                        "WScript.Echo(d.Download().ResultCode);",
                        "searcher.ServerSelection = 0;",
                        "try { searcher.Search('IsInstalled=0'); } catch (e) { WScript.Echo(e.message.split(' ')[0]); }",
                        "sm.RemoveService(svc.ServiceID); WScript.Echo(sm.Services.Count);"));
        assertEquals(0, o.exitCode(), f.err());
        assertEquals(
                List.of("Offline Sync Service true true 1", "1 Offline Update (KB9)", "2", "WU_E_NO_SERVICE", "0"),
                List.of(f.out().strip().split("\r?\n")));
    }

    @Test
    void theDefaultSelectionSearchesTheCatalogOfTheRun() throws Exception {
        f.update("Catalog Update", 100);
        ScriptOutcome o = f.run(String.format(REGISTER, offline)
                + String.join(
                        "\n",
                        "var other = s.CreateUpdateSearcher().Search('IsInstalled=0');",
                        "WScript.Echo(found.Updates(0).Title, '/', other.Updates(0).Title);",
                        "searcher.ServiceID = '11111111-2222-3333-4444-555555555555';",
                        "try { searcher.Search(''); } catch (e) { WScript.Echo(e.message.split(' ')[0]); }"));
        assertEquals(0, o.exitCode(), f.err());
        assertEquals(
                List.of("Offline Update (KB9) / Catalog Update", "E_INVALIDARG"),
                List.of(f.out().strip().split("\r?\n")));
    }

    @Test
    void aBadScanFileFailsAtRegistration() throws Exception {
        ScriptOutcome o = f.run("try { new ActiveXObject('Microsoft.Update.ServiceManager')"
                + ".AddScanPackageService('x', '"
                + tmp.resolve("missing.json").toString().replace("\\", "\\\\")
                + "'); } catch (e) { WScript.Echo(e.message.split(' ')[0], e.message.indexOf('missing.json') > 0); }");
        assertEquals(0, o.exitCode(), f.err());
        assertEquals("E_INVALIDARG true", f.out().strip());
    }
}
