package io.github.wudl.wua;

import java.util.Arrays;

/** An enum whose constants carry WUA's numbers; {@link #fromValue} maps a number back. */
public interface WuaEnum {
    /** WUA's number for this constant. */
    int value();

    /** The constant of {@code type} with WUA number {@code value}; E_INVALIDARG when there is none. */
    static <E extends Enum<E> & WuaEnum> E fromValue(Class<E> type, int value) {
        for (E c : type.getEnumConstants()) {
            if (c.value() == value) {
                return c;
            }
        }
        throw new WuaException(
                HResult.E_INVALIDARG,
                value + " is not a " + type.getSimpleName() + " number; use one of "
                        + Arrays.toString(type.getEnumConstants()));
    }

    /** The constant of {@code type} named {@code name}, ignoring case; E_INVALIDARG when there is none. */
    static <E extends Enum<E> & WuaEnum> E fromName(Class<E> type, String name) {
        for (E c : type.getEnumConstants()) {
            if (c.name().equalsIgnoreCase(name)) {
                return c;
            }
        }
        throw new WuaException(
                HResult.E_INVALIDARG,
                "'" + name + "' is not a " + type.getSimpleName() + "; use one of "
                        + Arrays.toString(type.getEnumConstants()));
    }
}
