package io.github.wudl.cli;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.net.URL;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Proxy credentials from the conventional Java properties {@code http.proxyUser}/{@code http.proxyPassword}
 * and {@code https.proxyUser}/{@code https.proxyPassword} (given in {@code WUDL_JAVA_OPTS}). The JDK itself
 * ignores these properties: without an {@link Authenticator} a proxy's 407 is final. So the command line, which
 * owns its process, installs this one as the default when a user is set.
 *
 * <p>It answers proxy challenges only ({@code RequestorType.PROXY}; an origin's 401 is never given the proxy's
 * password), and only from a configured proxy (host and port as in {@code http.proxyHost}/{@code http.proxyPort},
 * or the https pair), with that pair's credentials. The password is never logged or put in a message. Note: the JDK
 * refuses Basic for https tunnels (CONNECT) unless {@code jdk.http.auth.tunneling.disabledSchemes} is set
 * empty; that choice is left to the user.
 */
final class ProxyAuthenticator extends Authenticator {
    private final UnaryOperator<String> properties;

    private ProxyAuthenticator(UnaryOperator<String> properties) {
        this.properties = properties;
    }

    /** Installs the authenticator when {@code http.proxyUser} or {@code https.proxyUser} is set; true if it did. */
    static boolean installFromSystemProperties() {
        UnaryOperator<String> props = System::getProperty;
        if (!hasUser(props, "http") && !hasUser(props, "https")) {
            return false;
        }
        Authenticator.setDefault(new ProxyAuthenticator(props));
        return true;
    }

    /** For tests: the authenticator over {@code properties} (name → value or null). */
    static Authenticator over(UnaryOperator<String> properties) {
        return new ProxyAuthenticator(properties);
    }

    @Override
    protected PasswordAuthentication getPasswordAuthentication() {
        if (getRequestorType() != RequestorType.PROXY) {
            return null;
        }
        // The requesting protocol is "http" even for an https tunnel (CONNECT is plain http to the proxy), so
        // the URL being fetched picks the property set first; the other set serves when its proxy is the one
        // asking (http.* and https.* often name the same proxy).
        URL url = getRequestingURL();
        boolean https = url != null && "https".equalsIgnoreCase(url.getProtocol());
        for (String scheme : https ? List.of("https", "http") : List.of("http", "https")) {
            if (hasUser(properties, scheme) && isConfiguredProxy(scheme)) {
                String password = properties.apply(scheme + ".proxyPassword");
                return new PasswordAuthentication(
                        properties.apply(scheme + ".proxyUser"),
                        password == null ? new char[0] : password.toCharArray());
            }
        }
        return null;
    }

    private boolean isConfiguredProxy(String scheme) {
        String host = properties.apply(scheme + ".proxyHost");
        if (host == null
                || getRequestingHost() == null
                || !host.toLowerCase(Locale.ROOT).equals(getRequestingHost().toLowerCase(Locale.ROOT))) {
            return false;
        }
        String port = properties.apply(scheme + ".proxyPort");
        int expected;
        try {
            expected = port == null || port.isBlank()
                    ? (scheme.equals("https") ? 443 : 80)
                    : Integer.parseInt(port.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        return getRequestingPort() == expected;
    }

    private static boolean hasUser(UnaryOperator<String> properties, String scheme) {
        String user = properties.apply(scheme + ".proxyUser");
        return user != null && !user.isEmpty();
    }
}
