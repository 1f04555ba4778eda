package io.github.wudl.cab;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.github.wudl.testing.Tools;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.math.BigInteger;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.Provider;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Date;
import java.util.List;
import java.util.concurrent.TimeUnit;
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
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Authenticode checks of {@link CabinetSignature}, against cabinets made by gcab and signed by osslsigncode
 * with a throw-away PKI generated here (no fixture is committed). These tests run on wudl's own classpath, with
 * jsign's poi, commons-io, commons-text and json-io excluded: their passing is the proof that the exclusions in
 * the pom hold.
 */
class CabinetSignatureTest {
    private static final Provider BC = new BouncyCastleProvider();
    private static final AtomicLong SERIAL = new AtomicLong(1000);

    @TempDir
    static Path dir;

    private static Pki pki;
    private static Pki otherPki;
    private static Path unsigned;
    private static Path signed;

    /** A root, an intermediate and the leaves signed under them. */
    private record Pki(X509Certificate root, KeyPair rootKey, X509Certificate intermediate, KeyPair intermediateKey) {}

    @BeforeAll
    static void setUp() throws Exception {
        Tools.require("gcab");
        Tools.require("osslsigncode");
        pki = pki("wudl test");
        otherPki = pki("wudl other");
        Files.writeString(
                dir.resolve("package.xml"),
                "<OfflineSyncPackage>" + "<Update Id=\"1\"/>".repeat(400) + "</OfflineSyncPackage>",
                StandardCharsets.UTF_8);
        unsigned = dir.resolve("unsigned.cab");
        run(dir, "gcab", "-c", "-z", unsigned.toString(), "package.xml");
        signed = sign("signed", pki, leaf(pki, "wudl test signer", true, Instant.now(), Duration.ofDays(30)), null);
    }

    @Test
    void aSignatureUnderTheTestRootVerifies() throws Exception {
        SignatureCheck check = new CabinetSignature(CabinetTrust.microsoft().withTestRoot(pki.root)).verify(signed);
        assertTrue(check.signerSubject().contains("CN=wudl test signer"), check.signerSubject());
        assertEquals("SHA-256", check.digestAlgorithm());
        assertTrue(check.timestamp().isEmpty());
    }

    @Test
    void anUnsignedCabinetIsRefused() {
        refused(unsigned, pki, unsigned + " is not Authenticode-signed");
    }

    @Test
    void aByteChangedInTheFileDataIsRefused() throws Exception {
        Path cab = copy(signed, "data-flip");
        long signatureOffset = Integer.toUnsignedLong(header(cab).getInt(44));
        flip(cab, signatureOffset - 3);
        refused(cab, pki, "was altered after signing: the signed digest (SHA-256 ");
    }

    @Test
    void aByteChangedInTheHeaderIsRefused() throws Exception {
        Path cab = copy(signed, "header-flip");
        flip(cab, 32); // setID: covered by the Authenticode digest, ignored by a single-cabinet reader
        refused(cab, pki, "was altered after signing");
    }

    @Test
    void aSignatureUnderAnotherRootIsRefused() throws Exception {
        Path cab = sign(
                "other-root",
                otherPki,
                leaf(otherPki, "wudl other signer", true, Instant.now(), Duration.ofDays(30)),
                null);
        refused(cab, pki, "does not chain to a trusted root");
    }

    @Test
    void aSignerWithoutCodeSigningUsageIsRefused() throws Exception {
        Path cab = sign("no-eku", pki, leaf(pki, "wudl no eku", false, Instant.now(), Duration.ofDays(30)), null);
        refused(cab, pki, "is not for code signing (no extended key usage 1.3.6.1.5.5.7.3.3)");
    }

    @Test
    void anExpiredSignerWithoutTimestampIsRefused() throws Exception {
        Leaf expired = leaf(pki, "wudl expired", true, Instant.now().minus(Duration.ofDays(60)), Duration.ofDays(30));
        Path cab = sign("expired", pki, expired, null);
        refused(cab, pki, "is not valid at ");
        refused(cab, pki, "the time of this check, as the signature has no trusted timestamp");
    }

