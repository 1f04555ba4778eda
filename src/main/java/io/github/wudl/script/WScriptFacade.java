package io.github.wudl.script;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.io.PrintWriter;
import org.graalvm.polyglot.Value;

/**
 * The {@code WScript} object of Windows Script Host, as cscript offers it to a console script: Echo, Sleep
 * (which delivers download callbacks while it waits), Quit, Arguments, StdOut/StdErr, ScriptName,
 * ScriptFullName, CreateObject (the four WUA ProgIDs only), and the informational Name/FullName/Version.
 * FullName names {@code cscript.exe}, so scripts that insist on the console host take their console path.
 * StdIn reads the host's standard input; Arguments has WSH's Named and Unnamed views ({@link WshArguments}).
 * GetObject binds nothing (MK_E_SYNTAX, as for a moniker WSH cannot bind); ConnectObject and Timeout are
 * E_NOTIMPL.
 */
final class WScriptFacade extends Dispatch {
    private static final Members STREAM = Members.<RecordFacade<TextStream>>of("TextStream")
            .method("Write", (t, a) -> t.value().write(a, false))
            .method("WriteLine", (t, a) -> t.value().write(a, true))
            .method("WriteBlankLines", (t, a) -> {
                int n = Args.toInt(Args.at(a, 0), "WriteBlankLines(lines)");
                for (int i = 0; i < n; i++) {
                    t.value().stream.println();
                }
                t.value().stream.flush();
                return null;
            })
            .method("Close", (t, a) -> null)
            .build();

    private static final Members STDIN = Members.<RecordFacade<StdIn>>of("TextStream")
            .method("ReadLine", (t, a) -> t.value().readLine())
            .method("ReadAll", (t, a) -> t.value().readAll())
            .method("Read", (t, a) -> t.value().read(Args.toInt(Args.at(a, 0), "Read(characters)")))
            .method("Skip", (t, a) -> {
                t.value().skip(Args.toInt(Args.at(a, 0), "Skip(characters)"));
                return null;
            })
            .method("SkipLine", (t, a) -> {
                t.value().skipLine();
                return null;
            })
            .get("AtEndOfStream", t -> t.value().atEndOfStream())
            .get("AtEndOfLine", t -> t.value().atEndOfLine())
            .get("Line", t -> t.value().line())
            .get("Column", t -> t.value().column())
            .method("Close", (t, a) -> null)
            .build();

    private static final Members MEMBERS = Members.<WScriptFacade>of("IHost")
            .method("Echo", WScriptFacade::echo)
            .method("Sleep", (w, a) -> {
                w.realm.loop().sleep(Args.toInt(Args.at(a, 0), "Sleep(milliseconds)"));
                return null;
            })
            .method("Quit", (w, a) -> w.quit(Args.toInt(Args.at(a, 0), "Quit(exitCode)", 0)))
            .get("Arguments", w -> w.arguments)
            .get("StdOut", w -> w.stdOut)
            .get("StdErr", w -> w.stdErr)
            .get("StdIn", w -> w.stdIn)
            .method("GetObject", (w, a) -> {
                throw getObject(Args.toStringOrNull(Args.at(a, 0)));
            })
            .method("ConnectObject", (w, a) -> {
                throw new WuaException(
                        HResult.E_NOTIMPL, "ConnectObject is not supported; pass callbacks to BeginDownload instead");
            })
            .method("DisconnectObject", (w, a) -> null)
            .prop("Timeout", w -> 0, (w, v) -> {
                throw new WuaException(
                        HResult.E_NOTIMPL, "WScript.Timeout is not supported; use wudl run --timeout SECONDS");
            })
            .get("ScriptName", w -> w.realm.script.path.getFileName().toString())
            .get("ScriptFullName", w -> w.realm.script.path.toString())
            .method("CreateObject", (w, a) -> {
                if (!Args.isMissing(Args.at(a, 1))) {
                    throw new WuaException(
                            HResult.E_NOTIMPL,
                            "CreateObject's event prefix is not supported;"
                                    + " pass callbacks to BeginDownload instead");
                }
                return w.activeX.create(Args.at(a, 0));
            })
            .get("Name", w -> "Windows Script Host")
            .get("FullName", w -> "cscript.exe")
            .get("Path", w -> "")
            .get("Version", w -> "5.812")
            .get("BuildVersion", w -> 0)
            .get("Interactive", w -> false)
            .build();

    private final ActiveXFactory activeX;
    private final WshArguments arguments;
    private final RecordFacade<StdIn> stdIn;
    private final RecordFacade<TextStream> stdOut;
    private final RecordFacade<TextStream> stdErr;

    WScriptFacade(Realm realm, ActiveXFactory activeX) {
        super(realm, MEMBERS);
        this.activeX = activeX;
        this.arguments = new WshArguments(realm, realm.arguments, realm.script.usage);
        this.stdIn = new RecordFacade<>(realm, STDIN, realm.in);
        this.stdOut = new RecordFacade<>(realm, STREAM, new TextStream(realm, realm.out));
        this.stdErr = new RecordFacade<>(realm, STREAM, new TextStream(realm, realm.err));
    }

    private Object echo(Value[] args) {
        StringBuilder line = new StringBuilder();
        for (int i = 0; i < args.length; i++) {
            line.append(i == 0 ? "" : " ").append(realm.display(args[i]));
        }
        realm.out.println(line);
        realm.out.flush();
        return null;
    }

    /** GetObject, WScript's and the global one: wudl binds no moniker, so each is refused as WSH refuses one. */
    static WuaException getObject(String moniker) {
        return new WuaException(
                HResult.MK_E_SYNTAX,
                "GetObject cannot bind '" + moniker + "': wudl offers no monikers (no WMI, no files, no running"
                        + " objects); create WUA objects with new ActiveXObject('Microsoft.Update.Session')");
    }

    private Object quit(int exitCode) {
        realm.out.flush();
        realm.control().stop(ScriptOutcome.Kind.QUIT, exitCode, null);
        throw new ScriptStop();
    }

    /** WScript.StdOut / StdErr. */
    static final class TextStream {
        final Realm realm;
        final PrintWriter stream;

        TextStream(Realm realm, PrintWriter stream) {
            this.realm = realm;
            this.stream = stream;
        }

        Object write(Value[] args, boolean newline) {
            Value v = Args.at(args, 0);
            stream.print(v == null ? "" : realm.display(v));
            if (newline) {
                stream.println();
            }
            stream.flush();
            return null;
        }
    }
}
