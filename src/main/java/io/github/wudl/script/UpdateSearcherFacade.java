package io.github.wudl.script;

import io.github.wudl.wua.ClientIdentified;
import io.github.wudl.wua.HResult;
import io.github.wudl.wua.SearchResult;
import io.github.wudl.wua.UpdateSearcher;
import io.github.wudl.wua.UpdateSession;
import io.github.wudl.wua.WuaException;

/**
 * IUpdateSearcher. {@code ServerSelection = 3} (ssOthers) with a {@code ServiceID} from
 * AddScanPackageService searches that catalog; any other selection searches the run's {@code --catalog}.
 * Search(criteria) takes the WUA criteria subset of SPEC §3 and returns ISearchResult (ResultCode, Updates,
 * Warnings).
 */
final class UpdateSearcherFacade extends Dispatch {
    private static final String NO_SERVICE = "00000000-0000-0000-0000-000000000000";

    private static final Members RESULT = Members.<RecordFacade<SearchResultFacade>>of("ISearchResult")
            .get("ResultCode", r -> r.value().result.resultCode())
            .get(
                    "Updates",
                    r -> UpdateCollectionFacade.of(r.realm, r.value().result.updates()))
            .get("Warnings", r -> ListFacade.of(r.realm, java.util.List.of()))
            .get("RootCategories", r -> ListFacade.of(r.realm, java.util.List.of()))
            .build();

    private static final Members MEMBERS = Members.<UpdateSearcherFacade>of("IUpdateSearcher")
            .prop(
                    "ClientApplicationID",
                    s -> s.clientApplicationID,
                    (s, v) -> s.clientApplicationID = ClientIdentified.orDefault(Args.toStringOrNull(v)))
            .prop(
                    "ServerSelection",
                    s -> s.serverSelection,
                    (s, v) -> s.serverSelection = Args.toInt(v, "ServerSelection"))
            .prop(
                    "ServiceID",
                    s -> s.serviceID,
                    (s, v) -> s.serviceID = UpdateSessionFacade.nonNull(Args.toStringOrNull(v)))
            .prop("Online", s -> s.online, (s, v) -> s.online = Args.toBoolean(v, "Online"))
            .prop(
                    "IncludePotentiallySupersededUpdates",
                    s -> s.includeSuperseded,
                    (s, v) -> s.includeSuperseded = Args.toBoolean(v, "IncludePotentiallySupersededUpdates"))
            .method("Search", (s, a) -> s.search(Args.toStringOrNull(Args.at(a, 0))))
            .prop(
                    "IgnoreDownloadPriority",
                    s -> s.ignoreDownloadPriority,
                    (s, v) -> s.ignoreDownloadPriority = Args.toBoolean(v, "IgnoreDownloadPriority"))
            .prop("SearchScope", s -> s.searchScope, (s, v) -> s.searchScope = Args.toInt(v, "SearchScope"))
            .get("CanAutomaticallyUpgradeService", s -> false)
            .method("EscapeString", (s, a) -> escape(Args.toStringOrNull(Args.at(a, 0))))
            // wudl installs nothing, so the history it can tell is honestly empty
            .method("GetTotalHistoryCount", (s, a) -> 0)
            .method("QueryHistory", (s, a) -> {
                int start = Args.toInt(Args.at(a, 0), "QueryHistory's startIndex");
                int count = Args.toInt(Args.at(a, 1), "QueryHistory's count");
                if (start < 0 || count < 0) {
                    throw new WuaException(
                            HResult.E_INVALIDARG,
                            "QueryHistory(" + start + ", " + count + "): the start index and the count are 0 or more");
                }
                return ListFacade.of(s.realm, java.util.List.of());
            })
            .build();

    /** A text as a literal of the criteria grammar: each ' doubled, as in {@code Title='O''Brien'}. */
    private static String escape(String text) {
        return text == null ? "" : text.replace("'", "''");
    }

    /** What Search found, kept as the record a {@link RecordFacade} wraps. */
    record SearchResultFacade(SearchResult result) {}

    private String clientApplicationID;
    private int serverSelection;
    private String serviceID = NO_SERVICE;
    private boolean online = true;
    private boolean includeSuperseded;
    private boolean ignoreDownloadPriority;
    private int searchScope;

    UpdateSearcherFacade(Realm realm, String clientApplicationID) {
        super(realm, MEMBERS);
        this.clientApplicationID = clientApplicationID;
    }

    private Object search(String criteria) {
        UpdateSession session = realm.sessions.forSearch(serverSelection, serviceID);
        UpdateSearcher searcher = session.createUpdateSearcher();
        searcher.setClientApplicationID(clientApplicationID);
        SearchResult result = searcher.search(criteria);
        realm.recordOrigin(result.updates(), session);
        return new RecordFacade<>(realm, RESULT, new SearchResultFacade(result));
    }
}
