package io.github.wudl.cli;

import java.net.Authenticator;
import java.net.PasswordAuthentication;

/**
 * Answers a proxy's 407 with {@code http(s).proxyUser}/{@code http(s).proxyPassword}, which the JDK itself
 * ignores: the Jenkins step (and {@code WUDL_JAVA_OPTS}) pass proxy credentials that way. Only proxy
 * challenges are answered, so the credentials never go to an origin server.
 */
final class ProxyCredentials extends Authenticator {
    ProxyCredentials() {
    }

    /** Installs the authenticator when a proxy user is configured; otherwise leaves the JVM alone. */
    static void installFromSystemProperties() {
        if (System.getProperty("https.proxyUser") != null || System.getProperty("http.proxyUser") != null) {
            Authenticator.setDefault(new ProxyCredentials());
        }
    }

    @Override
    protected PasswordAuthentication getPasswordAuthentication() {
        if (getRequestorType() != RequestorType.PROXY) {
            return null;
        }
        String scheme = "https".equalsIgnoreCase(getRequestingProtocol()) ? "https" : "http";
        String user = System.getProperty(scheme + ".proxyUser", System.getProperty("http.proxyUser"));
        String password = System.getProperty(scheme + ".proxyPassword", System.getProperty("http.proxyPassword", ""));
        return user == null ? null : new PasswordAuthentication(user, password.toCharArray());
    }
}
