package io.github.wudl.script;

import io.github.wudl.wua.DownloadJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * One run of one script, on the calling thread, which owns the context for the whole run: prelude, body,
 * then the event loop until every job the script started has finished and its callbacks were delivered.
 * Ends with an outcome, never with a script's exception; on any early end it asks unfinished jobs to abort
 * (their partial files stay resumable) and waits a little for them.
 */
final class ScriptRun {
    private static final Duration ABORT_WAIT = Duration.ofSeconds(10);
    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wudl-script-watchdog");
        t.setDaemon(true);
        return t;
    });
    private static final String PRELUDE = readPrelude();

    private final SessionFactory sessions;
    private final String catalog;
    private final PrintWriter out;
    private final PrintWriter err;
    private final Duration timeout;

    ScriptRun(SessionFactory sessions, String catalog, PrintWriter out, PrintWriter err, Duration timeout) {
        this.sessions = sessions;
        this.catalog = catalog;
        this.out = out;
        this.err = err;
        this.timeout = timeout;
    }

    ScriptOutcome run(ScriptSource source, List<String> arguments) {
        if (Thread.currentThread().isInterrupted()) { // asked to stop before it began: do not begin
            return new ScriptOutcome(ScriptOutcome.Kind.INTERRUPTED, ScriptOutcome.STOPPED_EXIT, null);
        }
        RunControl control = new RunControl();
        Realm realm = new Realm(source, arguments, out, err, new Sessions(sessions, catalog), control);
        Context context = Engines.newContext(new WriterOutputStream(out), new WriterOutputStream(err));
        control.attach(context);
        ScheduledFuture<?> watchdog = timeout == null ? null : WATCHDOG.schedule(() -> stopLater(control),
                timeout.toNanos(), TimeUnit.NANOSECONDS);
        boolean interrupted = false;
        ScriptOutcome outcome;
        try {
            install(context, realm);
            Value program = parse(context, source);
            program.executeVoid();
            control.loop().pumpUntil(realm::allJobsSettled, EventLoop.FOREVER);
            outcome = new ScriptOutcome(ScriptOutcome.Kind.COMPLETED, 0, null);
        } catch (PolyglotException e) {
            outcome = control.outcome() != null ? control.outcome() : scriptError(e, source);
        } catch (ScriptStop | IllegalStateException e) { // IllegalStateException: the watchdog closed the context
            if (control.outcome() == null) {
                throw e;
            }
            outcome = control.outcome();
        } finally {
            if (watchdog != null) {
                watchdog.cancel(false);
            }
            interrupted = Thread.interrupted(); // cleared while the jobs are aborted and awaited, then restored
            abortUnfinished(realm);
            context.close(true);
            out.flush();
            if (interrupted) {
                Thread.currentThread().interrupt();
            }
        }
        if (outcome.message() != null) {
            err.println(outcome.message());
        }
        err.flush();
        return outcome;
    }

    private static ScriptOutcome scriptError(PolyglotException e, ScriptSource source) {
        return new ScriptOutcome(ScriptOutcome.Kind.ERROR, ScriptOutcome.ERROR_EXIT, ScriptErrors.describe(e, source));
    }

    private void stopLater(RunControl control) {
        // close(true) waits for the script thread to leave the context: never on the shared watchdog thread
        Thread t = new Thread(() -> control.stop(ScriptOutcome.Kind.TIMED_OUT, ScriptOutcome.STOPPED_EXIT,
                "wudl: the script ran past its timeout of " + seconds(timeout) + " and was stopped"),
                "wudl-script-stop");
        t.setDaemon(true);
        t.start();
    }

    private static void install(Context context, Realm realm) {
        ActiveXFactory activeX = new ActiveXFactory(realm);
        Value global = context.getBindings("js");
        global.putMember("ActiveXObject", activeX);
        global.putMember("WScript", new WScriptFacade(realm, activeX));
        ProxyObject bridge = ProxyObject.fromMap(Map.of("unhandledRejection", (ProxyExecutable) args -> {
            String text = args.length > 0 && args[0].isString() ? args[0].asString() : "undefined";
            realm.control().stop(ScriptOutcome.Kind.ERROR, ScriptOutcome.ERROR_EXIT,
                    ScriptErrors.describeRejection(text, realm.script));
            throw new ScriptStop();
        }));
        Source prelude = Source.newBuilder("js", PRELUDE, "wudl-prelude.js").internal(true).buildLiteral();
        realm.bind(context.eval(prelude).execute(bridge));
    }

    /** As a script; if it uses {@code await} at top level, as the body of an async function. */
    private static Value parse(Context context, ScriptSource source) {
        try {
            return context.parse(source.asScript());
        } catch (PolyglotException e) {
            if (e.isSyntaxError() && String.valueOf(e.getMessage()).contains("await is only valid")) {
                return context.parse(source.asAsyncBody());
            }
            throw e;
        }
    }

    private static void abortUnfinished(Realm realm) {
        List<DownloadJobFacade> jobs = realm.jobs();
        for (DownloadJobFacade j : jobs) {
            DownloadJob job = j.backendJob();
            if (job != null && !job.isCompleted()) {
                job.requestAbort();
            }
        }
        long deadline = System.nanoTime() + ABORT_WAIT.toNanos();
        for (DownloadJobFacade j : jobs) {
            DownloadJob job = j.backendJob();
            try {
                long left = deadline - System.nanoTime();
                if (job != null && left > 0) {
                    job.awaitCompletion(Duration.ofNanos(left));
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
    }

    private static String seconds(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + " s" : ms / 1000.0 + " s";
    }

    private static String readPrelude() {
        try (InputStream in = ScriptRun.class.getResourceAsStream("prelude.js")) {
            if (in == null) {
                throw new IllegalStateException("prelude.js is missing from the wudl jar");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read prelude.js from the wudl jar", e);
        }
    }
}