    @Test
    void anExpiredSignerIsBelievedAtTheTimeOfATrustedTimestamp() throws Exception {
        Instant from = Instant.now().minus(Duration.ofDays(60));
        Leaf expired = leaf(pki, "wudl expired stamped", true, from, Duration.ofDays(30));
        Instant stampedAt = from.plus(Duration.ofDays(10));
        Path cab = sign("stamped", pki, expired, stampedAt);
        SignatureCheck check = new CabinetSignature(CabinetTrust.microsoft().withTestRoot(pki.root)).verify(cab);
        assertEquals(stampedAt.getEpochSecond(), check.timestamp().orElseThrow().getEpochSecond());
    }

    @Test
    void aTimestampFromAnUntrustedAuthorityIsNotBelieved() throws Exception {
        Instant from = Instant.now().minus(Duration.ofDays(60));
        Leaf expired = leaf(pki, "wudl expired bad stamp", true, from, Duration.ofDays(30));
        Path cab = signStampedBy("bad-stamp", pki, expired, otherPki, from.plus(Duration.ofDays(10)));
        refused(cab, pki, "is not valid at ");
        refused(cab, pki, "its timestamp signer");
    }

    @Test
    void theTestRootIsNotTrustedByMicrosoftTrustAlone() {
        CabinetException e = assertThrows(
                CabinetException.class, () -> new CabinetSignature(CabinetTrust.microsoft()).verify(signed));
        assertTrue(e.getMessage().contains("does not chain to a trusted root"), e.getMessage());
        assertTrue(e.getMessage().contains("no certificate in the signature is a trusted anchor"), e.getMessage());
    }

    @Test
    void aTruncatedFileIsRefused() throws Exception {
        Path cab = copy(signed, "truncated");
        ByteBuffer header = header(cab);
        long end = Integer.toUnsignedLong(header.getInt(44)) + Integer.toUnsignedLong(header.getInt(48)) / 2;
        try (RandomAccessFile file = new RandomAccessFile(cab.toFile(), "rw")) {
            file.setLength(end);
        }
        refused(cab, pki, "runs past the end of the file");
    }

    @Test
    void aSignatureBlobCutShortIsRefused() throws Exception {
        Path cab = copy(signed, "short-blob");
        long length = Integer.toUnsignedLong(header(cab).getInt(48));
        putInt(cab, 48, (int) (length / 2));
        refused(cab, pki, "the signature cannot be parsed");
    }

    @Test
    void aHugeClaimedSignatureSizeIsRefusedBeforeReading() throws Exception {
        Path cab = copy(signed, "huge");
        putInt(cab, 48, 0x7fff_fff0);
        refused(cab, pki, "claims a signature of 2147483632 bytes, more than the 1048576");
    }

    @Test
    void aFileThatIsNoCabinetIsRefused() throws Exception {
        Path junk = dir.resolve("junk.cab");
        Files.writeString(junk, "not a cabinet at all, just some text long enough", StandardCharsets.US_ASCII);
        refused(junk, pki, "not a cabinet (no MSCF header)");
    }

    @Test
    void aTestRootIsReadFromPem() throws Exception {
        Path file = pem("root.pem", pki.root);
        assertEquals(pki.root, CabinetTrust.readCertificate(file));
        Path junk = dir.resolve("junk.pem");
        Files.writeString(junk, "no certificate here", StandardCharsets.US_ASCII);
        CabinetException e = assertThrows(CabinetException.class, () -> CabinetTrust.readCertificate(junk));
        assertTrue(e.getMessage().contains("junk.pem: not a readable X.509 certificate"), e.getMessage());
    }

