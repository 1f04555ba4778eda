package io.github.wudl.catalog;

import io.github.wudl.wua.Redaction;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to a catalog's parsed JSON ({@link JsonObject}) with the JSON path of every value at hand, so
 * each refusal names where it is. A key whose value is JSON {@code null} counts as absent (generators write null
 * for "not set").
 */
final class Fields {
    private final String source;

    Fields(URI base) {
        this.source = Redaction.uri(base);
    }

    /** The refusal of the whole catalog because of the value at {@code path}. */
    CatalogException bad(JsonPath path, String problem) {
        return bad(path.toString(), problem);
    }

    /** The refusal of the whole catalog because of the value at {@code path}. */
    CatalogException bad(String path, String problem) {
        return new CatalogException(path, -1, -1, "catalog " + source + " refused at " + path + ": " + problem);
    }

    JsonObject object(Object n, JsonPath path, String what) {
        if (!(n instanceof JsonObject o)) {
            throw bad(path, "expected " + what + " (a JSON object), found " + describe(n));
        }
        return o;
    }

    /** The value of {@code key}, or null when it is missing or JSON null. */
    static Object opt(JsonObject obj, String key) {
        Object n = obj.get(key);
        return n == JsonObject.NULL ? null : n;
    }

    String string(JsonObject obj, JsonPath path, String key, String remedy) {
        String s = optString(obj, path, key, null);
        if (s == null) {
            throw bad(path.key(key), "the required \"" + key + "\" is missing; " + remedy);
        }
        return s;
    }

    String optString(JsonObject obj, JsonPath path, String key, String dflt) {
        Object n = opt(obj, key);
        if (n == null) {
            return dflt;
        }
        if (!(n instanceof String s)) {
            throw bad(path.key(key), "expected a string, found " + describe(n));
        }
        return s;
    }

    boolean optBool(JsonObject obj, JsonPath path, String key, boolean dflt) {
        Object n = opt(obj, key);
        if (n == null) {
            return dflt;
        }
        if (!(n instanceof Boolean b)) {
            throw bad(path.key(key), "expected true or false, found " + describe(n));
        }
        return b;
    }

    @SuppressWarnings("unchecked")
    List<Object> optArray(JsonObject obj, JsonPath path, String key) {
        Object n = opt(obj, key);
        if (n == null) {
            return null;
        }
        if (!(n instanceof List<?>)) {
            throw bad(path.key(key), "expected an array [...], found " + describe(n));
        }
        return (List<Object>) n;
    }

    /** The strings of an optional array of strings; empty when the key is absent. */
    List<String> optStrings(JsonObject obj, JsonPath path, String key) {
        List<Object> a = optArray(obj, path, key);
        if (a == null) {
            return List.of();
        }
        List<String> out = new ArrayList<>(a.size());
        for (int i = 0; i < a.size(); i++) {
            if (!(a.get(i) instanceof String s)) {
                throw bad(path.key(key).index(i), "expected a string, found " + describe(a.get(i)));
            }
            out.add(s);
        }
        return out;
    }

    /** A whole JSON number within [min, max]; {@code what} names it in the message. */
    long integer(Object n, JsonPath path, long min, long max, String what) {
        if (n instanceof Long v && v >= min && v <= max) {
            return v; // the common case, without a BigInteger
        }
        if (!(n instanceof Number)) {
            throw bad(path, "expected " + what + " (a whole number), found " + describe(n));
        }
        if (n instanceof Double) {
            throw bad(
                    path,
                    "expected " + what + " (a whole number), found " + show(n.toString())
                            + "; write it without a fraction or exponent");
        }
        throw bad(
                path,
                show(n.toString()) + " is out of range for " + what + "; it must be between " + min + " and " + max);
    }

    /** "a string (\"x\")", "a number (5)", … for messages. */
    static String describe(Object n) {
        if (n == null || n == JsonObject.NULL) {
            return "null";
        }
        if (n instanceof String s) {
            return "a string (" + show(s) + ")";
        }
        if (n instanceof Number) {
            return "a number (" + show(n.toString()) + ")";
        }
        if (n instanceof Boolean b) {
            return b.toString();
        }
        return n instanceof List<?> ? "an array" : "an object";
    }

    /**
     * A value quoted for a message: credentials hidden, control and formatting characters escaped (they could
     * drive a terminal or disguise text), at most about 80 characters.
     */
    static String show(String value) {
        return show(value, 80);
    }

    /** {@link #show(String)} with room for {@code limit} characters. */
    static String show(String value, int limit) {
        String v = Redaction.text(value);
        StringBuilder out = new StringBuilder("\"");
        int i = 0;
        for (; i < v.length() && out.length() < limit; i++) {
            char c = v.charAt(i);
            if (Character.isISOControl(c) || Character.getType(c) == Character.FORMAT || c == '"' || c == '\\') {
                out.append(c == '"' || c == '\\' ? "\\" + c : String.format("\\u%04X", (int) c));
            } else {
                out.append(c);
            }
        }
        if (i < v.length()) {
            out.append("...");
        }
        return out.append('"').toString();
    }
}
