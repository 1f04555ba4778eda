package io.github.wudl.script;

import io.github.wudl.wua.HResult;
import io.github.wudl.wua.WuaException;
import org.graalvm.polyglot.Value;

/**
 * Conversions of script values to what the object model takes, with the coercions a VARIANT argument gets
 * under WSH (a numeric string is a number, a boolean a number). A value that cannot be converted is
 * DISP_E_TYPEMISMATCH naming the parameter.
 */
final class Args {
    private Args() {}

    /** The {@code index}-th argument, or null when the script passed fewer. */
    static Value at(Value[] args, int index) {
        return index < args.length ? args[index] : null;
    }

    static boolean isMissing(Value v) {
        return v == null || v.isNull();
    }

    static int toInt(Value v, String what) {
        if (v != null) {
            if (v.isNumber() && v.fitsInInt()) {
                return v.asInt();
            }
            if (v.isNumber() && v.fitsInDouble()) {
                double d = v.asDouble();
                if (d == Math.rint(d) && Math.abs(d) <= Integer.MAX_VALUE) {
                    return (int) d;
                }
            }
            if (v.isBoolean()) {
                return v.asBoolean() ? -1 : 0; // VARIANT_BOOL
            }
            if (v.isString()) {
                try {
                    return Integer.parseInt(v.asString().trim());
                } catch (NumberFormatException e) {
                    // fall through to the error
                }
            }
        }
        throw mismatch(what, "a whole number", v);
    }

    /** An integer argument that may be omitted. */
    static int toInt(Value v, String what, int absent) {
        return isMissing(v) ? absent : toInt(v, what);
    }

    static boolean toBoolean(Value v, String what) {
        if (v != null) {
            if (v.isBoolean()) {
                return v.asBoolean();
            }
            if (v.isNumber() && v.fitsInDouble()) {
                return v.asDouble() != 0;
            }
        }
        throw mismatch(what, "true or false", v);
    }

    /** A string argument; null and undefined give null. Numbers and booleans are spelled as JS does. */
    static String toStringOrNull(Value v) {
        if (isMissing(v)) {
            return null;
        }
        return v.isString() ? v.asString() : shown(v);
    }

    /** How a value is named in messages and string conversions: never by a Java class name. */
    static String shown(Value v) {
        if (v.isProxyObject()) {
            Object p = v.asProxyObject();
            // our facades say "[object IUpdate]"; a bound method or the ActiveXObject constructor is a function
            return p instanceof Dispatch ? p.toString() : v.canExecute() ? "function" : "[object Object]";
        }
        return v.toString();
    }

    /** The facade of type {@code type} a script passed, or null for null/undefined. */
    static <T> T facade(Value v, Class<T> type, String what, String expected) {
        if (isMissing(v)) {
            return null;
        }
        if (v.isProxyObject()) {
            Object p = v.asProxyObject();
            if (type.isInstance(p)) {
                return type.cast(p);
            }
        }
        throw mismatch(what, expected, v);
    }

    static WuaException mismatch(String what, String expected, Value got) {
        String shown = got == null ? "nothing" : got.isString() ? "'" + got.asString() + "'" : shown(got);
        return new WuaException(HResult.DISP_E_TYPEMISMATCH, what + ": expected " + expected + ", got " + shown);
    }
}
