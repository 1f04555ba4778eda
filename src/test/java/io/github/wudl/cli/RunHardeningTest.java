package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.github.wudl.agent.AgentResult;
import io.github.wudl.agent.AgentRunner;
import io.github.wudl.agent.StepOptions;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 11 through the real {@code wudl run} in a child JVM: {@code --allow-read} (and the Jenkins step's
 * workspace) decide what a script may register; {@code --timeout} and Ctrl-C stop a script that catches its
 * own stack overflow; a script that fills the heap ends with one sentence. The time bounds only detect hangs.
 */
@Timeout(value = 180, unit = TimeUnit.SECONDS)
class RunHardeningTest {
    private static final String EMPTY_CATALOG = "{\"format\": \"wudl-catalog/1\", \"updates\": []}";
    private static final String RECURSE = "function f(){ try { f(); } catch(e) { f(); } } f();";
    /** A hang detector for a 3 s limit, not a speed assertion. */
    private static final long HANG_SECONDS = 25;

    @TempDir
    Path tmp;

    record Result(int status, String out, String err) {}

    private ProcessBuilder wudl(List<String> jvm, String... args) {
        // surefire may hand the JVM a manifest-only jar as java.class.path; it also records the real path
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:TieredStopAtLevel=1",
                "-Djava.io.tmpdir=" + tmp));
        cmd.addAll(jvm.isEmpty() ? List.of("-Xmx256m") : jvm);
        if (Runtime.version().feature() >= 24) {
            // as scripts/wudl does: Truffle would warn about these on every run, and the warnings are not wudl's
            cmd.addAll(List.of("--enable-native-access=ALL-UNNAMED", "--sun-misc-unsafe-memory-access=allow"));
        }
        cmd.addAll(List.of("-cp", cp, Main.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(tmp.toFile());
        pb.environment().put("WUDL_CACHE", tmp.resolve("cache").toString());
        return pb;
    }

    private Result run(List<String> jvm, String... args) throws Exception {
        Path out = tmp.resolve("out.txt");
        Path err = tmp.resolve("err.txt");
        Process p = wudl(jvm, args)
                .redirectOutput(out.toFile())
                .redirectError(err.toFile())
                .start();
        if (!p.waitFor(HANG_SECONDS, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("wudl run did not end in " + HANG_SECONDS + " s: " + Files.readString(err));
        }
        return new Result(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    private Path script(String name, String js) throws Exception {
        return Files.writeString(tmp.resolve(name), js);
    }

    @Test
    void theTimeoutStopsARecursionThatCatchesItsOwnStackOverflow() throws Exception {
        Result r = run(
                List.of(),
                "run",
                "--timeout",
                "3",
                script("recurse.js", RECURSE).toString());
        assertEquals(3, r.status(), r.err());
        assertTrue(r.err().contains("wudl: the script ran past its timeout of 3 s and was stopped"), r.err());
    }

    @Test
    void ctrlCStopsARecursionThatCatchesItsOwnStackOverflow() throws Exception {
        // the "[" makes the line count as progress for ChildOutput, which then knows the script runs
        Path js = script("recurse.js", "WScript.Echo('[running');\n" + RECURSE);
        Process p =
                wudl(List.of(), "run", js.toString()).redirectErrorStream(true).start();
        ChildOutput out = new ChildOutput(p);
        assertTrue(out.awaitProgress(60), "the script did not start: " + out.text());
        assertEquals(
                0,
                new ProcessBuilder("kill", "-INT", Long.toString(p.pid()))
                        .start()
                        .waitFor());
        assertTrue(p.waitFor(HANG_SECONDS, TimeUnit.SECONDS), "Ctrl-C did not stop it: " + out.text());
        out.join(5_000);
        assertEquals(3, p.exitValue(), out.text());
        assertTrue(out.text().contains("wudl: the script was interrupted"), out.text());
    }

    @Test
    void aScriptThatFillsTheHeapEndsWithOneSentence() throws Exception {
        Result r = run(
                List.of("-Xmx96m"),
                "run",
                script("bomb.js", "var a = [];\nfor (;;) a.push(new Array(1e6).join('x'));\n")
                        .toString());
        assertEquals(1, r.status(), r.err());
        String[] lines = r.err().strip().split("\r?\n", -1);
        assertEquals(1, lines.length, r.err());
        assertTrue(
                lines[0].contains("the script used all the memory it may (the heap limit of ")
                        && lines[0].contains("wudl run --memory-limit "),
                r.err());
        // the script is named: where it ran out when GraalJS says, else its file
        assertTrue(lines[0].startsWith("wudl: bomb.js"), r.err());
    }

    @Test
    void aScriptThatFillsTheHeapSlowlyIsStoppedOnceItIsNearlyFull() throws Exception {
        // small strings kept one by one: without the heap watch, G1 collects for minutes before giving up
        Result r = run(
                List.of("-Xmx128m"),
                "run",
                script("slow.js", "var keep = [];\nwhile (true) keep.push('x'.repeat(200) + keep.length);\n")
                        .toString());
        assertEquals(1, r.status(), r.err());
        assertTrue(r.err().strip().startsWith("wudl: slow.js"), r.err());
        assertTrue(r.err().contains("the script used all the memory it may"), r.err());
    }

    @Test
    void aMemoryLimitIsASize() throws Exception {
        Path js = script("ok.js", "WScript.Echo('ran');");
        Result bad = run(List.of(), "run", "--memory-limit", "lots", js.toString());
        assertEquals(2, bad.status(), bad.err());
        assertTrue(bad.err().contains("--memory-limit lots: give a size such as 512m or 2g"), bad.err());
        Result tiny = run(List.of(), "run", "--memory-limit", "16m", js.toString());
        assertEquals(2, tiny.status(), tiny.err());
        assertTrue(tiny.err().contains("needs at least 64m"), tiny.err());
        // a JVM started with another heap says that the limit is not in force (scripts/wudl sets it as -Xmx)
        Result other = run(List.of("-Xmx200m"), "run", "--memory-limit", "2g", js.toString());
        assertEquals(0, other.status(), other.err());
        assertTrue(other.err().contains("--memory-limit 2g is not in force: this JVM's heap limit is"), other.err());
        assertEquals("ran", other.out().strip());
    }

    @Test
    void allowReadNamesTheFoldersAScriptMayRegisterCatalogsFrom() throws Exception {
        Path shared = Files.createDirectories(tmp.resolve("shared"));
        Files.writeString(shared.resolve("offline.json"), EMPTY_CATALOG);
        Files.writeString(tmp.resolve("other.json"), EMPTY_CATALOG);
        Path js = script(
                "register.js",
                String.join(
                        "\n",
                        "var sm = new ActiveXObject('Microsoft.Update.ServiceManager');",
                        "for (var i = 0; i < WScript.Arguments.length; i++) {",
                        "  try { sm.AddScanPackageService('x', WScript.Arguments(i)); WScript.Echo('OK'); }",
                        "  catch (e) { WScript.Echo(e.message.split(':')[0]); }",
                        "}"));
        Result r = run(
                List.of(),
                "run",
                "--allow-read",
                shared.toString(),
                js.toString(),
                shared.resolve("offline.json").toString(),
                tmp.resolve("other.json").toString());
        assertEquals(0, r.status(), r.err());
        assertEquals(
                List.of("OK", "E_ACCESSDENIED (0x80070005)"),
                List.of(r.out().strip().split("\r?\n")));

        Result missing =
                run(List.of(), "run", "--allow-read", tmp.resolve("nope").toString(), js.toString());
        assertEquals(2, missing.status(), missing.err());
        assertTrue(missing.err().contains("--allow-read " + tmp.resolve("nope") + ": no such folder"), missing.err());

        Result help = run(List.of(), "run", "--help");
        assertTrue(help.out().contains("--allow-read=DIR"), help.out());
    }

    @Test
    void theScriptStepPassesItsWorkspaceAndItsFoldersAsAllowRead() {
        StepOptions o = StepOptions.script("x.js")
                .allowRead(List.of(" /srv/catalogs ", ""))
                .build();
        assertEquals(
                List.of("run", "--allow-read", "/ws", "--allow-read", "/srv/catalogs", "--", "x.js"),
                o.toArguments(null, "/ws"));
        assertEquals(List.of("run", "--allow-read", "/srv/catalogs", "--", "x.js"), o.toArguments(null));
    }

    @Test
    void theJenkinsScriptStepMayRegisterCatalogsOfItsWorkspaceOnly() throws Exception {
        Path ws = Files.createDirectories(tmp.resolve("ws"));
        Files.writeString(ws.resolve("offline.json"), EMPTY_CATALOG);
        Files.writeString(tmp.resolve("outside.json"), EMPTY_CATALOG);
        Files.writeString(
                ws.resolve("register.js"),
                String.join(
                        "\n",
                        "var sm = new ActiveXObject('Microsoft.Update.ServiceManager');",
                        "sm.AddScanPackageService('in', 'offline.json'); WScript.Echo('workspace OK');",
                        "try { sm.AddScanPackageService('out', '../outside.json'); } catch (e) { WScript.Echo(e.number); }"));
        ByteArrayOutputStream log = new ByteArrayOutputStream();
        String cp = System.getProperty("surefire.test.class.path", System.getProperty("java.class.path"));
        AgentResult r = AgentRunner.builder(StepOptions.script("register.js").build())
                .classPath(cp)
                .jvmOptions(List.of("-Xmx256m"))
                .environment(Map.of("WUDL_CACHE", tmp.resolve("cache").toString()))
                .workDir(ws)
                .log(new PrintStream(log, true, StandardCharsets.UTF_8))
                .build()
                .run();
        String text = log.toString(StandardCharsets.UTF_8);
        assertEquals(0, r.exitCode(), text);
        assertTrue(text.contains("workspace OK"), text);
        assertTrue(text.contains(Integer.toString(0x80070005)), "E_ACCESSDENIED: " + text);
        assertFalse(text.contains("outside.json is not"), text);
    }
}
