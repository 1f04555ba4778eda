package io.github.wudl.wua;

/** How urgently a downloader's work runs; Normal is the default. Numbers are WUA's ({@code wuapi.h}). */
public enum DownloadPriority implements WuaEnum {
    Low(1),
    Normal(2),
    High(3),
    ExtraHigh(4);

    private final int value;

    DownloadPriority(int value) {
        this.value = value;
    }

    @Override
    public int value() {
        return value;
    }

    /** The constant with WUA number {@code value}; E_INVALIDARG when there is none. */
    public static DownloadPriority fromValue(int value) {
        return WuaEnum.fromValue(DownloadPriority.class, value);
    }
}
