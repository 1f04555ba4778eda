package io.github.wudl.catalog;

/**
 * Where a value sits in the catalog, spelled {@code $.updates[3].files[0].url} when a message needs it.
 *
 * <p>The text is made only by {@link #toString()}, that is only for a refusal: a valid 50,000-file catalog used
 * to concatenate some 200,000 path strings that nobody read, a tenth of a cold load.
 */
final class JsonPath {
    static final JsonPath ROOT = new JsonPath(null, null, -1);

    private final JsonPath parent;
    private final String key;
    private final int index;

    private JsonPath(JsonPath parent, String key, int index) {
        this.parent = parent;
        this.key = key;
        this.index = index;
    }

    /** The value of {@code key} in the object here. */
    JsonPath key(String key) {
        return new JsonPath(this, key, -1);
    }

    /** Element {@code index} of the array here. */
    JsonPath index(int index) {
        return new JsonPath(this, null, index);
    }

    @Override
    public String toString() {
        if (parent == null) {
            return "$";
        }
        StringBuilder out = new StringBuilder();
        append(out);
        return out.toString();
    }

    private void append(StringBuilder out) {
        if (parent == null) {
            out.append('$');
            return;
        }
        parent.append(out);
        if (key != null) {
            out.append('.').append(key);
        } else {
            out.append('[').append(index).append(']');
        }
    }
}
