package io.github.wudl.portable;

/**
 * ClientApplicationID, which WUA's session, searcher and downloader each carry: the name a caller gives
 * itself for the agent's logs. A searcher or downloader starts with its session's value.
 */
abstract class ClientIdentified {
    private volatile String clientApplicationID;

    ClientIdentified(String initial) {
        this.clientApplicationID = initial == null ? "" : initial;
    }

    public String clientApplicationID() {
        return clientApplicationID;
    }

    public void setClientApplicationID(String id) {
        this.clientApplicationID = id == null ? "" : id;
    }
}
