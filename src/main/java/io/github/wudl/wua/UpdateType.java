package io.github.wudl.wua;

/** The kind of an update. Numbers are WUA's ({@code wuapi.h}). */
public enum UpdateType implements WuaEnum {
    Software(1),
    Driver(2);

    private final int value;

    UpdateType(int value) {
        this.value = value;
    }

    @Override
    public int value() {
        return value;
    }

    /** The constant with WUA number {@code value}; E_INVALIDARG when there is none. */
    public static UpdateType fromValue(int value) {
        return WuaEnum.fromValue(UpdateType.class, value);
    }
}
