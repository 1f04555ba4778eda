package io.github.wudl.script;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WuaEnum;
import io.github.wudl.wua.WuaException;
import java.io.PrintWriter;
import java.time.Instant;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.function.Supplier;
import org.graalvm.polyglot.PolyglotException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyInstant;

/**
 * Everything the facades of one run share: the bridge values the prelude made (error factory, undefined,
 * promise helper), the output streams, the sessions, the facade and origin caches, the jobs the script
 * started, the event loop and the run's stop control. Script thread only, except {@link #loop()} and
 * {@link #control()}, which engine threads and the watchdog use, and {@link #jobs()}.
 */
final class Realm {
    final ScriptSource script;
    final List<String> arguments;
    final PrintWriter out;
    final PrintWriter err;
    final StdIn in;
    final Sessions sessions;
    private final RunControl control;
    private final IdentityHashMap<Object, Object> facades = new IdentityHashMap<>();
    private final IdentityHashMap<Update, UpdateSession> origins = new IdentityHashMap<>();
    // read by the caller of a run that gave its script thread up (to abort the jobs), so safely published
    private final List<DownloadJobFacade> jobs = new java.util.concurrent.CopyOnWriteArrayList<>();
    private int unsettledJobs;
    private Value errorFactory;
    private Value promiseFactory;
    private Value undefined;
    private Value display;

    Realm(
            ScriptSource script,
            List<String> arguments,
            PrintWriter out,
            PrintWriter err,
            StdIn in,
            Sessions sessions,
            RunControl control) {
        this.script = script;
        this.arguments = List.copyOf(arguments);
        this.out = out;
        this.err = err;
        this.in = in;
        this.sessions = sessions;
        this.control = control;
    }

    private java.util.Set<String> builtinNames = java.util.Set.of();

    /** Takes the helpers the prelude returned. */
    void bind(Value bridge) {
        errorFactory = bridge.getMember("makeError");
        promiseFactory = bridge.getMember("promiseOf");
        undefined = bridge.getMember("undefined");
        display = bridge.getMember("display");
        Value names = bridge.getMember("builtins");
        java.util.Set<String> set = new java.util.HashSet<>();
        for (long i = 0; i < names.getArraySize(); i++) {
            set.add(names.getArrayElement(i).asString());
        }
        builtinNames = java.util.Set.copyOf(set);
    }

    /**
     * Whether JavaScript finds {@code name} on the prototypes of host objects or probes for it ({@code join},
     * {@code hasOwnProperty}, {@code then} …): a facade does not claim such a name unless it is a member.
     */
    boolean isJsBuiltin(String name) {
        return builtinNames.contains(name);
    }

    /** How WSH shows a value it echoes: JS's String(v), so an IUpdate shows its Title (its default member). */
    String display(org.graalvm.polyglot.Value v) {
        if (v == null) {
            return "";
        }
        return v.isString() ? v.asString() : display.execute(v).asString();
    }

    EventLoop loop() {
        return control.loop();
    }

    RunControl control() {
        return control;
    }

    Value undefined() {
        return undefined;
    }

    /**
     * Runs a facade member: converts its result for the script and turns every failure into a JS error —
     * a {@link WuaException} keeps its HRESULT; anything unexpected is E_FAIL — so no Java exception object
     * reaches script code.
     */
    Object call(Supplier<Object> body) {
        if (control.stopping()) {
            throw new ScriptStop();
        }
        try {
            return toScript(body.get());
        } catch (WuaException e) {
            throw error(e);
        } catch (PolyglotException | ScriptStop e) {
            throw e; // a script error crossing back, or the run ending
        } catch (RuntimeException e) {
            if (control.stopping()) {
                throw new ScriptStop();
            }
            // the Java exception's text names wudl's classes, which mean nothing to a script's author
            throw error(new WuaException(HResult.E_FAIL, ScriptErrors.INTERNAL, e));
        }
    }

    /** Throws a JS Error for {@code hresult}: {@code number}, {@code description}, {@code message}. */
    RuntimeException error(int hresult, String detail) {
        throw error(new WuaException(hresult, detail, null));
    }

    /** Throws {@code e} as a JS Error whose {@code message} names the HRESULT. */
    RuntimeException error(WuaException e) {
        throw errorValue(e).throwException();
    }

    /** The JS Error for {@code e}, not thrown (to reject a promise with). */
    Value errorValue(WuaException e) {
        return errorFactory.execute(e.hresult(), e.getMessage(), e.hresultName());
    }

    /** A JS Promise that settles as {@code thenable.then} says. */
    Value promiseOf(Object thenable) {
        return promiseFactory.execute(thenable);
    }

    private static Object toScript(Object result) {
        if (result instanceof WuaEnum e) {
            return e.value(); // scripts see WUA's numbers, as through IDispatch
        }
        if (result instanceof Instant i) {
            return ProxyInstant.from(i);
        }
        return result;
    }

    /** The one facade of {@code raw}, made by {@code make} the first time, so {@code ===} holds across reads. */
    @SuppressWarnings("unchecked")
    <T> T facade(Object raw, Supplier<T> make) {
        Object f = facades.get(raw);
        if (f == null) {
            f = make.get();
            facades.put(raw, f);
        }
        return (T) f;
    }

    /** Remembers which session found {@code updates}, so a downloader can be made from the right one. */
    void recordOrigin(Iterable<Update> updates, UpdateSession session) {
        for (Update u : updates) {
            origins.putIfAbsent(u, session);
        }
    }

    UpdateSession originOf(Update update) {
        return origins.get(update);
    }

    void addJob(DownloadJobFacade job) {
        jobs.add(job);
        unsettledJobs++;
    }

    /** Called once per job, when its completion has been handled on the script thread. */
    void jobSettled() {
        unsettledJobs--;
    }

    List<DownloadJobFacade> jobs() {
        return jobs;
    }

    /** True when every job the script started has finished and its completion has been handled. */
    boolean allJobsSettled() {
        return unsettledJobs == 0;
    }

    /** Reports a callback's exception on the error stream with its script position; the download goes on. */
    void reportCallbackError(String what, PolyglotException e) {
        err.println("wudl: " + ScriptErrors.describe(e, script) + " (in the " + what + "; the download goes on)");
        err.flush();
    }
}
