package io.github.wudl.script;

/**
 * A facade over an immutable value (IUpdateIdentity, IInstallationBehavior, ICategory, callback args …):
 * its members read the value, none can be written.
 *
 * @param <V> the wrapped value's type
 */
final class RecordFacade<V> extends Dispatch {
    private final V value;

    RecordFacade(Realm realm, Members members, V value) {
        super(realm, members);
        this.value = value;
    }

    V value() {
        return value;
    }
}
