package io.github.wudl.agent;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The standard Java proxy properties ({@code http(s).proxyHost}, {@code …proxyPort}, {@code http.nonProxyHosts},
 * {@code http(s).proxyUser}/{@code …proxyPassword}) for the child JVM, from a proxy as Jenkins describes it.
 * The engine's HTTP transfers use these properties; the password must also be given to the runner as a secret.
 */
public final class ProxyProperties {
    private ProxyProperties() {}

    /**
     * The properties for one proxy.
     *
     * @param host        proxy host; null or blank: no proxy, an empty map
     * @param port        proxy port
     * @param noProxyHosts host patterns that bypass the proxy, one per line or separated by {@code |} or
     *                    {@code ,} (Jenkins writes one per line); may be null
     * @param user        user name, or null
     * @param password    password, or null
     */
    public static Map<String, String> of(String host, int port, String noProxyHosts, String user, String password) {
        Map<String, String> p = new LinkedHashMap<>();
        if (host == null || host.isBlank()) {
            return p;
        }
        for (String scheme : new String[] {"http", "https"}) {
            p.put(scheme + ".proxyHost", host.trim());
            p.put(scheme + ".proxyPort", Integer.toString(port));
            if (user != null && !user.isBlank()) {
                p.put(scheme + ".proxyUser", user);
                p.put(scheme + ".proxyPassword", password == null ? "" : password);
            }
        }
        if (user != null && !user.isBlank()) {
            // the JDK refuses Basic for HTTPS tunnels unless told otherwise; the user configured credentials
            p.put("jdk.http.auth.tunneling.disabledSchemes", "");
        }
        if (noProxyHosts != null && !noProxyHosts.isBlank()) {
            // http.nonProxyHosts also governs https in the JDK
            p.put("http.nonProxyHosts", String.join("|", noProxyHosts.trim().split("[\\s,|]+")));
        }
        return p;
    }
}
