package io.github.wudl.wua;

/** The outcome of a download, overall or per update. Numbers are WUA's ({@code wuapi.h}). */
public enum OperationResultCode implements WuaEnum {
    NotStarted(0),
    InProgress(1),
    Succeeded(2),
    SucceededWithErrors(3),
    Failed(4),
    Aborted(5);

    private final int value;

    OperationResultCode(int value) {
        this.value = value;
    }

    @Override
    public int value() {
        return value;
    }

    /** The constant with WUA number {@code value}; E_INVALIDARG when there is none. */
    public static OperationResultCode fromValue(int value) {
        return WuaEnum.fromValue(OperationResultCode.class, value);
    }
}
