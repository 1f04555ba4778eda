package io.github.wudl.script;

import io.github.wudl.wua.HResult;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyExecutable;
import org.graalvm.polyglot.proxy.ProxyObject;

/**
 * Base of every object a script can reach: an IDispatch-like facade over a member table. Names are looked up
 * without regard to case; properties are read and written as JS properties; methods are returned as callable
 * values bound to the facade. Every failure leaves as a JS {@code Error} with {@code number} (see
 * {@link Realm#call}), so no Java exception object — and nothing reflective — ever reaches the script.
 *
 * <p>A name the object does not have, read or called, raises what JScript raises through IDispatch: "Object
 * doesn't support this property or method", {@code number} 0x800A01B6 (-2146827850), naming the interface and
 * the name. Only the names JavaScript finds on its own prototypes or probes for ({@code join}, {@code
 * hasOwnProperty}, {@code then} for {@code await}, {@code toJSON} …; {@link Realm#isJsBuiltin}) are left to
 * JavaScript, as before.
 * Writing an unknown or read-only member is an error too. Used on the script's thread only.
 */
abstract class Dispatch implements ProxyObject {
    final Realm realm;
    private final Members members;

    Dispatch(Realm realm, Members members) {
        this.realm = realm;
        this.members = members;
    }

    /** What the member functions receive: the facade itself, or the value a {@link RecordFacade} wraps. */
    Object target() {
        return this;
    }

    @Override
    public Object getMember(String key) {
        Members.Member m = members.find(key);
        if (m == null) {
            if (realm.isJsBuiltin(key)) {
                return null;
            }
            throw realm.error(
                    HResult.JS_E_UNSUPPORTED_MEMBER.code(),
                    "Object doesn't support this property or method: " + members.typeName() + " has no member '" + key
                            + "'");
        }
        if (m.isMethod()) {
            Object self = target();
            return (ProxyExecutable) args -> realm.call(() -> m.method().apply(self, args));
        }
        return realm.call(() -> m.getter().apply(target()));
    }

    /** True for every name but the probes: reading or calling one that is not a member raises its error. */
    @Override
    public boolean hasMember(String key) {
        return members.find(key) != null || !realm.isJsBuiltin(key);
    }

    @Override
    public Object getMemberKeys() {
        return members.keys();
    }

    @Override
    public void putMember(String key, Value value) {
        Members.Member m = members.find(key);
        if (m == null) {
            throw realm.error(
                    HResult.JS_E_UNSUPPORTED_MEMBER.code(),
                    "Object doesn't support this property or method: " + members.typeName() + " has no member '" + key
                            + "'; check the spelling against the WUA documentation");
        }
        if (m.setter() == null) {
            throw realm.error(
                    HResult.DISP_E_MEMBERNOTFOUND.code(),
                    members.typeName() + "." + m.name() + " is read-only"
                            + (m.isMethod() ? " (it is a method: call it)" : ""));
        }
        realm.call(() -> {
            m.setter().accept(target(), value);
            return null;
        });
    }

    @Override
    public boolean removeMember(String key) {
        return false; // members of a COM object cannot be deleted
    }

    @Override
    public String toString() {
        return "[object " + members.typeName() + "]";
    }
}
