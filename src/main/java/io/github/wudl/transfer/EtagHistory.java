package io.github.wudl.transfer;

/**
 * The last ETag seen in one transfer and the (redacted) source it came from, kept across its attempts and
 * seeded from the part file's validators on resume; counts how often it changed.
 */
final class EtagHistory {
    private String etag;
    private String source;
    private int changes;

    /** What a resumed part file recorded. */
    void seen(String etag, String source) {
        this.etag = etag;
        this.source = source;
    }

    /** Records {@code etag} from {@code where}; true when it differs from the one seen before at that source. */
    boolean changed(String etag, String where) {
        boolean changed = etag != null && this.etag != null && where.equals(source) && !etag.equals(this.etag);
        if (etag != null) {
            seen(etag, where);
        }
        if (changed) {
            changes++;
        }
        return changed;
    }

    int changes() {
        return changes;
    }
}
