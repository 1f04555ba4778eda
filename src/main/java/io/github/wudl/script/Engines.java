package io.github.wudl.script;

import java.io.InputStream;
import java.io.OutputStream;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.Engine;
import org.graalvm.polyglot.EnvironmentAccess;
import org.graalvm.polyglot.HostAccess;
import org.graalvm.polyglot.PolyglotAccess;
import org.graalvm.polyglot.io.IOAccess;

/**
 * The one GraalJS {@link Engine} of the JVM (so parsed code and the language's initialisation are shared by
 * every run) and the sandboxed {@link Context} each run gets: host access only through
 * {@code @HostAccess.Export} (none of ours uses it: every object is a polyglot Proxy), no host class lookup
 * or loading, no I/O, no processes, threads, native access, environment or other languages; no
 * {@code load}/{@code print}; unhandled promise rejections reported to the prelude's handler.
 */
final class Engines {
    private static volatile Engine shared;

    private Engines() {}

    static Engine engine() {
        Engine e = shared;
        if (e == null) {
            synchronized (Engines.class) {
                e = shared;
                if (e == null) {
                    // a stock JDK runs GraalJS in the interpreter: that is expected here, not worth a warning
                    e = Engine.newBuilder("js")
                            .option("engine.WarnInterpreterOnly", "false")
                            .build();
                    shared = e;
                }
            }
        }
        return e;
    }

    static Context newContext(OutputStream out, OutputStream err) {
        return Context.newBuilder("js")
                .engine(engine())
                .allowHostAccess(HostAccess.EXPLICIT)
                .allowHostClassLookup(className -> false)
                .allowHostClassLoading(false)
                .allowIO(IOAccess.NONE)
                .allowCreateProcess(false)
                .allowCreateThread(false)
                .allowNativeAccess(false)
                .allowPolyglotAccess(PolyglotAccess.NONE)
                .allowEnvironmentAccess(EnvironmentAccess.NONE)
                .allowExperimentalOptions(false)
                .in(InputStream.nullInputStream())
                .out(out)
                .err(err)
                .option("js.load", "false")
                .option("js.print", "false")
                .option("js.unhandled-rejections", "handler")
                .build();
    }
}
