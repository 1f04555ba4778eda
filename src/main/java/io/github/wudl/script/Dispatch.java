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
 * <p>Unknown names read as {@code undefined} (so {@code await}'s {@code then} probe, {@code JSON.stringify}'s
 * {@code toJSON} probe and feature tests work); writing an unknown or read-only member is an error, as
 * through IDispatch. Used on the script's thread only.
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
            return null;
        }
        if (m.isMethod()) {
            Object self = target();
            return (ProxyExecutable) args -> realm.call(() -> m.method().apply(self, args));
        }
        return realm.call(() -> m.getter().apply(target()));
    }

    @Override
    public boolean hasMember(String key) {
        return members.find(key) != null;
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
                    HResult.DISP_E_MEMBERNOTFOUND.code(),
                    members.typeName() + " has no member '" + key
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
