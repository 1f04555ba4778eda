package io.github.wudl.windows;

import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.SearchResult;
import io.github.wudl.wua.Update;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateSearcher;
import java.util.ArrayList;
import java.util.List;

/**
 * IUpdateSearcher over COM. Search runs WUA's own search (the full criteria language, against the machine's
 * update service) and snapshots each found update ({@link WuaUpdate}). It can take minutes, as in WUA.
 */
final class WuaSearcher implements UpdateSearcher {
    private final Wua wua;
    private final ComRef searcher;

    WuaSearcher(Wua wua, ComRef searcher) {
        this.wua = wua;
        this.searcher = searcher;
    }

    @Override
    public String clientApplicationID() {
        return wua.com.call(() -> {
            Object id = wua.getByName(searcher, "ClientApplicationID");
            return id == null ? "" : id.toString();
        });
    }

    @Override
    public void setClientApplicationID(String id) {
        wua.com.run(() -> wua.auto.put(
                searcher.pointer(),
                wua.auto.dispId(searcher.pointer(), "ClientApplicationID"),
                "ClientApplicationID",
                id == null ? "" : id));
    }

    @Override
    public SearchResult search(String criteria) {
        return wua.com.call(() -> {
            int search = wua.auto.dispId(searcher.pointer(), "Search");
            try (ComRef result = wua.callRef(searcher, search, "Search(\"" + criteria + "\")", criteria)) {
                int code = ((Number) wua.getByName(result, "ResultCode")).intValue();
                Object updates = wua.getByName(result, "Updates");
                try (ComRef collection = (ComRef) updates) {
                    return new SearchResult(
                            OperationResultCode.fromValue(code),
                            UpdateCollection.readOnlySnapshot(updates(wua, collection)));
                }
            }
        });
    }

    /** The updates of an IUpdateCollection, each snapshotted; on the COM thread. */
    static List<Update> updates(Wua wua, ComRef collection) {
        int n = wua.count(collection);
        List<Update> out = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            out.add(WuaUpdate.read(wua, wua.getRef(collection, Wua.COLLECTION_ITEM, "Item(" + i + ")", i)));
        }
        return out;
    }
}
