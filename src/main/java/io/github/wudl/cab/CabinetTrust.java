package io.github.wudl.cab;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.TrustAnchor;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x500.style.IETFUtils;

/**
 * Whom wudl believes when a cabinet's Authenticode signature is checked: the certificate authorities a signer
 * (or a timestamp's signer) must chain to.
 *
 * <p>Promises:
 *
 * <ul>
 *   <li>{@link #microsoft()} trusts Microsoft's code-signing and timestamping hierarchy and nothing else. No
 *       certificate bytes ship with wudl: the trust is a list of pinned fingerprints, and a certificate carried
 *       in the signature itself becomes a trust anchor only when its fingerprint is one of them (the pin is what
 *       is trusted, the bytes merely supply the public key the pin vouches for).
 *   <li>The JDK's {@code cacerts} is never consulted: it holds TLS server roots, whose owners are trusted to
 *       vouch for web sites, not for the code and scan data Windows Update signs.
 *   <li>{@link #withTestRoot} adds one explicit root, for tests and for a command-line option named for what it
 *       is ({@code --test-only-trust-root}); an instance is immutable, so adding a root makes a new instance.
 * </ul>
 */
public final class CabinetTrust {
    /**
     * SHA-256 fingerprints of whole DER certificates, each with the subject it belongs to. Each value was found
     * in at least two independent public sources that name the certificate (and for the two roots, also computed
     * from the root certificates in osslsigncode's code_signing_ca.pem bundle); a wrong value could only make
     * wudl refuse a genuine cabinet, never accept a false one.
     */
    private static final Map<String, String> MICROSOFT_SHA256 = Map.of(
            // CN=Microsoft Root Certificate Authority 2010 (to 2035-06-23): root of the Windows production PCA and
            // of the timestamping PCA. Sources: the signify Python library's tests (looked up by this fingerprint,
            // its DN asserted), several projects pinning MicRooCerAut_2010-06-23.crt by this value, osslsigncode's
            // CA bundle.
            "df545bf919a2439c36983b54cdfc903dfa4f37d3996d8d84b4c31eec6f3c163e",
            "CN=Microsoft Root Certificate Authority 2010",
            // CN=Microsoft Root Certificate Authority 2011 (to 2036-03-22): root of Microsoft Code Signing PCA 2011,
            // the issuer of the certificates that sign wsusscn2.cab. Sources: several projects pinning
            // MicRooCerAut2011_2011_03_22.crt by this value, osslsigncode's CA bundle.
            "847df6a78497943f27fc72eb93f9a637320a02b561d0a91b09e87a7807ed7c61",
            "CN=Microsoft Root Certificate Authority 2011",
            // CN=Microsoft Windows Production PCA 2011 (issued by Root 2010, to 2026-10-19): signs "Microsoft
            // Windows" certificates. Sources: Secure Boot db tooling (a Yocto recipe fetching MicWinProPCA2011_2011-
            // 10-19.crt, a C# table pairing it with SHA-1 580a6f4c...), Authenticode parser tests.
            "e8e95f0733a55e8bad7be0a1413ee23c51fcea64b3c8fa6a786935fddcc71961",
            "CN=Microsoft Windows Production PCA 2011",
            // CN=Microsoft Time-Stamp PCA 2010 (the 2021 reissue, issued by Root 2010, to 2030-09-30): issues the
            // timestamping certificates of Microsoft's countersignatures. Sources: a documentation table giving its
            // serial 3300000015c5e76b9e029b4999000000000015 and SHA-1 36056a5662dc..., a WinPE tool's pin.
            "ebec1edd9e140d9c105cc62b15a915c5443ddc514a35e5773c09afb0274c7ba5",
            "CN=Microsoft Time-Stamp PCA 2010");

