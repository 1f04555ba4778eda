package io.github.wudl.wua;

/** The phase of the update currently being downloaded. Numbers are WUA's ({@code wuapi.h}). */
public enum DownloadPhase implements WuaEnum {
    Initializing(1),
    Downloading(2),
    Verifying(3);

    private final int value;

    DownloadPhase(int value) {
        this.value = value;
    }

    @Override
    public int value() {
        return value;
    }

    /** The constant with WUA number {@code value}; E_INVALIDARG when there is none. */
    public static DownloadPhase fromValue(int value) {
        return WuaEnum.fromValue(DownloadPhase.class, value);
    }
}
