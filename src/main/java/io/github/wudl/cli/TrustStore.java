package io.github.wudl.cli;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.Certificate;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;

/**
 * {@code --truststore FILE}: certificates to trust for https <em>in addition to</em> the JDK's own CAs — a
 * private mirror's CA or a self-signed server, never "trust everything". The file is a PKCS12 or JKS trust
 * store or PEM/DER certificates, one or more. A store whose certificates are encrypted (the JDK's keytool
 * does that by default) is opened with {@code WUDL_TRUSTSTORE_PASSWORD}, else with keytool's customary
 * {@code changeit}; one that needs no password is read as it is.
 */
final class TrustStore {
    private TrustStore() {}

    /** Makes every https connection of this process trust {@code file}'s certificates too. */
    static void install(Path file, String password) {
        SSLContext ctx = load(file, password);
        HttpsURLConnection.setDefaultSSLSocketFactory(ctx.getSocketFactory());
        SSLContext.setDefault(ctx);
    }

    static SSLContext load(Path file, String password) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new UsageError("--truststore " + file + ": cannot read it (" + e.getMessage()
                    + "); give a PKCS12/JKS trust store or a PEM certificate file");
        }
        boolean[] passwordRejected = {false};
        List<X509Certificate> certs = certificates(bytes, password, passwordRejected);
        if (certs.isEmpty() && passwordRejected[0]) {
            throw new UsageError(
                    "--truststore " + file + ": it is a password-protected trust store and "
                            + (password != null
                                    ? "the password in WUDL_TRUSTSTORE_PASSWORD does not open it; set"
                                            + " WUDL_TRUSTSTORE_PASSWORD to the store's password"
                                    : "keytool's default password does not open it; set WUDL_TRUSTSTORE_PASSWORD to its password"));
        }
        if (certs.isEmpty()) {
            throw new UsageError("--truststore " + file + ": no certificate in it; give a PKCS12/JKS trust store"
                    + " or a PEM file with the server's or its CA's certificate");
        }
        try {
            KeyStore extra = KeyStore.getInstance(KeyStore.getDefaultType());
            extra.load(null, null);
            for (int i = 0; i < certs.size(); i++) {
                extra.setCertificateEntry("wudl-" + i, certs.get(i));
            }
            X509TrustManager mine = trustManager(extra);
            X509TrustManager jdk = trustManager(null);
            SSLContext ctx = SSLContext.getInstance("TLS");
            ctx.init(null, new TrustManager[] {new EitherTrustManager(jdk, mine)}, null);
            return ctx;
        } catch (GeneralSecurityException | IOException e) {
            throw new UsageError("--truststore " + file + ": " + e.getMessage());
        }
    }

    /** Certificates in {@code bytes}; {@code passwordRejected[0]} is set when a store refused a password. */
    private static List<X509Certificate> certificates(byte[] bytes, String password, boolean[] passwordRejected) {
        List<X509Certificate> out = new ArrayList<>();
        List<char[]> passwords = new ArrayList<>();
        if (password != null) {
            passwords.add(password.toCharArray());
        }
        passwords.add(null); // no integrity check: enough where the certificates are not encrypted
        passwords.add("changeit".toCharArray());
        for (String type : List.of("PKCS12", "JKS")) {
            for (char[] pw : passwords) {
                out.addAll(storeCertificates(type, bytes, pw, passwordRejected));
                if (!out.isEmpty()) {
                    return out;
                }
            }
        }
        try {
            Collection<? extends Certificate> pem =
                    CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(bytes));
            for (Certificate c : pem) {
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
        } catch (CertificateException e) {
            // neither a store nor certificates: the caller says so
        }
        return out;
    }

    private static List<X509Certificate> storeCertificates(
            String type, byte[] bytes, char[] password, boolean[] passwordRejected) {
        List<X509Certificate> out = new ArrayList<>();
        try {
            KeyStore ks = KeyStore.getInstance(type);
            ks.load(new ByteArrayInputStream(bytes), password);
            for (String alias : java.util.Collections.list(ks.aliases())) {
                Certificate c = ks.getCertificate(alias);
                if (c instanceof X509Certificate x) {
                    out.add(x);
                }
            }
        } catch (GeneralSecurityException | IOException e) {
            // not this kind of store, or not this password: the caller tries the next
            passwordRejected[0] |= password != null && e.getCause() instanceof java.security.UnrecoverableKeyException;
        }
        return out;
    }

    private static X509TrustManager trustManager(KeyStore ks) throws GeneralSecurityException {
        TrustManagerFactory f = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(ks);
        for (TrustManager t : f.getTrustManagers()) {
            if (t instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509TrustManager available");
    }

    /** Trusts a server chain that either the JDK's CAs or the given certificates vouch for. */
    private static final class EitherTrustManager implements X509TrustManager {
        private final X509TrustManager first;
        private final X509TrustManager second;

        EitherTrustManager(X509TrustManager first, X509TrustManager second) {
            this.first = first;
            this.second = second;
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            first.checkClientTrusted(chain, authType);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            try {
                first.checkServerTrusted(chain, authType);
            } catch (CertificateException e) {
                second.checkServerTrusted(chain, authType); // its failure is the one to report: ours was the hope
            }
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            X509Certificate[] a = first.getAcceptedIssuers();
            X509Certificate[] b = second.getAcceptedIssuers();
            X509Certificate[] all = java.util.Arrays.copyOf(a, a.length + b.length);
            System.arraycopy(b, 0, all, a.length, b.length);
            return all;
        }
    }
}
