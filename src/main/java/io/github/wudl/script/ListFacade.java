package io.github.wudl.script;

import java.util.List;

/**
 * A read-only collection of script values: IStringCollection (KBArticleIDs …), ICategoryCollection,
 * IUpdateDownloadContentCollection, the services of a ServiceManager, WScript.Arguments. Members: Item,
 * Count, ReadOnly — or, for {@link #arguments}, WSH's {@code Count()} method and {@code length}.
 */
final class ListFacade extends CollectionDispatch {
    private static final Members COLLECTION = Members.<ListFacade>of("ICollection")
            .method("Item", ListFacade::item)
            .get("Count", ListFacade::size)
            .get("ReadOnly", l -> true)
            .build();

    private static final Members ARGUMENTS = Members.<ListFacade>of("IArguments")
            .method("Item", ListFacade::item)
            .method("Count", (l, a) -> l.size())
            .get("length", ListFacade::size)
            .build();

    private final List<?> items;

    private ListFacade(Realm realm, Members members, List<?> items) {
        super(realm, members);
        this.items = List.copyOf(items);
    }

    /** A read-only WUA-style collection of {@code items} (already script values). */
    static ListFacade of(Realm realm, List<?> items) {
        return new ListFacade(realm, COLLECTION, items);
    }

    /** WScript.Arguments. */
    static ListFacade arguments(Realm realm, List<String> args) {
        return new ListFacade(realm, ARGUMENTS, args);
    }

    @Override
    int size() {
        return items.size();
    }

    @Override
    Object at(int index) {
        return items.get(index);
    }
}
