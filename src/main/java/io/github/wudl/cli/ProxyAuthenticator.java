package io.github.wudl.cli;

import java.net.Authenticator;
import java.net.PasswordAuthentication;
import java.util.Locale;
import java.util.function.UnaryOperator;

/**
 * Proxy credentials from the conventional Java properties {@code http.proxyUser}/{@code http.proxyPassword}
 * and {@code https.proxyUser}/{@code https.proxyPassword} (given in {@code WUDL_JAVA_OPTS}). The JDK itself
 * ignores these properties: without an {@link Authenticator} a proxy's 407 is final. So the command line, which
 * owns its process, installs this one as the default when a user is set.
 *
 * <p>It answers proxy challenges only ({@code RequestorType.PROXY}; an origin's 401 is never given the proxy's
 * password), and only from the proxy configured for that scheme (host and port as in {@code http.proxyHost}/
 * {@code http.proxyPort}, or the https pair). The password is never logged or put in a message. Note: the JDK
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
        // the requesting protocol is that of the URL being fetched, which picks the proxy property set
        String scheme = "https".equalsIgnoreCase(getRequestingProtocol()) ? "https" : "http";
        if (!hasUser(properties, scheme) || !isConfiguredProxy(scheme)) {
            return null;
        }
        String password = properties.apply(scheme + ".proxyPassword");
        return new PasswordAuthentication(properties.apply(scheme + ".proxyUser"),
                password == null ? new char[0] : password.toCharArray());
    }

    private boolean isConfiguredProxy(String scheme) {
        String host = properties.apply(scheme + ".proxyHost");
        if (host == null || getRequestingHost() == null
                || !host.toLowerCase(Locale.ROOT).equals(getRequestingHost().toLowerCase(Locale.ROOT))) {
            return false;
        }
        String port = properties.apply(scheme + ".proxyPort");
        int expected;
        try {
            expected = port == null || port.isBlank() ? (scheme.equals("https") ? 443 : 80) : Integer.parseInt(port.trim());
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