    /**
     * SHA-1 fingerprints, for the certificates whose SHA-256 fingerprint could not be confirmed from two sources.
     * SHA-1 is broken for collisions, which needs the attacker to make both certificates; matching an existing,
     * already issued certificate needs a second preimage, which remains out of reach. The subject must match as
     * well, as a guard against a mistyped pin.
     */
    private static final Map<String, String> MICROSOFT_SHA1 = Map.of(
            // CN=Microsoft Code Signing PCA 2011 (issued by Root 2011): the issuer of the "Microsoft
            // Corporation" certificate that signs wsusscn2.cab, and usually the only CA certificate the cabinet's
            // signature carries (the root is left out), so it must be an anchor itself. Sources: Microsoft's own
            // documentation (AKS Edge Essentials offline install: this thumbprint in the CA store listing) and
            // several independent scripts that pin it; signtool/osslsigncode listings of wsusscn2.cab name it as
            // the issuer.
            "f252e794fe438e35ace6e53762c0a234a2c52135", "CN=Microsoft Code Signing PCA 2011");

    private final Map<String, String> sha256Pins;
    private final Map<String, String> sha1Pins;
    private final List<X509Certificate> explicitRoots;

    private CabinetTrust(Map<String, String> sha256Pins, Map<String, String> sha1Pins, List<X509Certificate> roots) {
        this.sha256Pins = sha256Pins;
        this.sha1Pins = sha1Pins;
        this.explicitRoots = List.copyOf(roots);
    }

    /** Trust anchored at Microsoft's code-signing and timestamping authorities, by pinned fingerprint. */
    public static CabinetTrust microsoft() {
        return new CabinetTrust(MICROSOFT_SHA256, MICROSOFT_SHA1, List.of());
    }

    /**
     * This trust plus {@code root} as an explicit trust anchor. Meant for tests and for the {@code
     * --test-only-trust-root} option: a cabinet signed under {@code root} is then believed as if Microsoft had
     * signed it.
     */
    public CabinetTrust withTestRoot(X509Certificate root) {
        List<X509Certificate> roots = new ArrayList<>(explicitRoots);
        roots.add(root);
        return new CabinetTrust(sha256Pins, sha1Pins, roots);
    }

    /**
     * Reads one X.509 certificate, PEM or DER, for {@link #withTestRoot}.
     *
     * @throws CabinetException when the file cannot be read or holds no certificate
     */
    public static X509Certificate readCertificate(Path file) throws CabinetException {
        try (InputStream in = Files.newInputStream(file)) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        } catch (IOException | CertificateException | ClassCastException e) {
            throw new CabinetException(file + ": not a readable X.509 certificate: " + e.getMessage(), e);
        }
    }

    /**
     * The trust anchors for a signature that carries {@code embedded}: the explicit roots, and each embedded
     * certificate whose fingerprint (and subject) is pinned.
     */
    Set<TrustAnchor> anchorsFor(Collection<X509Certificate> embedded) {
        Set<TrustAnchor> anchors = new LinkedHashSet<>();
        for (X509Certificate root : explicitRoots) {
            anchors.add(new TrustAnchor(root, null));
        }
        for (X509Certificate cert : embedded) {
            if (isPinned(cert)) {
                anchors.add(new TrustAnchor(cert, null));
            }
        }
        return anchors;
    }

    private boolean isPinned(X509Certificate cert) {
        byte[] der;
        try {
            der = cert.getEncoded();
        } catch (CertificateEncodingException e) {
            return false;
        }
        String cn = commonName(cert.getSubjectX500Principal());
        String sha256Subject = sha256Pins.get(hex("SHA-256", der));
        if (sha256Subject != null && sha256Subject.equals(cn)) {
            return true;
        }
        String sha1Subject = sha1Pins.get(hex("SHA-1", der));
        return sha1Subject != null && sha1Subject.equals(cn);
    }

    /** "CN=..." of a subject, the part the pins name; the whole DN when it has no CN. */
    private static String commonName(X500Principal subject) {
        RDN[] cns = X500Name.getInstance(subject.getEncoded()).getRDNs(BCStyle.CN);
        if (cns.length == 0) {
            return subject.getName();
        }
        return "CN=" + IETFUtils.valueToString(cns[0].getFirst().getValue());
    }

    private static String hex(String algorithm, byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance(algorithm).digest(data));
        } catch (NoSuchAlgorithmException e) {
            // every Java SE runtime must provide SHA-1 and SHA-256
            throw new IllegalStateException(algorithm + " is missing from this Java runtime", e);
        }
    }
}
