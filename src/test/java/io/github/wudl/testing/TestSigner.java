package io.github.wudl.testing;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away code-signing PKI for tests that need a signed offline scan file: a root (written as
 * {@link #rootPem()}, the file {@code --test-only-trust-root} takes), an intermediate, and a code-signing leaf;
 * {@link #sign} signs a cabinet with osslsigncode (from apt) under it. Nothing of it is committed.
 */
public final class TestSigner {
    private static final AtomicLong SERIAL = new AtomicLong(5000);

    private final Path dir;
    private final Path rootPem;
    private final Path chainPem;
    private final Path keyPem;

    private TestSigner(Path dir, Path rootPem, Path chainPem, Path keyPem) {
        this.dir = dir;
        this.rootPem = rootPem;
        this.chainPem = chainPem;
        this.keyPem = keyPem;
    }

    /** A new PKI whose files live in {@code dir}. */
    public static TestSigner create(Path dir, String name) throws Exception {
        Tools.require("osslsigncode");
        Files.createDirectories(dir);
        Instant now = Instant.now();
        KeyPair rootKey = rsa();
        X509Certificate root = certificate(name + " root", rootKey, name + " root", rootKey, now, 1, false);
        KeyPair midKey = rsa();
        X509Certificate mid = certificate(name + " intermediate", midKey, name + " root", rootKey, now, 0, false);
        KeyPair leafKey = rsa();
        X509Certificate leaf = certificate(name + " signer", leafKey, name + " intermediate", midKey, now, -1, true);
        Path rootPem = Files.writeString(dir.resolve(name + "-root.pem"), pem("CERTIFICATE", root.getEncoded()));
        Path chainPem = Files.writeString(
                dir.resolve(name + "-chain.pem"),
                pem("CERTIFICATE", leaf.getEncoded()) + pem("CERTIFICATE", mid.getEncoded()));
        Path keyPem = Files.writeString(
                dir.resolve(name + "-key.pem"),
                pem("PRIVATE KEY", leafKey.getPrivate().getEncoded()));
        return new TestSigner(dir, rootPem, chainPem, keyPem);
    }

    /** The root certificate, PEM. */
    public Path rootPem() {
        return rootPem;
    }

    /** Signs {@code cab} (SHA-256, no timestamp) into {@code signed}. */
    public Path sign(Path cab, Path signed) throws Exception {
        Files.deleteIfExists(signed);
        Tools.run(
                dir,
                "osslsigncode",
                "sign",
                "-certs",
                chainPem.toString(),
                "-key",
                keyPem.toString(),
                "-h",
                "sha256",
                "-in",
                cab.toString(),
                "-out",
                signed.toString());
        return signed;
    }

    private static X509Certificate certificate(
            String subject,
            KeyPair key,
            String issuer,
            KeyPair issuerKey,
            Instant now,
            int pathLength,
            boolean codeSigning)
            throws Exception {
        X509v3CertificateBuilder b = new JcaX509v3CertificateBuilder(
                new X500Name("CN=" + issuer),
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(now.minus(Duration.ofDays(1))),
                Date.from(now.plus(Duration.ofDays(3650))),
                new X500Name("CN=" + subject),
                key.getPublic());
        if (codeSigning) {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
        } else {
            b.addExtension(Extension.basicConstraints, true, new BasicConstraints(pathLength));
            b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        }
        PrivateKey signer = issuerKey.getPrivate();
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer)));
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII))
                        .encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
