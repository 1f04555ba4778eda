package io.github.wudl.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StepOptionsTest {
    @Test
    void aFullDownloadBecomesTheCommandLine() {
        StepOptions o = StepOptions.download("https://updates.example/catalog.json")
                .criteria("IsInstalled=0 and Type='Software'")
                .downloadType("Full")
                .outputDir("updates")
                .cacheDir("/var/cache/wudl")
                .priority("HIGH")
                .stallTimeout(300)
                .timeout(3600)
                .allowUnverified(true)
                .build();
        assertEquals(
                List.of(
                        "download",
                        "--catalog",
                        "https://updates.example/catalog.json",
                        "--criteria",
                        "IsInstalled=0 and Type='Software'",
                        "--type",
                        "full",
                        "--cache",
                        "/var/cache/wudl",
                        "--out",
                        "updates",
                        "--priority",
                        "high",
                        "--stall-timeout",
                        "300",
                        "--timeout",
                        "3600",
                        "--allow-unverified",
                        "--report",
                        "/tmp/r.json"),
                o.toArguments("/tmp/r.json"));
        assertTrue(o.failOnError(), "failing on error is the default");
    }

    @Test
    void blankValuesAreNotGiven() {
        StepOptions o = StepOptions.download(" catalog.json ")
                .criteria("")
                .downloadType(" ")
                .outputDir(null)
                .priority("")
                .build();
        assertEquals(List.of("download", "--catalog", "catalog.json", "--report", "r.json"), o.toArguments("r.json"));
        assertNull(o.criteria());
    }

    @Test
    void aScriptBecomesRunWithItsArguments() {
        StepOptions o = StepOptions.script("ci/prepare-image.js")
                .args(List.of("--edition", "pro"))
                .catalog("catalog.json")
                .timeout(60)
                .build();
        assertEquals(
                List.of(
                        "run",
                        "--catalog",
                        "catalog.json",
                        "--timeout",
                        "60",
                        "--",
                        "ci/prepare-image.js",
                        "--edition",
                        "pro"),
                o.toArguments(null));
        assertEquals(
                List.of("run", "--", "x.js"), StepOptions.script("x.js").build().toArguments("ignored"));
    }

    @Test
    void problemsAreClearSentences() {
        assertEquals(
                "A catalog is required: a catalog.json path in the workspace or an http(s) URL (or a lock that"
                        + " names one).",
                StepOptions.checkCatalog(" "));
        assertEquals(
                "'delta' is not a download type; use full or bootstrapper", StepOptions.checkDownloadType("delta"));
        assertNull(StepOptions.checkDownloadType("bootstrapper"));
        assertNull(StepOptions.checkDownloadType(""));
        assertEquals(
                "'urgent' is not a priority; use low, normal, high or extrahigh", StepOptions.checkPriority("urgent"));
        assertNull(StepOptions.checkPriority("ExtraHigh"));
        assertEquals(
                "stallTimeout: -5 is not positive; give a number of seconds above 0, e.g. 60.",
                StepOptions.checkSeconds("stallTimeout", "-5"));
        assertEquals(
                "timeout: 0 is not positive; give a number of seconds above 0, e.g. 60.",
                StepOptions.checkSeconds("timeout", 0));
        assertEquals(
                "timeout: 'soon' is not a whole number of seconds; write e.g. 60.",
                StepOptions.checkSeconds("timeout", "soon"));
        assertNull(StepOptions.checkSeconds("timeout", " "));
        assertNull(StepOptions.checkSeconds("timeout", "90"));
        assertEquals(
                "A script file is required: the path of a .js file in the workspace.",
                StepOptions.checkScriptFile(null));
    }

    @Test
    void validateCollectsEveryProblem() {
        StepOptions bad = StepOptions.download("")
                .downloadType("delta")
                .stallTimeout(-1)
                .timeout(0)
                .build();
        assertEquals(4, bad.problems().size(), bad.problems().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.toArguments("r"));
        assertTrue(e.getMessage().startsWith("A catalog is required"), e.getMessage());
        assertTrue(e.getMessage().contains("'delta' is not a download type"), e.getMessage());
        assertEquals(
                List.of("A script file is required: the path of a .js file in the workspace."),
                StepOptions.script(" ").build().problems());
    }

    @Test
    void theRunnerNamesTheRealMainClass() {
        assertEquals(io.github.wudl.cli.Main.class.getName(), AgentRunner.MAIN_CLASS);
    }

    @Test
    void theWireFormGivesBackEveryOption() {
        StepOptions o = StepOptions.download("c.json")
                .criteria("IsHidden=0")
                .downloadType("bootstrapper")
                .outputDir("out")
                .cacheDir("cache")
                .priority("high")
                .stallTimeout(30)
                .timeout(90)
                .allowUnverified(true)
                .failOnError(false)
                .build();
        StepOptions back = StepOptions.fromWire(o.toWire());
        assertEquals(o.toArguments("r.json"), back.toArguments("r.json"));
        assertEquals(o.failOnError(), back.failOnError());
        StepOptions s = StepOptions.script("a.js")
                .args(List.of("x", " y "))
                .allowRead(List.of("/srv"))
                .build();
        assertEquals(
                s.toArguments(null, "/ws"), StepOptions.fromWire(s.toWire()).toArguments(null, "/ws"));
    }

    @Test
    void aWireFormOfTheWrongShapeIsNamed() {
        java.util.HashMap<String, Object> w =
                StepOptions.download("c.json").build().toWire();
        w.put("timeout", "60");
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> StepOptions.fromWire(w));
        assertTrue(e.getMessage().contains("'timeout'"), e.getMessage());
        w.put("kind", "INSTALL");
        assertTrue(assertThrows(IllegalArgumentException.class, () -> StepOptions.fromWire(w))
                .getMessage()
                .contains("INSTALL"));
    }

    @Test
    void formArgumentsAreOnePerLine() {
        assertEquals(
                List.of("--edition", "pro edition", " indented"),
                StepOptions.argsFromLines("--edition\r\npro edition\n\n indented\n   \n"));
        assertEquals(List.of(), StepOptions.argsFromLines(null));
        assertEquals(List.of("a", "b c"), StepOptions.argsFromLines(StepOptions.argsToLines(List.of("a", "b c"))));
    }

    @Test
    void theOfflineScanFileOptionsAndFiltersBecomeTheCommandLine() {
        StepOptions o = StepOptions.download("wsusscn2.cab")
                .language(" de ")
                .includeSuperseded(true)
                .testOnlyTrustRoot("pki/root.pem")
                .kb(List.of("KB5050001", " ", "5050002"))
                .product(Arrays.asList("Windows 10, version 1903 and later", null))
                .classification(List.of("Security Updates"))
                .arch(List.of("x64"))
                .releasedSince("2026-11-01")
                .build();
        assertEquals(
                List.of(
                        "download",
                        "--catalog",
                        "wsusscn2.cab",
                        "--language",
                        "de",
                        "--include-superseded",
                        "--test-only-trust-root",
                        "pki/root.pem",
                        "--kb",
                        "KB5050001",
                        "--kb",
                        "5050002",
                        "--product",
                        "Windows 10, version 1903 and later",
                        "--classification",
                        "Security Updates",
                        "--arch",
                        "x64",
                        "--released-since",
                        "2026-11-01",
                        "--report",
                        "r.json"),
                o.toArguments("r.json"));
        StepOptions back = StepOptions.fromWire(o.toWire());
        assertEquals(o.toArguments("r.json"), back.toArguments("r.json"));

        StepOptions script = StepOptions.script("scan.js")
                .language("pt-BR")
                .testOnlyTrustRoot("root.pem")
                .memoryLimit("2g")
                .codePage("932")
                .build();
        assertEquals(
                List.of(
                        "run",
                        "--language",
                        "pt-BR",
                        "--test-only-trust-root",
                        "root.pem",
                        "--memory-limit",
                        "2g",
                        "--code-page",
                        "932",
                        "--",
                        "scan.js"),
                script.toArguments(null));
        assertEquals(
                script.toArguments(null), StepOptions.fromWire(script.toWire()).toArguments(null));
    }

    @Test
    void hideAndUnhideBecomeTheCommandLineAndCrossTheWire() {
        StepOptions o = StepOptions.download("c.json")
                .hide(List.of("KB5050001", " ", "7A1C3F9E-0B2D-4C5E-8F60-1A2B3C4D5E6F"))
                .unhide(List.of("5050002"))
                .build();
        assertEquals(List.of(), o.problems());
        assertEquals(
                List.of(
                        "download",
                        "--catalog",
                        "c.json",
                        "--hide",
                        "KB5050001",
                        "--hide",
                        "7A1C3F9E-0B2D-4C5E-8F60-1A2B3C4D5E6F",
                        "--unhide",
                        "5050002",
                        "--report",
                        "r.json"),
                o.toArguments("r.json"));
        assertEquals(o.toArguments("r.json"), StepOptions.fromWire(o.toWire()).toArguments("r.json"));
        assertEquals(
                List.of("hide: 'Windows 11' is neither an update ID (a GUID) nor a KB number; write"
                        + " 7a1c3f9e-0b2d-4c5e-8f60-1a2b3c4d5e6f or KB5050000."),
                StepOptions.download("c.json")
                        .hide(List.of("Windows 11"))
                        .build()
                        .problems());
        assertTrue(StepOptions.script("a.js")
                .unhide(List.of("KB1"))
                .build()
                .problems()
                .get(0)
                .contains("IsHidden"));
    }

    @Test
    void aLockReplacesTheSelectionAndMayStandForTheCatalog() {
        StepOptions o = StepOptions.download(null).lock("ci/wudl.lock").build();
        assertEquals(List.of(), o.problems());
        assertEquals(List.of("download", "--lock", "ci/wudl.lock", "--report", "r.json"), o.toArguments("r.json"));
        assertEquals(o.toArguments("r.json"), StepOptions.fromWire(o.toWire()).toArguments("r.json"));
        assertEquals(
                List.of("lock: the lock is the selection; leave criteria, kb, product, classification, arch and"
                        + " releasedSince out."),
                StepOptions.download("c.json")
                        .lock("l")
                        .criteria("IsInstalled=0")
                        .build()
                        .problems());
        assertTrue(StepOptions.download(null).build().problems().get(0).startsWith("A catalog is required"));
        assertTrue(
                StepOptions.script("a.js").lock("l").build().problems().get(0).contains("lock belong to"));
    }

    @Test
    void badFilterValuesAreNamed() {
        List<String> p = StepOptions.download("c.cab")
                .kb(List.of("50500x"))
                .arch(List.of("ia64"))
                .language("de DE")
                .releasedSince("1.11.2026")
                .build()
                .problems();
        assertEquals(
                List.of(
                        "kb: '50500x' is not a KB number; write digits such as 5050000 or KB5050000.",
                        "arch: 'ia64' is not an architecture; write x64, x86 or arm64.",
                        "releasedSince: '1.11.2026' is not a day; write it as 2026-11-01.",
                        "language: 'de DE' is not a language tag; write one such as en, de or pt-BR."),
                p);
        assertTrue(StepOptions.script("a.js")
                .kb(List.of("1"))
                .build()
                .problems()
                .get(0)
                .contains("wuDownload"));
        assertEquals(null, StepOptions.checkKb("kb5050000"));
        assertEquals(
                "memoryLimit: 'lots' is not a size; write one such as 512m or 2g.",
                StepOptions.checkMemoryLimit("lots"));
        assertEquals("memoryLimit: '1m' is too small; the script host needs 64m.", StepOptions.checkMemoryLimit("1m"));
        assertEquals(null, StepOptions.checkArch("ARM64"));
        assertEquals(null, StepOptions.checkCodePage("1251"));
        assertTrue(StepOptions.checkCodePage("cp-klingon").startsWith("codePage: 'cp-klingon' is not a code page"));
    }
}
