package io.github.wudl.portable;

import io.github.wudl.catalog.Criteria;
import io.github.wudl.wua.ClientIdentified;
import io.github.wudl.wua.OperationResultCode;
import io.github.wudl.wua.SearchResult;
import io.github.wudl.wua.UpdateCollection;
import io.github.wudl.wua.UpdateSearcher;
import java.util.List;

/** Searches the session's catalog with the SPEC §3 criteria subset; results keep catalog order. */
final class PortableSearcher extends ClientIdentified implements UpdateSearcher {
    private final PortableSession session;

    PortableSearcher(PortableSession session) {
        super(session.clientApplicationID());
        this.session = session;
    }

    @Override
    public SearchResult search(String criteria) {
        Criteria query = Criteria.parse(criteria);
        List<PortableUpdate> found = session.updates().stream()
                .filter(u -> query.matches(u.entry(), u.isHidden()))
                .toList();
        return new SearchResult(OperationResultCode.Succeeded, UpdateCollection.readOnlySnapshot(found));
    }
}
