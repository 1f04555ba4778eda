package io.github.wudl.transfer;

import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import java.security.cert.CertificateException;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;
import javax.naming.InvalidNameException;
import javax.naming.ldap.LdapName;
import javax.naming.ldap.Rdn;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The names a server's certificate is for, to say them when a TLS hostname check failed. Opens one more
 * connection to the server and reads its certificate during the handshake, then aborts the handshake from the
 * trust manager: nothing is ever sent over a connection that was not verified. Only for servers reached
 * directly (no proxy), bounded by a short timeout; any trouble gives an empty list.
 */
final class CertificateNames {
    private static final Duration LIMIT = Duration.ofSeconds(5);

    private CertificateNames() {}

    /** True when {@code e} (or a cause) is the JDK's "the certificate does not name this host" failure. */
    static boolean isHostnameMismatch(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null
                    && ((t instanceof CertificateException
                                    && (m.startsWith("No subject alternative") || m.startsWith("No name matching")))
                            || m.startsWith("HTTPS hostname wrong"))) {
                return true;
            }
        }
        return false;
    }

    /** The DNS names and IP addresses of the certificate {@code uri}'s server presents, else its CN; or empty. */
    static List<String> of(URI uri, Duration stallTimeout) {
        try {
            ProxySelector ps = ProxySelector.getDefault();
            if (ps != null && !ps.select(uri).stream().allMatch(p -> p.type() == Proxy.Type.DIRECT)) {
                return List.of();
            }
            AtomicReference<X509Certificate> seen = new AtomicReference<>();
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new Recorder(seen)}, null);
            int timeout = (int) Math.min(stallTimeout.toMillis(), LIMIT.toMillis());
            try (SSLSocket s = (SSLSocket) ctx.getSocketFactory().createSocket()) {
                s.connect(new InetSocketAddress(uri.getHost(), uri.getPort() >= 0 ? uri.getPort() : 443), timeout);
                s.setSoTimeout(timeout);
                try {
                    s.startHandshake();
                } catch (java.io.IOException expected) {
                    // the recorder aborts every handshake
                }
            }
            X509Certificate c = seen.get();
            return c == null ? List.of() : names(c);
        } catch (Exception e) {
            return List.of();
        }
    }

    private static List<String> names(X509Certificate c) throws CertificateParsingException, InvalidNameException {
        List<String> out = new ArrayList<>();
        Collection<List<?>> sans = c.getSubjectAlternativeNames();
        if (sans != null) {
            for (List<?> san : sans) {
                int type = (Integer) san.get(0);
                if (type == 2 || type == 7) { // dNSName, iPAddress
                    out.add(String.valueOf(san.get(1)));
                }
            }
        }
        if (out.isEmpty()) {
            for (Rdn rdn : new LdapName(c.getSubjectX500Principal().getName()).getRdns()) {
                if (rdn.getType().equalsIgnoreCase("CN")) {
                    out.add(String.valueOf(rdn.getValue()));
                }
            }
        }
        return out;
    }

    /** Keeps the server's certificate and refuses it, so that the handshake never completes. */
    private static final class Recorder implements X509TrustManager {
        private final AtomicReference<X509Certificate> seen;

        Recorder(AtomicReference<X509Certificate> seen) {
            this.seen = seen;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            if (chain != null && chain.length > 0) {
                seen.set(chain[0]);
            }
            throw new CertificateException("only reading the certificate's names");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
