package io.github.wudl.catalog;

import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;

/**
 * One JSON object of a catalog as {@link CatalogReader} read it: keys in document order, each once (the reader
 * refuses a key given twice, asking {@link #has} first). A value is a {@code String}, a {@code Boolean}, a
 * {@code Long}, a {@code BigInteger} (a whole number beyond long), a {@code Double} (a number with a fraction or
 * exponent), a {@code JsonObject}, a {@code List<Object>} (an array) or {@link #NULL}.
 *
 * <p>Why not Jackson's tree: a catalog of 50,000 files has some 300,000 values, and Jackson gives each object a
 * linked hash map and each scalar a wrapper node. Catalog objects have a handful of keys, which a scan finds as
 * fast as a hash. Together with {@link JsonPath}, this form cut a cold load of a 50,000-file catalog by about a
 * fifth (median of 8 fresh JVMs, 1,096 to 889 ms).
 */
final class JsonObject {
    /** JSON {@code null}: kept, so that a message can say "found null" (an absent key and null mean the same). */
    static final Object NULL = new Object() {
        @Override
        public String toString() {
            return "null";
        }
    };

    private static final String[] NO_KEYS = {};
    private static final Object[] NO_VALUES = {};
    /** Up to this many keys a scan finds a key; beyond it a hash index does (a hostile object has millions). */
    private static final int SCAN_LIMIT = 16;

    // an empty object costs no arrays: a hostile catalog of 64 MiB of "{}," is some 20 million of them
    private String[] keys = NO_KEYS;
    private Object[] values = NO_VALUES;
    private int size;
    private Map<String, Integer> index;

    /** Whether the object has {@code key} already; the reader asks before each key, to refuse one given twice. */
    boolean has(String key) {
        return indexOf(key) >= 0;
    }

    /** Adds {@code key}, which the object must not have yet. */
    void put(String key, Object value) {
        if (size == keys.length) {
            keys = Arrays.copyOf(keys, Math.max(8, size * 2));
            values = Arrays.copyOf(values, Math.max(8, size * 2));
        }
        keys[size] = key;
        values[size] = value;
        if (index != null) {
            index.put(key, size);
        } else if (size + 1 > SCAN_LIMIT) {
            index = new HashMap<>();
            for (int i = 0; i <= size; i++) {
                index.put(keys[i], i);
            }
        }
        size++;
    }

    /** The value of {@code key} (possibly {@link #NULL}), or null when the object has no such key. */
    Object get(String key) {
        int i = indexOf(key);
        return i < 0 ? null : values[i];
    }

    private int indexOf(String key) {
        if (index != null) {
            Integer i = index.get(key);
            return i == null ? -1 : i;
        }
        for (int i = 0; i < size; i++) {
            // the parser interns key names, so this is mostly an identity check
            if (keys[i].equals(key)) {
                return i;
            }
        }
        return -1;
    }
}
