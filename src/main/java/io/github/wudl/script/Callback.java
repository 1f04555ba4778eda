package io.github.wudl.script;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import org.graalvm.polyglot.Value;

/**
 * A script callback as BeginDownload takes it: any JS function — called as {@code fn(job, args)}, the
 * DISPID-0 path WUA's remarks describe — or an object with an {@code Invoke(job, args)} method (called with the
 * object as {@code this}). Script thread only: it holds a {@link Value}.
 */
final class Callback {
    private final Value function;
    private final Value target;
    private final String method;

    private Callback(Value function, Value target, String method) {
        this.function = function;
        this.target = target;
        this.method = method;
    }

    /**
     * The callback {@code v} stands for; null for null/undefined (the engine then answers
     * DISP_E_TYPEMISMATCH, as WUA does for a late-bound null callback).
     *
     * @throws WuaException DISP_E_TYPEMISMATCH for a value that is neither a function nor has Invoke
     */
    static Callback from(Value v, String parameter) {
        if (Args.isMissing(v)) {
            return null;
        }
        if (v.canExecute()) {
            return new Callback(v, null, null);
        }
        if (v.hasMembers()) {
            for (String name : new String[] {"Invoke", "invoke"}) {
                Value m = v.getMember(name);
                if (m != null && m.canExecute()) {
                    return new Callback(null, v, name);
                }
            }
        }
        throw new WuaException(
                HResult.DISP_E_TYPEMISMATCH,
                parameter + " is not callable; pass a function (job, args)"
                        + " or an object with an Invoke(job, args) method, even one that does nothing");
    }

    void invoke(Object job, Object args) {
        if (function != null) {
            function.executeVoid(job, args);
        } else {
            target.invokeMember(method, job, args);
        }
    }
}
