package io.github.wudl.script;

import io.github.wudl.wua.DownloadJob;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.graalvm.polyglot.Context;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Source;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * One run of one script, on a thread of its own ("wudl-script"), which owns the context for the whole run:
 * prelude, body, then the event loop until every job the script started has finished and its callbacks were
 * delivered. The calling thread waits for it; interrupting the caller stops the run. Ends with an outcome,
 * never with a script's exception; on any early end it asks unfinished jobs to abort (their partial files
 * stay resumable) and waits a little for them.
 *
 * <p>Why a thread of its own: GraalJS cancels a context at a safepoint, and a script that recurses to the
 * stack's end inside {@code try/catch} ({@code function f(){ try { f(); } catch(e) { f(); } }}) loses the
 * cancellation to a StackOverflowError that it then catches; close(true) never returns. A caller that only
 * waits can give such a run up after {@link #STOP_GRACE}: it aborts the jobs, reports the stop and returns,
 * leaving the runaway daemon thread to the JVM's exit (the command line exits at once).
 */
final class ScriptRun {
    private static final Duration ABORT_WAIT = Duration.ofSeconds(10);
    /** How long a stopped run may take to leave the context before the caller gives the script thread up. */
    static final Duration STOP_GRACE = Duration.ofMillis(500);
    /** How often the waiting caller looks whether a stop was asked (to start the grace period). */
    private static final long POLL_MILLIS = 50;

    private static final ScheduledExecutorService WATCHDOG = Executors.newSingleThreadScheduledExecutor(r -> {
        Thread t = new Thread(r, "wudl-script-watchdog");
        t.setDaemon(true);
        return t;
    });
    private static final String PRELUDE = readPrelude();

    private final SessionFactory sessions;
    private final String catalog;
    private final List<Path> allowRead;
    private final PrintWriter out;
    private final PrintWriter err;
    private final StdIn in;
    private final Duration timeout;

    ScriptRun(
            SessionFactory sessions,
            String catalog,
            List<Path> allowRead,
            PrintWriter out,
            PrintWriter err,
            StdIn in,
            Duration timeout) {
        this.sessions = sessions;
        this.catalog = catalog;
        this.allowRead = allowRead;
        this.out = out;
        this.err = err;
        this.in = in;
        this.timeout = timeout;
    }

    ScriptOutcome run(ScriptSource source, List<String> arguments) {
        if (Thread.currentThread().isInterrupted()) { // asked to stop before it began: do not begin
            return new ScriptOutcome(ScriptOutcome.Kind.INTERRUPTED, ScriptOutcome.STOPPED_EXIT, null);
        }
        RunControl control = new RunControl();
        Realm realm = new Realm(source, arguments, out, err, in, new Sessions(sessions, catalog, allowRead), control);
        CompletableFuture<ScriptOutcome> finished = new CompletableFuture<>();
        CountDownLatch leftScript = new CountDownLatch(1);
        Thread worker = new Thread(
                () -> {
                    try {
                        finished.complete(runHere(source, realm, control, leftScript));
                    } catch (Throwable t) {
                        finished.completeExceptionally(t);
                    }
                },
                "wudl-script");
        worker.setDaemon(true); // only a runaway script that was given up outlives run()
        ScheduledFuture<?> watchdog = timeout == null
                ? null
                : WATCHDOG.schedule(
                        () -> stopLater(
                                control,
                                ScriptOutcome.Kind.TIMED_OUT,
                                "wudl: the script ran past its timeout of " + seconds(timeout) + " and was stopped"),
                        timeout.toNanos(),
                        TimeUnit.NANOSECONDS);
        String scriptName = source.path.getFileName().toString();
        Runnable heapFull = () -> stopLater(
                control,
                ScriptOutcome.Kind.ERROR,
                ScriptOutcome.ERROR_EXIT,
                outOfMemory(scriptName).message());
        HeapWatch.add(heapFull);
        worker.start();
        boolean interrupted = false;
        boolean heapWasFull = false;
        ScriptOutcome outcome;
        try {
            long stopSeen = 0;
            while (true) {
                try {
                    outcome = finished.get(POLL_MILLIS, TimeUnit.MILLISECONDS);
                    break;
                } catch (TimeoutException notYet) {
                    if (!control.stopping() || leftScript.getCount() == 0) {
                        continue; // running, or stopped and only aborting its jobs (bounded by ABORT_WAIT)
                    }
                    long now = System.nanoTime();
                    stopSeen = stopSeen == 0 ? now : stopSeen;
                    if (now - stopSeen >= STOP_GRACE.toNanos()) {
                        outcome = giveUp(realm, control);
                        break;
                    }
                } catch (InterruptedException e) {
                    interrupted = true;
                    // the worker's own waits end on its interrupt; pure script code on the stop
                    stopLater(control, ScriptOutcome.Kind.INTERRUPTED, "wudl: the script was interrupted");
                    worker.interrupt();
                } catch (OutOfMemoryError e) {
                    // the script filled the heap and this thread's wait ran into it (seen on JDK 25): the
                    // script thread meets it too, and its context's values go with it; wait for that end
                    heapWasFull = true;
                } catch (ExecutionException e) {
                    if (e.getCause() instanceof OutOfMemoryError) {
                        outcome = outOfMemory(scriptName);
                        break;
                    }
                    if (e.getCause() instanceof RuntimeException r) {
                        throw r;
                    }
                    if (e.getCause() instanceof Error r) {
                        throw r;
                    }
                    throw new IllegalStateException("the script thread failed", e.getCause());
                }
            }
        } finally {
            HeapWatch.remove(heapFull);
            if (watchdog != null) {
                watchdog.cancel(false);
            }
        }
        if (heapWasFull && outcome.kind() == ScriptOutcome.Kind.COMPLETED) {
            outcome = outOfMemory(scriptName); // the script's end was the full heap, whatever its thread made of it
        }
        if (outcome.message() != null) {
            err.println(outcome.message());
        }
        err.flush();
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
        return outcome;
    }

    /** The stopped run's outcome, without waiting any longer for a script thread that does not stop. */
    private static ScriptOutcome giveUp(Realm realm, RunControl control) {
        abortUnfinished(realm);
        realm.out.flush();
        return control.outcome();
    }

    /** The run itself, on the script thread. */
    private ScriptOutcome runHere(ScriptSource source, Realm realm, RunControl control, CountDownLatch leftScript) {
        Context context = Engines.newContext(new WriterOutputStream(out), new WriterOutputStream(err));
        control.attach(context);
        ScriptOutcome outcome;
        try {
            install(context, realm);
            for (ScriptSource unit : source.units()) { // a .wsf job's blocks run in order, in one global scope
                parse(context, unit).executeVoid();
            }
            control.loop().pumpUntil(realm::allJobsSettled, EventLoop.FOREVER);
            outcome = new ScriptOutcome(ScriptOutcome.Kind.COMPLETED, 0, null);
        } catch (PolyglotException e) {
            outcome = control.outcome() != null
                    ? control.outcome()
                    : e.isResourceExhausted() ? outOfMemory(whereOutOfMemory(e, source)) : scriptError(e, source);
        } catch (ScriptStop | IllegalStateException e) { // IllegalStateException: the watchdog closed the context
            if (control.outcome() == null) {
                throw e;
            }
            outcome = control.outcome();
        } catch (OutOfMemoryError e) { // in wudl's own code on behalf of the script: the script's values are the cause
            outcome = outOfMemory(source.path.getFileName().toString());
        } finally {
            leftScript.countDown();
            Thread.interrupted(); // cleared while the jobs are aborted and awaited: the thread ends after that
            abortUnfinished(realm);
            context.close(true);
            out.flush();
        }
        return outcome;
    }

    /** Where the script ran out of memory when GraalJS says, else the script's file: a message always names it. */
    private static String whereOutOfMemory(PolyglotException e, ScriptSource source) {
        String at = ScriptErrors.location(e, source);
        return at != null ? at : source.path.getFileName().toString();
    }

    /**
     * Once the context is closed its values are garbage, so there is memory again to say this. {@code where} is
     * the script (its name, or the position where it ran out), or null when unknown.
     */
    static ScriptOutcome outOfMemory(String where) {
        long maxMiB = Runtime.getRuntime().maxMemory() >> 20;
        return new ScriptOutcome(
                ScriptOutcome.Kind.ERROR,
                ScriptOutcome.ERROR_EXIT,
                (where == null ? "wudl: " : "wudl: " + where + ": ") + "the script used all the memory it may (the"
                        + " heap limit of " + maxMiB + " MiB) and was stopped; make it keep less in memory, or give"
                        + " it more with wudl run --memory-limit " + Math.max(1, 2 * maxMiB / 1024) + "g");
    }

    private static ScriptOutcome scriptError(PolyglotException e, ScriptSource source) {
        return new ScriptOutcome(ScriptOutcome.Kind.ERROR, ScriptOutcome.ERROR_EXIT, ScriptErrors.describe(e, source));
    }

    private static void stopLater(RunControl control, ScriptOutcome.Kind kind, String message) {
        stopLater(control, kind, ScriptOutcome.STOPPED_EXIT, message);
    }

    private static void stopLater(RunControl control, ScriptOutcome.Kind kind, int exitCode, String message) {
        // close(true) waits for the script thread to leave the context: never on the shared watchdog thread
        Thread t = new Thread(() -> control.stop(kind, exitCode, message), "wudl-script-stop");
        t.setDaemon(true);
        t.start();
    }

    private static void install(Context context, Realm realm) {
        ActiveXFactory activeX = new ActiveXFactory(realm);
        Value global = context.getBindings("js");
        global.putMember("ActiveXObject", activeX);
        WScriptFacade wscript = new WScriptFacade(realm, activeX);
        global.putMember("WScript", wscript);
        global.putMember("WSH", wscript); // WSH's other name for the same object
        global.putMember("GetObject", (ProxyExecutable) args -> realm.call(() -> {
            throw WScriptFacade.getObject(Args.toStringOrNull(Args.at(args, 0)));
        }));
        ProxyObject bridge = ProxyObject.fromMap(Map.of("unhandledRejection", (ProxyExecutable) args -> {
            String text = args.length > 0 && args[0].isString() ? args[0].asString() : "undefined";
            realm.control()
                    .stop(
                            ScriptOutcome.Kind.ERROR,
                            ScriptOutcome.ERROR_EXIT,
                            ScriptErrors.describeRejection(text, realm.script));
            throw new ScriptStop();
        }));
        Source prelude = Source.newBuilder("js", PRELUDE, "wudl-prelude.js")
                .internal(true)
                .buildLiteral();
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
