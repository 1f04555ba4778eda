package io.github.wudl.script;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import java.util.ArrayList;
import java.util.List;
import org.graalvm.polyglot.Value;

/**
 * IStringCollection ({@code new ActiveXObject("Microsoft.Update.StringColl")}, and IWebProxy.BypassList): a
 * list of strings a script fills. Add returns the new index; Item, Insert and RemoveAt take an index in range
 * (WU_E_INVALIDINDEX otherwise); Copy gives an independent collection. Values are converted as WUA's BSTR
 * parameter converts them: a number becomes its text, null or undefined the empty string.
 */
final class StringCollectionFacade extends CollectionDispatch {
    private static final Members MEMBERS = Members.<StringCollectionFacade>of("IStringCollection")
            .method("Item", StringCollectionFacade::item)
            .get("Count", StringCollectionFacade::size)
            .get("ReadOnly", c -> false)
            .method("Add", (c, a) -> {
                c.items.add(text(Args.at(a, 0)));
                return c.items.size() - 1;
            })
            .method("Clear", (c, a) -> {
                c.items.clear();
                return null;
            })
            .method("Copy", (c, a) -> new StringCollectionFacade(c.realm, c.items))
            .method("Insert", (c, a) -> {
                int at = Args.toInt(Args.at(a, 0), "Insert(index, value)");
                if (at < 0 || at > c.items.size()) {
                    throw new WuaException(
                            HResult.WU_E_INVALIDINDEX,
                            "Insert at " + at + ": give an index from 0 to Count (" + c.items.size() + ")");
                }
                c.items.add(at, text(Args.at(a, 1)));
                return null;
            })
            .method("RemoveAt", (c, a) -> {
                c.item(a); // the same index check as Item
                c.items.remove(Args.toInt(Args.at(a, 0), "RemoveAt(index)"));
                return null;
            })
            .build();

    private final List<String> items;

    StringCollectionFacade(Realm realm, List<String> items) {
        super(realm, MEMBERS);
        this.items = new ArrayList<>(items);
    }

    /** The strings, as they are now. */
    List<String> strings() {
        return List.copyOf(items);
    }

    @Override
    int size() {
        return items.size();
    }

    @Override
    Object at(int index) {
        return items.get(index);
    }

    @Override
    void put(int index, Value value) {
        if (index < 0 || index >= items.size()) {
            throw new WuaException(HResult.WU_E_INVALIDINDEX, "index " + index + " is outside 0.." + (size() - 1));
        }
        items.set(index, text(value));
    }

    private static String text(Value v) {
        String s = Args.toStringOrNull(v);
        return s == null ? "" : s;
    }
}