    @Test
    void onlyPinnedOrExplicitCertificatesBecomeAnchors() {
        List<X509Certificate> embedded = List.of(pki.root, pki.intermediate);
        assertTrue(CabinetTrust.microsoft().anchorsFor(embedded).isEmpty());
        assertEquals(
                pki.root,
                CabinetTrust.microsoft()
                        .withTestRoot(pki.root)
                        .anchorsFor(embedded)
                        .iterator()
                        .next()
                        .getTrustedCert());
    }

    @Test
    void theLibrariesExcludedFromJsignAreAbsent() {
        // the checks above ran without these: the exclusions of the pom are safe
        for (String name : List.of(
                "org.apache.poi.poifs.filesystem.POIFSFileSystem",
                "org.apache.commons.io.IOUtils",
                "org.apache.commons.text.StringEscapeUtils",
                "com.cedarsoftware.io.JsonIo",
                "com.cedarsoftware.util.io.JsonReader")) {
            assertThrows(ClassNotFoundException.class, () -> Class.forName(name), name);
        }
    }

    // ---- helpers

    private static void refused(Path cab, Pki trusted, String expected) {
        CabinetException e = assertThrows(
                CabinetException.class,
                () -> new CabinetSignature(CabinetTrust.microsoft().withTestRoot(trusted.root)).verify(cab));
        assertTrue(e.getMessage().contains(expected), e.getMessage());
        assertTrue(e.getMessage().contains(cab.toString()), "names the file: " + e.getMessage());
    }

    private static void run(Path cwd, String... command) throws IOException, InterruptedException {
        Path log = Files.createTempFile(dir, "run", ".log");
        Process p = new ProcessBuilder(command)
                .directory(cwd.toFile())
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(120, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            fail(String.join(" ", command) + " did not finish: " + Files.readString(log));
        }
        if (p.exitValue() != 0) {
            fail(String.join(" ", command) + " exited " + p.exitValue() + ": " + Files.readString(log));
        }
    }

    private static Path sign(String name, Pki under, Leaf leaf, Instant stampedAt) throws Exception {
        return stampedAt == null
                ? signStampedBy(name, under, leaf, null, null)
                : signStampedBy(name, under, leaf, under, stampedAt);
    }

    /** Signs {@link #unsigned} with {@code leaf}, with an RFC 3161 timestamp made under {@code tsaPki} if given. */
    private static Path signStampedBy(String name, Pki under, Leaf leaf, Pki tsaPki, Instant stampedAt)
            throws Exception {
        Path chain = pem(name + "-chain.pem", leaf.cert, under.intermediate);
        Path key = key(name + "-key.pem", leaf.key.getPrivate());
        Path out = dir.resolve(name + ".cab");
        List<String> command = new ArrayList<>(List.of(
                "osslsigncode",
                "sign",
                "-certs",
                chain.toString(),
                "-key",
                key.toString(),
                "-h",
                "sha256",
                "-in",
                unsigned.toString(),
                "-out",
                out.toString()));
        if (tsaPki != null) {
            Leaf tsa = tsa(tsaPki, stampedAt.minus(Duration.ofDays(5)));
            command.addAll(List.of(
                    "-TSA-certs",
                    pem(name + "-tsa.pem", tsa.cert, tsaPki.intermediate).toString(),
                    "-TSA-key",
                    key(name + "-tsa-key.pem", tsa.key.getPrivate()).toString(),
                    "-TSA-time",
                    Long.toString(stampedAt.getEpochSecond())));
        }
        run(dir, command.toArray(String[]::new));
        return out;
    }

    private record Leaf(X509Certificate cert, KeyPair key) {}

    private static Pki pki(String name) throws Exception {
        Instant now = Instant.now();
        KeyPair rootKey = rsa();
        X509Certificate root =
                ca(name + " root", rootKey, name + " root", rootKey, now.minus(Duration.ofDays(3650)), -1);
        KeyPair intermediateKey = rsa();
        X509Certificate intermediate = ca(
                name + " intermediate", intermediateKey, name + " root", rootKey, now.minus(Duration.ofDays(3000)), 0);
        return new Pki(root, rootKey, intermediate, intermediateKey);
    }

