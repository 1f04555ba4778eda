package io.github.wudl.catalog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.math.BigInteger;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;

/**
 * Typed access to a JSON tree with the JSON path of every value at hand, so each refusal names where it is.
 * A key whose value is JSON {@code null} counts as absent (generators write null for "not set").
 */
final class Fields {
    private final String source;

    Fields(URI base) {
        this.source = Redaction.uri(base);
    }

    /** The refusal of the whole catalog because of the value at {@code path}. */
    CatalogException bad(String path, String problem) {
        return new CatalogException(path, -1, -1, "catalog " + source + " refused at " + path + ": " + problem);
    }

    ObjectNode object(JsonNode n, String path, String what) {
        if (!(n instanceof ObjectNode o)) {
            throw bad(path, "expected " + what + " (a JSON object), found " + describe(n));
        }
        return o;
    }

    /** The value of {@code key}, or null when it is missing or JSON null. */
    static JsonNode opt(ObjectNode obj, String key) {
        JsonNode n = obj.get(key);
        return n == null || n.isNull() ? null : n;
    }

    String string(ObjectNode obj, String path, String key, String remedy) {
        String s = optString(obj, path, key, null);
        if (s == null) {
            throw bad(path + "." + key, "the required \"" + key + "\" is missing; " + remedy);
        }
        return s;
    }

    String optString(ObjectNode obj, String path, String key, String dflt) {
        JsonNode n = opt(obj, key);
        if (n == null) {
            return dflt;
        }
        if (!n.isTextual()) {
            throw bad(path + "." + key, "expected a string, found " + describe(n));
        }
        return n.textValue();
    }

    boolean optBool(ObjectNode obj, String path, String key, boolean dflt) {
        JsonNode n = opt(obj, key);
        if (n == null) {
            return dflt;
        }
        if (!n.isBoolean()) {
            throw bad(path + "." + key, "expected true or false, found " + describe(n));
        }
        return n.booleanValue();
    }

    ArrayNode optArray(ObjectNode obj, String path, String key) {
        JsonNode n = opt(obj, key);
        if (n == null) {
            return null;
        }
        if (!(n instanceof ArrayNode a)) {
            throw bad(path + "." + key, "expected an array [...], found " + describe(n));
        }
        return a;
    }

    /** The strings of an optional array of strings; empty when the key is absent. */
    List<String> optStrings(ObjectNode obj, String path, String key) {
        ArrayNode a = optArray(obj, path, key);
        List<String> out = new ArrayList<>();
        if (a != null) {
            for (int i = 0; i < a.size(); i++) {
                JsonNode n = a.get(i);
                if (!n.isTextual()) {
                    throw bad(path + "." + key + "[" + i + "]", "expected a string, found " + describe(n));
                }
                out.add(n.textValue());
            }
        }
        return out;
    }

    /** A whole JSON number within [min, max]; {@code what} names it in the message. */
    long integer(JsonNode n, String path, long min, long max, String what) {
        if (!n.isNumber()) {
            throw bad(path, "expected " + what + " (a whole number), found " + describe(n));
        }
        if (!n.isIntegralNumber()) {
            throw bad(path, "expected " + what + " (a whole number), found " + show(n.asText())
                    + "; write it without a fraction or exponent");
        }
        BigInteger v = n.bigIntegerValue();
        if (v.compareTo(BigInteger.valueOf(min)) < 0 || v.compareTo(BigInteger.valueOf(max)) > 0) {
            throw bad(path, show(v.toString()) + " is out of range for " + what + "; it must be between " + min
                    + " and " + max);
        }
        return v.longValueExact();
    }

    /** "a string (\"x\")", "a number (5)", … for messages. */
    static String describe(JsonNode n) {
        if (n == null || n.isNull() || n.isMissingNode()) {
            return "null";
        }
        if (n.isTextual()) {
            return "a string (" + show(n.textValue()) + ")";
        }
        if (n.isNumber()) {
            return "a number (" + show(n.asText()) + ")";
        }
        if (n.isBoolean()) {
            return n.booleanValue() ? "true" : "false";
        }
        if (n.isArray()) {
            return "an array";
        }
        if (n.isObject()) {
            return "an object";
        }
        return n.getNodeType().toString().toLowerCase(java.util.Locale.ROOT);
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
