package io.github.wudl.wua;

import java.util.List;

/**
 * IWebProxy, reduced to its address and bypass list. {@code address} is {@code host:port}, or null for
 * "use the standard Java proxy settings" (the default). Immutable.
 */
public record WebProxy(String address, List<String> bypassList, boolean bypassProxyOnLocal) {
    public WebProxy {
        bypassList = bypassList == null ? List.of() : List.copyOf(bypassList);
    }

    /** No explicit proxy: the JVM's proxy settings apply. */
    public static final WebProxy SYSTEM = new WebProxy(null, List.of(), false);
}
