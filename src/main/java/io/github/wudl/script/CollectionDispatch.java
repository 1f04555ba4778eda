package io.github.wudl.script;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import org.graalvm.polyglot.Value;
import org.graalvm.polyglot.proxy.ProxyArray;
import org.graalvm.polyglot.proxy.ProxyExecutable;

/**
 * A facade that is also a collection, answering every way scripts index one: {@code .Item(i)} and the
 * {@code (i)} default member (DISPID 0) as WUA's typelib defines them, and {@code [i]}, {@code length} and
 * {@code for…of} as JS arrays do. {@code Item} with a bad index is WU_E_INVALIDINDEX; {@code [i]} out of range
 * reads {@code undefined}, as on an array.
 */
abstract class CollectionDispatch extends Dispatch implements ProxyArray, ProxyExecutable {
    CollectionDispatch(Realm realm, Members members) {
        super(realm, members);
    }

    abstract int size();

    /** The script value at {@code index} (0 ≤ index &lt; size). */
    abstract Object at(int index);

    /** {@code coll[i] = v}; read-only collections refuse with WU_E_NOT_SUPPORTED. */
    void put(int index, Value value) {
        throw new WuaException(HResult.WU_E_NOT_SUPPORTED, "this collection is read-only");
    }

    /** Item(index) as WUA answers it: WU_E_INVALIDINDEX outside 0..Count-1. */
    Object item(Value[] args) {
        int i = Args.toInt(Args.at(args, 0), "Item(index)");
        if (i < 0 || i >= size()) {
            throw new WuaException(
                    HResult.WU_E_INVALIDINDEX,
                    size() == 0
                            ? "index " + i
                                    + " is not in the collection: it is empty (Count is 0); check Count before Item(i)"
                            : "index " + i + " is outside 0.." + (size() - 1) + " (Count is " + size() + ")");
        }
        return at(i);
    }

    @Override
    public Object get(long index) {
        if (index < 0 || index >= size()) {
            throw new ArrayIndexOutOfBoundsException((int) index);
        }
        return realm.call(() -> at((int) index));
    }

    @Override
    public void set(long index, Value value) {
        realm.call(() -> {
            put((int) index, value);
            return null;
        });
    }

    @Override
    public boolean remove(long index) {
        return false;
    }

    @Override
    public long getSize() {
        return size();
    }

    @Override
    public Object execute(Value... args) {
        return realm.call(() -> item(args));
    }
}
