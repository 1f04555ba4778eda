package io.github.wudl.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Usage and input errors: exit 2 with one line on stderr that says what to do, never a stack trace. */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class CommandLineTest {
    @TempDir
    Path tmp;

    record Run(int status, String out, String err) {}

    static Run run(io.github.wudl.backend.Backend opener, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int status =
                Main.run(CliEnvironment.embedded(opener), new PrintWriter(out, true), new PrintWriter(err, true), args);
        return new Run(status, out.toString(), err.toString());
    }

    static Run run(String... args) {
        return run(
                (c, o) -> {
                    throw new AssertionError("no session may be opened for bad usage");
                },
                args);
    }

    private String catalog() throws Exception {
        return Files.writeString(tmp.resolve("catalog.json"), "{}").toString();
    }

    private static void assertUsage(Run r, String... fragments) {
        assertEquals(ExitCode.USAGE, r.status(), r.toString());
        String err = r.err().strip();
        assertFalse(err.contains("\n"), "one line: " + err);
        assertFalse(err.contains("\tat ") || err.contains("Exception"), "no stack trace: " + err);
        for (String f : fragments) {
            assertTrue(err.contains(f), "'" + f + "' in: " + err);
        }
    }

    @Test
    void helpAndVersionSucceed() {
        Run help = run("--help");
        assertEquals(0, help.status());
        assertTrue(help.out().contains("download") && help.out().contains("Exit status"), help.out());
        Run version = run("--version");
        assertEquals(0, version.status());
        assertTrue(version.out().startsWith("wudl "), version.out());
        Run downloadHelp = run("download", "--help");
        for (String option : List.of(
                "--catalog",
                "--criteria",
                "--type",
                "--cache",
                "--out",
                "--priority",
                "--stall-timeout",
                "--timeout",
                "--allow-unverified",
                "--report",
                "--quiet")) {
            assertTrue(downloadHelp.out().contains(option), option);
        }
    }

    @Test
    void missingCommandAndUnknownArguments() {
        assertUsage(run(), "missing command", "wudl --help");
        assertUsage(run("fetch"), "fetch");
        assertUsage(run("download"), "--catalog", "wudl download --help");
        assertUsage(run("download", "--catalog", "c.json", "--frobnicate"), "--frobnicate");
    }

    @Test
    void theBackendIsPortableUnlessWuaIsAskedFor() throws Exception {
        assertUsage(run("search"), "Missing required option: '--catalog=C'", "wudl search --help");
        assertUsage(
                run("download", "--catalog", catalog(), "--backend", "winrt"),
                "'winrt' is not a backend",
                "portable or wua");
        assertTrue(run("download", "--help").out().contains("--backend"));
    }

    @Test
    @org.junit.jupiter.api.condition.DisabledOnOs(org.junit.jupiter.api.condition.OS.WINDOWS)
    void wuaIsRefusedOffWindowsBeforeAnythingStarts() throws Exception {
        String os = System.getProperty("os.name");
        for (String[] args : new String[][] {
            {"search", "--backend", "wua"},
            {"download", "--backend", "wua"},
            {
                "run",
                "--backend",
                "wua",
                Files.writeString(tmp.resolve("s.js"), "1").toString()
            },
            {"download", "--backend", "wua", "--catalog", catalog()}
        }) {
            assertUsage(
                    run(args),
                    "--backend wua drives the Windows Update Agent through COM and runs only on Windows",
                    "this is " + os,
                    "Leave --backend out");
        }
    }

    @Test
    @org.junit.jupiter.api.condition.EnabledOnOs(org.junit.jupiter.api.condition.OS.WINDOWS)
    void onWindowsSearchGoesToTheWindowsUpdateAgent() {
        Run r = run("search", "--backend", "wua", "--json", "IsInstalled=1");
        assertEquals(0, r.status(), r.toString());
        assertTrue(r.out().contains("\"resultCode\""), r.out());
        assertUsage(
                run("download", "--backend", "wua", "--out", tmp.resolve("o").toString()), "--out");
    }

    @Test
    void numericOptionsMustBePositive() throws Exception {
        String c = catalog();
        assertUsage(
                run("download", "--catalog", c, "--stall-timeout", "-1"), "--stall-timeout", "'-1' is not positive");
        assertUsage(run("download", "--catalog", c, "--stall-timeout", "0"), "--stall-timeout", "'0' is not positive");
        assertUsage(run("download", "--catalog", c, "--timeout", "soon"), "--timeout", "not a number of seconds");
        assertUsage(run("download", "--catalog", c, "--timeout", "0.0001"), "--timeout", "shorter than a millisecond");
        assertUsage(run("run", "--timeout", "-5", "x.js"), "--timeout");
        assertEquals(java.time.Duration.ofMillis(2500), CliOptions.seconds("2.5"));
        assertEquals(java.time.Duration.ofMinutes(5), CliOptions.seconds("5m"));
    }

    @Test
    void enumOptionsSayWhatIsAccepted() throws Exception {
        String c = catalog();
        assertUsage(run("download", "--catalog", c, "--type", "delta"), "--type", "use full or bootstrapper");
        assertUsage(
                run("download", "--catalog", c, "--priority", "urgent"),
                "--priority",
                "use low, normal, high or extrahigh");
    }

    @Test
    void pathsAreCheckedBeforeAnyWork() throws Exception {
        String c = catalog();
        assertUsage(
                run("download", "--catalog", tmp.resolve("missing.json").toString()), "missing.json", "no such file");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertUsage(run("download", "--catalog", c, "--out", file.toString()), "--out", "that is a file");
        assertUsage(run("download", "--catalog", c, "--cache", file.toString()), "--cache", "that is a file");
        assertUsage(run("download", "--catalog", c, "--report", tmp.toString()), "--report", "directory");
    }

    @Test
    void runPassesArgumentsAndTheQuitCode() throws Exception {
        Path script = Files.writeString(
                tmp.resolve("s.js"), "WScript.Echo(WScript.Arguments.length, WScript.Arguments(1)); WScript.Quit(4);");
        Run r = run("run", script.toString(), "--edition", "pro");
        assertEquals(4, r.status(), r.toString());
        assertEquals("2 pro", r.out().strip());
        Path broken = Files.writeString(tmp.resolve("broken.js"), "var = 1;");
        Run e = run("run", broken.toString());
        assertEquals(1, e.status(), e.toString());
        assertTrue(e.err().startsWith(broken + ":1:5: SyntaxError: "), e.err());
        Path looping = Files.writeString(tmp.resolve("loop.js"), "for (;;) {}");
        Run t = run("run", "--timeout", "0.3", looping.toString());
        assertEquals(ExitCode.ABORTED, t.status(), t.toString());
    }

    @Test
    void anAnsiScriptIsReadInTheCodePageGiven() throws Exception {
        // a Japanese script saved by Notepad in the ANSI code page: Shift-JIS bytes, no byte-order mark
        Path wsf = Files.write(
                tmp.resolve("ja.wsf"),
                "<job><script language=\"JScript\" src=\"ja.js\"/></job>".getBytes(StandardCharsets.US_ASCII));
        Path script = Files.write(
                tmp.resolve("ja.js"),
                "var s = '\u65e5\u672c\u8a9e'; WScript.Echo(s.length, s.charCodeAt(0).toString(16));"
                        .getBytes(java.nio.charset.Charset.forName("windows-31j")));
        Run japanese = run("run", "--code-page", "932", script.toString());
        assertEquals(0, japanese.status(), japanese.toString());
        assertEquals("3 65e5", japanese.out().strip());
        Run byName = run("run", "--code-page", "Shift_JIS", wsf.toString());
        assertEquals("3 65e5", byName.out().strip(), "a .wsf's src= include too: " + byName);
        // the default is Windows-1252, as on a Western European Windows: six bytes, six characters (0x93 is a
        // left double quotation mark there)
        Run western = run("run", script.toString());
        assertEquals("6 201c", western.out().strip(), western.toString());
        assertUsage(run("run", "--code-page", "klingon", script.toString()), "--code-page 'klingon'", "932");
        assertUsage(run("run", "--code-page", "1200", script.toString()), "--code-page '1200'", "932");
        assertUsage(run("run", "--code-page", "utf-16le", script.toString()), "not an ANSI code page");
    }

    @Test
    void runChecksItsArgumentsFirst() throws Exception {
        Path script = Files.writeString(tmp.resolve("s.js"), "WScript.Echo(1)");
        assertUsage(run("run", tmp.resolve("nope.js").toString()), "nope.js", "does not exist");
        assertUsage(
                run("run", "--catalog", tmp.resolve("missing.json").toString(), script.toString()),
                "missing.json",
                "no such file");
        Path file = Files.writeString(tmp.resolve("a-file"), "x");
        assertUsage(run("run", "--cache", file.toString(), script.toString()), "--cache", "that is a file");
        assertUsage(run("run"), "SCRIPT.js");
    }

    @Test
    void malformedCatalogIsBadInput() throws Exception {
        Path bad = Files.writeString(tmp.resolve("malformed.json"), "{");
        FakeBackend backend = new FakeBackend(List.of(), i -> null);
        assertUsage(run(backend.opener(), "download", "--catalog", bad.toString()), "E_INVALIDARG", "$.updates[0].id");
        assertUsage(run(backend.opener(), "search", "--catalog", bad.toString()), "E_INVALIDARG");
    }

    @Test
    void unexpectedErrorsAreOneLineWithExit1() throws Exception {
        Run r = run(
                (c, o) -> {
                    throw new IllegalStateException("boom");
                },
                "download",
                "--catalog",
                catalog());
        assertEquals(ExitCode.FAILED, r.status());
        assertEquals(
                "wudl download: internal error: java.lang.IllegalStateException: boom (set WUDL_DEBUG=1 for"
                        + " details)",
                r.err().strip());
    }
}
