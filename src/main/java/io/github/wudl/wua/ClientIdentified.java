package io.github.wudl.wua;

/**
 * ClientApplicationID, which WUA's session, searcher and downloader each carry: the name a caller gives
 * itself for the agent's logs. The one place of its rules for every object that holds it: a session starts
 * with {@link #DEFAULT}, a searcher or downloader with its session's value, and null is read as "" (WUA
 * returns an empty BSTR). Thread-safe (volatile).
 */
public abstract class ClientIdentified {
    /** What a session's ClientApplicationID is until a caller sets one, as in WUA: "". */
    public static final String DEFAULT = "";

    private volatile String clientApplicationID;

    /** @param initial the starting value (a session's is {@link #DEFAULT}), null for "" */
    protected ClientIdentified(String initial) {
        this.clientApplicationID = orDefault(initial);
    }

    /** {@code id}, or {@link #DEFAULT} for null. */
    public static String orDefault(String id) {
        return id == null ? DEFAULT : id;
    }

    public String clientApplicationID() {
        return clientApplicationID;
    }

    public void setClientApplicationID(String id) {
        this.clientApplicationID = orDefault(id);
    }
}
