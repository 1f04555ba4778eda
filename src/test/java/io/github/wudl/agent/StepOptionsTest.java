package io.github.wudl.agent;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.ObjectInputStream;
import java.io.ObjectOutputStream;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

@Timeout(value = 30, unit = TimeUnit.SECONDS)
class StepOptionsTest {
    @Test
    void aFullDownloadBecomesTheCommandLine() {
        StepOptions o = StepOptions.download("https://updates.example/catalog.json")
                .criteria("IsInstalled=0 and Type='Software'").downloadType("Full").outputDir("updates")
                .cacheDir("/var/cache/wudl").priority("HIGH").stallTimeout(300).timeout(3600)
                .allowUnverified(true).build();
        assertEquals(List.of("download", "--catalog", "https://updates.example/catalog.json",
                "--criteria", "IsInstalled=0 and Type='Software'", "--type", "full", "--cache", "/var/cache/wudl",
                "--out", "updates", "--priority", "high", "--stall-timeout", "300", "--timeout", "3600",
                "--allow-unverified", "--report", "/tmp/r.json"), o.toArguments("/tmp/r.json"));
        assertTrue(o.failOnError(), "failing on error is the default");
    }

    @Test
    void blankValuesAreNotGiven() {
        StepOptions o = StepOptions.download(" catalog.json ").criteria("").downloadType(" ").outputDir(null)
                .priority("").build();
        assertEquals(List.of("download", "--catalog", "catalog.json", "--report", "r.json"), o.toArguments("r.json"));
        assertNull(o.criteria());
    }

    @Test
    void aScriptBecomesRunWithItsArguments() {
        StepOptions o = StepOptions.script("ci/prepare-image.js").args(List.of("--edition", "pro"))
                .catalog("catalog.json").timeout(60).build();
        assertEquals(List.of("run", "--catalog", "catalog.json", "--timeout", "60", "--", "ci/prepare-image.js",
                "--edition", "pro"), o.toArguments(null));
        assertEquals(List.of("run", "--", "x.js"), StepOptions.script("x.js").build().toArguments("ignored"));
    }

    @Test
    void problemsAreClearSentences() {
        assertEquals("A catalog is required: a catalog.json path in the workspace or an http(s) URL.",
                StepOptions.checkCatalog(" "));
        assertEquals("'delta' is not a download type; use full or bootstrapper",
                StepOptions.checkDownloadType("delta"));
        assertNull(StepOptions.checkDownloadType("bootstrapper"));
        assertNull(StepOptions.checkDownloadType(""));
        assertEquals("'urgent' is not a priority; use low, normal, high or extrahigh",
                StepOptions.checkPriority("urgent"));
        assertNull(StepOptions.checkPriority("ExtraHigh"));
        assertEquals("stallTimeout: -5 is not positive; give a number of seconds above 0, e.g. 60.",
                StepOptions.checkSeconds("stallTimeout", "-5"));
        assertEquals("timeout: 0 is not positive; give a number of seconds above 0, e.g. 60.",
                StepOptions.checkSeconds("timeout", 0));
        assertEquals("timeout: 'soon' is not a whole number of seconds; write e.g. 60.",
                StepOptions.checkSeconds("timeout", "soon"));
        assertNull(StepOptions.checkSeconds("timeout", " "));
        assertNull(StepOptions.checkSeconds("timeout", "90"));
        assertEquals("A script file is required: the path of a .js file in the workspace.",
                StepOptions.checkScriptFile(null));
    }

    @Test
    void validateCollectsEveryProblem() {
        StepOptions bad = StepOptions.download("").downloadType("delta").stallTimeout(-1).timeout(0).build();
        assertEquals(4, bad.problems().size(), bad.problems().toString());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> bad.toArguments("r"));
        assertTrue(e.getMessage().startsWith("A catalog is required"), e.getMessage());
        assertTrue(e.getMessage().contains("'delta' is not a download type"), e.getMessage());
        assertEquals(List.of("A script file is required: the path of a .js file in the workspace."),
                StepOptions.script(" ").build().problems());
    }

    @Test
    void theRunnerNamesTheRealMainClass() {
        assertEquals(io.github.wudl.cli.Main.class.getName(), AgentRunner.MAIN_CLASS);
    }

    @Test
    void travelsToTheAgent() throws Exception {
        StepOptions o = StepOptions.script("a.js").args(List.of("x")).build();
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ObjectOutputStream out = new ObjectOutputStream(bytes)) {
            out.writeObject(o);
        }
        StepOptions back = (StepOptions) new ObjectInputStream(new ByteArrayInputStream(bytes.toByteArray()))
                .readObject();
        assertEquals(o.toArguments(null), back.toArguments(null));
    }
}