    private static X509Certificate ca(
            String subject, KeyPair key, String issuer, KeyPair issuerKey, Instant from, int pathLength)
            throws Exception {
        X509v3CertificateBuilder b = builder(subject, key, issuer, from, Duration.ofDays(7300));
        b.addExtension(
                Extension.basicConstraints,
                true,
                pathLength < 0 ? new BasicConstraints(true) : new BasicConstraints(pathLength));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        return sign(b, issuerKey.getPrivate());
    }

    private static Leaf leaf(Pki under, String subject, boolean codeSigning, Instant from, Duration valid)
            throws Exception {
        KeyPair key = rsa();
        X509v3CertificateBuilder b = builder(
                subject, key, under.intermediate.getSubjectX500Principal().getName(), from, valid);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        if (codeSigning) {
            b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(KeyPurposeId.id_kp_codeSigning));
        }
        return new Leaf(sign(b, under.intermediateKey.getPrivate()), key);
    }

    private static Leaf tsa(Pki under, Instant from) throws Exception {
        KeyPair key = rsa();
        X509v3CertificateBuilder b = builder(
                "wudl test timestamps",
                key,
                under.intermediate.getSubjectX500Principal().getName(),
                from,
                Duration.ofDays(365));
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        // RFC 3161: the timestamping usage, alone and critical
        b.addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping));
        return new Leaf(sign(b, under.intermediateKey.getPrivate()), key);
    }

    private static X509v3CertificateBuilder builder(
            String subject, KeyPair key, String issuer, Instant from, Duration valid) {
        X500Name issuerName = issuer.contains("=") ? new X500Name(issuer) : new X500Name("CN=" + issuer);
        return new JcaX509v3CertificateBuilder(
                issuerName,
                BigInteger.valueOf(SERIAL.incrementAndGet()),
                Date.from(from),
                Date.from(from.plus(valid)),
                new X500Name("CN=" + subject),
                key.getPublic());
    }

    private static X509Certificate sign(X509v3CertificateBuilder b, PrivateKey issuerKey) throws Exception {
        return new JcaX509CertificateConverter()
                .getCertificate(b.build(new JcaContentSignerBuilder("SHA256withRSA")
                        .setProvider(BC)
                        .build(issuerKey)));
    }

    private static KeyPair rsa() throws Exception {
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static Path pem(String name, X509Certificate... certs) throws Exception {
        StringBuilder text = new StringBuilder();
        for (X509Certificate cert : certs) {
            text.append(pemBlock("CERTIFICATE", cert.getEncoded()));
        }
        Path file = dir.resolve(name);
        Files.writeString(file, text, StandardCharsets.US_ASCII);
        return file;
    }

    private static Path key(String name, PrivateKey key) throws IOException {
        Path file = dir.resolve(name);
        Files.writeString(file, pemBlock("PRIVATE KEY", key.getEncoded()), StandardCharsets.US_ASCII);
        return file;
    }

    private static String pemBlock(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, new byte[] {'\n'}).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }

    private static Path copy(Path from, String name) throws IOException {
        return Files.copy(from, dir.resolve(name + ".cab"));
    }

    private static ByteBuffer header(Path cab) throws IOException {
        byte[] bytes = new byte[52];
        try (RandomAccessFile file = new RandomAccessFile(cab.toFile(), "r")) {
            file.readFully(bytes);
        }
        return ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    }

    private static void flip(Path cab, long offset) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(cab.toFile(), "rw")) {
            file.seek(offset);
            int b = file.read();
            file.seek(offset);
            file.write(b ^ 0x01);
        }
    }

    private static void putInt(Path cab, long offset, int value) throws IOException {
        try (RandomAccessFile file = new RandomAccessFile(cab.toFile(), "rw")) {
            file.seek(offset);
            file.write(ByteBuffer.allocate(4)
                    .order(ByteOrder.LITTLE_ENDIAN)
                    .putInt(value)
                    .array());
        }
    }
}
