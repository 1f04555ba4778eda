package io.github.wudl.script;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** JScript's conditional compilation, as scripts written for cscript use it. */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class ConditionalCompilationTest {
    @TempDir
    java.nio.file.Path tmp;

    private ScriptFixture f;

    @BeforeEach
    void setUp() throws Exception {
        f = new ScriptFixture(tmp);
    }

    @AfterEach
    void tearDown() {
        f.close();
    }

    @Test
    void textWithoutItComesBackUnchanged() {
        String js = "var a = 'x@y'; // mail@example\n/* @ */ WScript.Echo(a);";
        assertEquals(js, ConditionalCompilation.apply(js));
        String off = "/*@ not on: a comment @*/ var b = 1;";
        assertEquals(off, ConditionalCompilation.apply(off), "conditional comments are comments until @cc_on");
    }

    @Test
    void directivesBecomeSpacesAndLinesStay() {
        String js = "/*@cc_on\n@if (@_jscript_version >= 5)\nvar v = 1;\n@else\nvar v = 2;\n@end\n@*/";
        String out = ConditionalCompilation.apply(js);
        assertEquals(js.length(), out.length());
        assertEquals(js.lines().count(), out.lines().count());
        assertEquals("var v = 1;", out.lines().toList().get(2));
        assertEquals("", out.lines().toList().get(4).strip());
    }

    @Test
    void aBatchHybridRunsAsJScript() throws Exception {
        // the classic .bat/.js polyglot: cmd runs the first lines, JScript sees @set and a comment
        assertEquals(
                List.of("version 12.03", "jscript 5.8 true"),
                f.runCompleted(
                        "",
                        "@set @version=12.03 /*",
                        "@echo off",
                        "cscript //nologo //e:jscript \"%~f0\" %*",
                        "exit /b",
                        "*/",
                        "WScript.Echo('version ' + @version);",
                        "WScript.Echo('jscript ' + @_jscript_version + ' ' + @_win32);"));
    }

    @Test
    void ifElifElseAndSetWithExpressions() throws Exception {
        assertEquals(
                List.of("modern", "x64 no", "undefined is NaN true", "nested yes", "line form"),
                f.runCompleted(
                        "",
                        "/*@cc_on",
                        "  @if (@_jscript_version >= 5.5 && @_win32)",
                        "    WScript.Echo('modern');",
                        "  @elif (@_jscript_version >= 3)",
                        "    WScript.Echo('old');",
                        "  @else",
                        "    WScript.Echo('ancient');",
                        "  @end",
                        "@*/",
                        "/*@set @arch = (@_win64 ? 1 : 0) @*/" // not a JScript expression: left for the engine?
                                .replace("(@_win64 ? 1 : 0)", "(@_win64 + 0)"),
                        "/*@if (@arch == 1) WScript.Echo('x64 yes'); @else WScript.Echo('x64 no'); @end @*/",
                        "/*@ WScript.Echo('undefined is NaN', isNaN(@_no_such_variable)); @*/",
                        "/*@if (@_jscript) @if (!@_mac) WScript.Echo('nested yes'); @end @end @*/",
                        "//@if (@_microsoft) WScript.Echo('line form'); @end",
                        "var s = '@if is text in a string';"));
    }

    @Test
    void aDirectiveThatDoesNotParseIsASyntaxErrorAtItsPlace() throws Exception {
        ScriptOutcome o = f.run("var a = 1;\n/*@cc_on @if (@_jscript WScript.Echo(1); @end @*/");
        assertEquals(ScriptOutcome.Kind.ERROR, o.kind(), f.out());
        assertEquals(true, o.message().contains("test.js:2:"), o.message());
        assertEquals(true, o.message().contains("SyntaxError"), o.message());
    }
}
