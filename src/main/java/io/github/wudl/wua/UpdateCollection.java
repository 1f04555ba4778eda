package io.github.wudl.wua;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * IUpdateCollection ({@code Microsoft.Update.UpdateColl}): an ordered list of updates.
 *
 * <p>A collection made with {@code new} is writable. A read-only one ({@link #readOnlySnapshot}, a job's
 * Updates, search results' BundledUpdates) refuses every change with WU_E_NOT_SUPPORTED, as WUA's does.
 * A bad index is WU_E_INVALIDINDEX; a null update is E_POINTER. Safe for use from several threads;
 * iteration works on a snapshot.
 */
public final class UpdateCollection implements Iterable<Update> {
    private final List<Update> items;
    private final boolean readOnly;

    public UpdateCollection() {
        this(new ArrayList<>(), false);
    }

    private UpdateCollection(List<Update> items, boolean readOnly) {
        this.items = items;
        this.readOnly = readOnly;
    }

    /** A read-only collection holding {@code updates} as they are now. */
    public static UpdateCollection readOnlySnapshot(List<? extends Update> updates) {
        return new UpdateCollection(List.copyOf(updates), true);
    }

    /** A read-only copy of this collection as it is now. */
    public synchronized UpdateCollection readOnlySnapshot() {
        return readOnlySnapshot(items);
    }

    /** Item(index). */
    public synchronized Update item(int index) {
        checkIndex(index, items.size() - 1);
        return items.get(index);
    }

    /** Item(index) = update. */
    public synchronized void setItem(int index, Update update) {
        checkWritable();
        checkIndex(index, items.size() - 1);
        items.set(index, nonNull(update));
    }

    public synchronized int count() {
        return items.size();
    }

    public boolean readOnly() {
        return readOnly;
    }

    /** Add(update): appends and returns the new item's index. */
    public synchronized int add(Update update) {
        checkWritable();
        items.add(nonNull(update));
        return items.size() - 1;
    }

    public synchronized void clear() {
        checkWritable();
        items.clear();
    }

    /** Copy(): a writable copy, whatever this collection is. */
    public synchronized UpdateCollection copy() {
        return new UpdateCollection(new ArrayList<>(items), false);
    }

    /** Insert(index, update): 0 ≤ index ≤ Count. */
    public synchronized void insert(int index, Update update) {
        checkWritable();
        checkIndex(index, items.size());
        items.add(index, nonNull(update));
    }

    public synchronized void removeAt(int index) {
        checkWritable();
        checkIndex(index, items.size() - 1);
        items.remove(index);
    }

    /** The items as they are now, as an unmodifiable list. */
    public synchronized List<Update> toList() {
        return List.copyOf(items);
    }

    @Override
    public Iterator<Update> iterator() {
        return toList().iterator();
    }

    private void checkWritable() {
        if (readOnly) {
            throw new WuaException(
                    HResult.WU_E_NOT_SUPPORTED,
                    "this collection is read-only; call Copy() to get a collection you can change");
        }
    }

    private static void checkIndex(int index, int max) {
        if (index < 0 || index > max) {
            throw new WuaException(HResult.WU_E_INVALIDINDEX, "index " + index + " is outside 0.." + max);
        }
    }

    private static Update nonNull(Update update) {
        if (update == null) {
            throw new WuaException(HResult.E_POINTER, "pass an Update object, not null");
        }
        return update;
    }

    @Override
    public synchronized String toString() {
        return "UpdateCollection" + (readOnly ? "(read-only)" : "") + items;
    }
}
