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
 * StdIn, GetObject, ConnectObject/DisconnectObject, Arguments.Named/Unnamed and Timeout are not provided.
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
    private final ListFacade arguments;
    private final RecordFacade<TextStream> stdOut;
    private final RecordFacade<TextStream> stdErr;

    WScriptFacade(Realm realm, ActiveXFactory activeX) {
        super(realm, MEMBERS);
        this.activeX = activeX;
        this.arguments = ListFacade.arguments(realm, realm.arguments);
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
