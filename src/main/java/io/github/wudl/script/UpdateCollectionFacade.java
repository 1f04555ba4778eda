package io.github.wudl.script;

import io.github.wudl.wua.UpdateCollection;
import org.graalvm.polyglot.Value;

/**
 * IUpdateCollection ({@code Microsoft.Update.UpdateColl}, search results' and jobs' Updates) over an
 * {@link UpdateCollection}, whose rules it keeps: a read-only collection refuses changes with
 * WU_E_NOT_SUPPORTED, a bad index is WU_E_INVALIDINDEX, adding null is E_POINTER. Items are the run's one
 * facade per update, so {@code coll.Item(0) === coll(0)}.
 */
final class UpdateCollectionFacade extends CollectionDispatch {
    private static final String AN_UPDATE = "an update (an item of a search result's Updates)";

    private static final Members MEMBERS = Members.<UpdateCollectionFacade>of("IUpdateCollection")
            .method("Item", UpdateCollectionFacade::item)
            .get("Count", UpdateCollectionFacade::size)
            .get("ReadOnly", c -> c.collection.readOnly())
            .method("Add", (c, a) -> c.collection.add(update(Args.at(a, 0), "Add(update)")))
            .method("Clear", (c, a) -> {
                c.collection.clear();
                return null;
            })
            .method("Copy", (c, a) -> of(c.realm, c.collection.copy()))
            .method("Insert", (c, a) -> {
                c.collection.insert(
                        Args.toInt(Args.at(a, 0), "Insert(index, update)"),
                        update(Args.at(a, 1), "Insert(index, update)"));
                return null;
            })
            .method("RemoveAt", (c, a) -> {
                c.collection.removeAt(Args.toInt(Args.at(a, 0), "RemoveAt(index)"));
                return null;
            })
            .build();

    final UpdateCollection collection;

    private UpdateCollectionFacade(Realm realm, UpdateCollection collection) {
        super(realm, MEMBERS);
        this.collection = collection;
    }

    /** The one facade of {@code collection} in this run. */
    static UpdateCollectionFacade of(Realm realm, UpdateCollection collection) {
        return realm.facade(collection, () -> new UpdateCollectionFacade(realm, collection));
    }

    @Override
    int size() {
        return collection.count();
    }

    @Override
    Object at(int index) {
        return UpdateFacade.of(realm, collection.item(index));
    }

    @Override
    void put(int index, Value value) {
        collection.setItem(index, update(value, "Item(index) = update"));
    }

    private static io.github.wudl.wua.Update update(Value v, String what) {
        UpdateFacade f = Args.facade(v, UpdateFacade.class, what, AN_UPDATE);
        return f == null ? null : f.update;
    }

    @Override
    public String toString() {
        return "[object IUpdateCollection]";
    }
}
