package io.github.wudl.wua;

/** What BeginDownload2/Download2 fetch: all content files, or only each update's bootstrapper. Numbers are WUA's ({@code wuapi.h}). */
public enum DownloadType implements WuaEnum {
    Full(0),
    UpdateBootstrapper(1);

    private final int value;

    DownloadType(int value) {
        this.value = value;
    }

    @Override
    public int value() {
        return value;
    }

    /** The constant with WUA number {@code value}; E_INVALIDARG when there is none. */
    public static DownloadType fromValue(int value) {
        return WuaEnum.fromValue(DownloadType.class, value);
    }
}
