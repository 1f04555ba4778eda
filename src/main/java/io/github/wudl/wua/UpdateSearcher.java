package io.github.wudl.wua;

/**
 * IUpdateSearcher: finds updates by WUA search criteria. The portable backend supports the subset of
 * SPEC §3 and refuses any other term with E_INVALIDARG naming it.
 */
public interface UpdateSearcher {
    String clientApplicationID();

    void setClientApplicationID(String id);

    /** Search(criteria); null or blank means {@code IsInstalled=0}. */
    SearchResult search(String criteria);
}
