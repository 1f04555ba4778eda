package io.github.wudl.cab;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.GeneralSecurityException;
import java.security.InvalidAlgorithmParameterException;
import java.security.MessageDigest;
import java.security.Provider;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateExpiredException;
import java.security.cert.CertificateNotYetValidException;
import java.security.cert.CertificateParsingException;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import net.jsign.DigestAlgorithm;
import net.jsign.asn1.authenticode.AuthenticodeObjectIdentifiers;
import net.jsign.mscab.MSCabinetFile;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1Sequence;
import org.bouncycastle.asn1.cms.Attribute;
import org.bouncycastle.asn1.cms.AttributeTable;
import org.bouncycastle.asn1.cms.CMSAttributes;
import org.bouncycastle.asn1.cms.ContentInfo;
import org.bouncycastle.asn1.cms.SignedData;
import org.bouncycastle.asn1.cms.Time;
import org.bouncycastle.asn1.x509.DigestInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.SignerId;
import org.bouncycastle.cms.SignerInformation;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.util.Store;

/**
 * Checks the Authenticode signature of a Microsoft cabinet (such as the offline scan file {@code wsusscn2.cab})
 * before anything in it is believed.
 *
 * <p>Promises: {@link #verify} returns only when all of these hold, and otherwise throws a {@link
 * CabinetException} whose message names the cabinet file and the check that failed:
 *
 * <ol>
 *   <li>the cabinet is signed at all: its header reserve points at a signature blob, of bounded size (at most
 *       {@value #MAX_SIGNATURE_BYTES} bytes, checked before anything is allocated) and inside the file;
 *   <li>the digest the signature signs (its {@code SpcIndirectDataContent}) equals the Authenticode digest of the
 *       cabinet, computed again here with the algorithm the signature names; MD5 and SHA-1 are refused as too weak
 *       to mean anything;
 *   <li>the CMS {@code SignerInfo} (exactly one) verifies with the public key of the signer certificate;
 *   <li>the signer certificate carries the code-signing extended key usage and chains, by the JDK's PKIX
 *       builder, to an anchor of the {@link CabinetTrust}. Revocation is not checked: wudl runs on offline and
 *       proxied build agents, where fetching a CRL or an OCSP answer would fail or hang, and a check that cannot
 *       run everywhere would have to be skippable, which is worse than a known gap. The gap: a signing
 *       certificate Microsoft revoked (say, after a key leak) is still believed until it expires;
 *   <li>the chain is valid at the time of a trusted timestamp when the signature has one (an RFC 3161 token or a
 *       legacy countersignature whose own signature verifies, whose imprint covers this signature, and whose signer
 *       chains to the same trust with the timestamping key usage), and otherwise at the time of the check.
 * </ol>
 *
 * Only the primary signature is checked; nested (dual) signatures are ignored, so a cabinet is never believed on
 * the strength of a signature other than the one Windows itself verifies first. The cabinet file is opened read
 * only and never changed.
 */
public final class CabinetSignature {
    /**
     * The largest signature blob read. A genuine one holds a few certificates and a timestamp, some 10 to 30 KiB;
     * the cabinet header says how big it is, and a hostile header must not make wudl allocate gigabytes.
     */
    static final int MAX_SIGNATURE_BYTES = 1 << 20;

    private static final String CODE_SIGNING = "1.3.6.1.5.5.7.3.3";
    private static final String TIME_STAMPING = "1.3.6.1.5.5.7.3.8";
    private static final int RESERVE_PRESENT = 0x0004;
    // the cabinet header as far as the signature reserve: 36 fixed bytes, cbCFHeader/cbCFFolder/cbCFData, then the
    // reserve, whose bytes 4..11 are the signature's offset and length
    private static final int HEADER_BYTES = 52;

    /** Bouncy Castle for the CMS verifiers only; not registered as a JVM-wide provider. */
    private static final Provider BC = new BouncyCastleProvider();

    private final CabinetTrust trust;
    private final Clock clock;

    /** A checker that believes the anchors of {@code trust} and checks certificates against the system clock. */
    public CabinetSignature(CabinetTrust trust) {
        this(trust, Clock.systemUTC());
    }

    CabinetSignature(CabinetTrust trust, Clock clock) {
        this.trust = trust;
        this.clock = clock;
    }

    /**
     * Checks the signature of {@code cab}, as the class description lists.
     *
     * @return who signed it, with which digest, and when a trusted timestamp says it was signed
     * @throws CabinetException when any check fails or the cabinet cannot be read; the message names the file and
     *     the check
     */
    public SignatureCheck verify(Path cab) throws CabinetException {
        String name = cab.toString();
        try (FileChannel channel = FileChannel.open(cab, StandardOpenOption.READ)) {
            checkSignatureBounds(channel, name);
            MSCabinetFile file;
            List<CMSSignedData> signatures;
            try {
                file = new MSCabinetFile(channel);
                signatures = file.getSignatures();
            } catch (IOException | RuntimeException e) {
                throw new CabinetException(name + ": the signature cannot be parsed: " + e.getMessage(), e);
            }
            if (signatures.isEmpty()) {
                throw notSigned(name);
            }
            return verify(name, file, signatures.get(0));
        } catch (CabinetException e) {
            throw e;
        } catch (IOException e) {
            throw new CabinetException(name + ": cannot be read: " + e.getMessage(), e);
        }
    }

    private SignatureCheck verify(String name, MSCabinetFile file, CMSSignedData parsed) throws IOException {
        CMSSignedData signed;
        DigestInfo signedDigest;
        try {
            // parsed again from its structure, so that the encapsulated content is there to verify against
            ContentInfo info = parsed.toASN1Structure();
            signed = new CMSSignedData(info);
            if (!AuthenticodeObjectIdentifiers.SPC_INDIRECT_DATA_OBJID
                    .getId()
                    .equals(signed.getSignedContentTypeOID())) {
                throw new CabinetException(name + " is not Authenticode-signed: the signature holds "
                        + signed.getSignedContentTypeOID() + " content, not SpcIndirectDataContent");
            }
            ASN1Encodable content = SignedData.getInstance(info.getContent())
                    .getEncapContentInfo()
                    .getContent();
            signedDigest =
                    DigestInfo.getInstance(ASN1Sequence.getInstance(content).getObjectAt(1));
        } catch (CMSException | RuntimeException e) {
            throw new CabinetException(name + ": the signature cannot be parsed: " + e.getMessage(), e);
        }

        // (2) the signed digest against the cabinet's own
        DigestAlgorithm algorithm =
                DigestAlgorithm.of(signedDigest.getAlgorithmId().getAlgorithm());
        if (algorithm == null) {
            throw new CabinetException(name + ": the signed digest uses an unknown algorithm "
                    + signedDigest.getAlgorithmId().getAlgorithm());
        }
        if (algorithm == DigestAlgorithm.MD5 || algorithm == DigestAlgorithm.SHA1) {
            throw new CabinetException(
                    name + ": the signed digest uses " + algorithm.id + ", too weak to show the cabinet is unchanged");
        }
        byte[] actual = file.computeDigest(algorithm);
        if (!MessageDigest.isEqual(actual, signedDigest.getDigest())) {
            throw new CabinetException(name + " was altered after signing: the signed digest (" + algorithm.id + " "
                    + HexFormat.of().formatHex(signedDigest.getDigest()) + ") does not match the cabinet's ("
                    + HexFormat.of().formatHex(actual) + ")");
        }

        // (3) the SignerInfo against the signer certificate's key
        Collection<SignerInformation> signers = signed.getSignerInfos().getSigners();
        if (signers.size() != 1) {
            throw new CabinetException(
                    name + ": an Authenticode signature has one signer; this one has " + signers.size());
        }
        SignerInformation signer = signers.iterator().next();
        List<X509Certificate> certificates = certificates(name, signed.getCertificates());
        X509Certificate signerCert = find(certificates, signed.getCertificates(), signer.getSID());
        if (signerCert == null) {
            throw new CabinetException(name + ": the signer's certificate is not in the signature");
        }
        String subject = signerCert.getSubjectX500Principal().getName(X500Principal.RFC2253);
        try {
            // by the public key alone: Bouncy Castle would otherwise judge the certificate's validity at the
            // signingTime the signer claims for itself, which is check (5)'s business, done with a trusted time
            if (!signer.verify(
                    new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(signerCert.getPublicKey()))) {
                throw new CabinetException(
                        name + ": the signature does not verify with the signer certificate " + subject);
            }
        } catch (CMSException | OperatorCreationException | RuntimeException e) {
            throw new CabinetException(
                    name + ": the signature does not verify with the signer certificate " + subject + ": "
                            + e.getMessage(),
                    e);
        }

        // (4) code signing, then (5) the time, then the chain at that time
        if (!hasUsage(signerCert, CODE_SIGNING)) {
            throw new CabinetException(name + ": the signer certificate " + subject
                    + " is not for code signing (no extended key usage " + CODE_SIGNING + ")");
        }
        StringBuilder timestampProblem = new StringBuilder();
        Optional<Instant> timestamp = timestamp(signer, signed, certificates, timestampProblem);
        Instant at = timestamp.orElseGet(clock::instant);
        String when = timestamp.isPresent()
                ? at + ", the time of its timestamp"
                : at + ", the time of this check, as the signature has no trusted timestamp" + timestampProblem;
        try {
            signerCert.checkValidity(Date.from(at));
        } catch (CertificateExpiredException | CertificateNotYetValidException e) {
            throw new CabinetException(
                    name + ": the signer certificate " + subject + " (valid "
                            + signerCert.getNotBefore().toInstant() + " to "
                            + signerCert.getNotAfter().toInstant()
                            + ") is not valid at " + when,
                    e);
        }
        String chainProblem = chainProblem(signerCert, certificates, at);
        if (chainProblem != null) {
            throw new CabinetException(name + ": the signer certificate " + subject
                    + " does not chain to a trusted root at " + when + ": " + chainProblem);
        }
        return new SignatureCheck(subject, algorithm.id, timestamp);
    }

    /**
     * Reads the header as far as the signature reserve and refuses a signature that is absent, larger than
     * {@link #MAX_SIGNATURE_BYTES} or outside the file, before the library allocates a buffer of the size the
     * header claims.
     */
    private static void checkSignatureBounds(FileChannel channel, String name) throws IOException {
        long size = channel.size();
        ByteBuffer header = ByteBuffer.allocate(HEADER_BYTES).order(ByteOrder.LITTLE_ENDIAN);
        while (header.hasRemaining() && channel.read(header, header.position()) > 0) {
            // reads until the buffer is full or the file ends
        }
        header.flip();
        if (header.limit() < 36
                || header.get(0) != 'M'
                || header.get(1) != 'S'
                || header.get(2) != 'C'
                || header.get(3) != 'F') {
            throw new CabinetException(name + ": not a cabinet (no MSCF header)");
        }
        int flags = Short.toUnsignedInt(header.getShort(30));
        if ((flags & RESERVE_PRESENT) == 0 || header.limit() < HEADER_BYTES) {
            throw notSigned(name);
        }
        int reserveBytes = Short.toUnsignedInt(header.getShort(36));
        long offset = Integer.toUnsignedLong(header.getInt(44));
        long length = Integer.toUnsignedLong(header.getInt(48));
        if (reserveBytes < 16 || length == 0) {
            throw notSigned(name);
        }
        if (length > MAX_SIGNATURE_BYTES) {
            throw new CabinetException(name + ": the header claims a signature of " + length + " bytes, more than the "
                    + MAX_SIGNATURE_BYTES + " a genuine one could need");
        }
        if (offset + length > size) {
            throw new CabinetException(name + ": the signature (" + length + " bytes at offset " + offset
                    + ") runs past the end of the file (" + size + " bytes): truncated");
        }
    }

    private static CabinetException notSigned(String name) {
        return new CabinetException(name + " is not Authenticode-signed");
    }

    /**
     * The trusted time of the signature's timestamp, if it has one that verifies; otherwise empty, with why the
     * timestamp was not used appended to {@code problem}.
     */
    private Optional<Instant> timestamp(
            SignerInformation signer, CMSSignedData signed, List<X509Certificate> certificates, StringBuilder problem) {
        AttributeTable unsigned = signer.getUnsignedAttributes();
        if (unsigned == null) {
            return Optional.empty();
        }
        Attribute rfc3161 = unsigned.get(AuthenticodeObjectIdentifiers.SPC_RFC3161_OBJID);
        if (rfc3161 != null) {
            return rfc3161Time(signer, rfc3161, certificates, problem);
        }
        if (unsigned.get(CMSAttributes.counterSignature) != null) {
            return counterSignatureTime(signer, signed, certificates, problem);
        }
        return Optional.empty();
    }

    private Optional<Instant> rfc3161Time(
            SignerInformation signer, Attribute attribute, List<X509Certificate> certificates, StringBuilder problem) {
        try {
            TimeStampToken token = new TimeStampToken(
                    ContentInfo.getInstance(attribute.getAttrValues().getObjectAt(0)));
            List<X509Certificate> tsaCertificates = new ArrayList<>(certificates(null, token.getCertificates()));
            X509Certificate tsa = find(tsaCertificates, token.getCertificates(), token.getSID());
            if (tsa == null) {
                problem.append(" (its RFC 3161 timestamp does not carry its signer's certificate)");
                return Optional.empty();
            }
            // checks the token's signature and that the TSA certificate is for timestamping and valid then
            token.validate(
                    new JcaSimpleSignerInfoVerifierBuilder().setProvider(BC).build(tsa));
            MessageDigest imprint = MessageDigest.getInstance(
                    token.getTimeStampInfo().getMessageImprintAlgOID().getId(), BC);
            if (!MessageDigest.isEqual(
                    imprint.digest(signer.getSignature()),
                    token.getTimeStampInfo().getMessageImprintDigest())) {
                problem.append(" (its RFC 3161 timestamp is for another signature)");
                return Optional.empty();
            }
            Instant time = token.getTimeStampInfo().getGenTime().toInstant();
            tsaCertificates.addAll(certificates);
            return trustedTimestamper(tsa, tsaCertificates, time, problem) ? Optional.of(time) : Optional.empty();
        } catch (TSPException
                | IOException
                | GeneralSecurityException
                | OperatorCreationException
                | RuntimeException e) {
            problem.append(" (its RFC 3161 timestamp does not verify: ")
                    .append(e.getMessage())
                    .append(')');
            return Optional.empty();
        }
    }

    private Optional<Instant> counterSignatureTime(
            SignerInformation signer, CMSSignedData signed, List<X509Certificate> certificates, StringBuilder problem) {
        try {
            Collection<SignerInformation> counters =
                    signer.getCounterSignatures().getSigners();
            if (counters.size() != 1) {
                problem.append(" (it has ").append(counters.size()).append(" countersignatures, not one)");
                return Optional.empty();
            }
            SignerInformation counter = counters.iterator().next();
            X509Certificate tsa = find(certificates, signed.getCertificates(), counter.getSID());
            AttributeTable attributes = counter.getSignedAttributes();
            Attribute signingTime = attributes == null ? null : attributes.get(CMSAttributes.signingTime);
            if (tsa == null || signingTime == null) {
                problem.append(" (its countersignature lacks its signer's certificate or a signing time)");
                return Optional.empty();
            }
            // with the certificate: the countersigner must be valid at the signing time it states
            if (!counter.verify(new JcaSimpleSignerInfoVerifierBuilder()
                    .setProvider(BC)
                    .build(new X509CertificateHolder(tsa.getEncoded())))) {
                problem.append(" (its countersignature does not verify)");
                return Optional.empty();
            }
            Instant time = Time.getInstance(signingTime.getAttrValues().getObjectAt(0))
                    .getDate()
                    .toInstant();
            return trustedTimestamper(tsa, certificates, time, problem) ? Optional.of(time) : Optional.empty();
        } catch (CMSException
                | IOException
                | GeneralSecurityException
                | OperatorCreationException
                | RuntimeException e) {
            problem.append(" (its countersignature does not verify: ")
                    .append(e.getMessage())
                    .append(')');
            return Optional.empty();
        }
    }

    /** Whether the timestamp's signer is for timestamping and chains to the trust at {@code time}. */
    private boolean trustedTimestamper(
            X509Certificate tsa, List<X509Certificate> certificates, Instant time, StringBuilder problem) {
        String subject = tsa.getSubjectX500Principal().getName(X500Principal.RFC2253);
        if (!hasUsage(tsa, TIME_STAMPING)) {
            problem.append(" (its timestamp signer ").append(subject).append(" is not for timestamping)");
            return false;
        }
        String chain = chainProblem(tsa, certificates, time);
        if (chain != null) {
            problem.append(" (its timestamp signer ")
                    .append(subject)
                    .append(" does not chain to a trusted root: ")
                    .append(chain)
                    .append(')');
            return false;
        }
        return true;
    }

    /**
     * Builds a PKIX path from {@code target} through {@code certificates} to an anchor of the trust, valid at
     * {@code at}, revocation off (see the class description).
     *
     * @return null when a path was built, else why not
     */
    private String chainProblem(X509Certificate target, List<X509Certificate> certificates, Instant at) {
        Set<TrustAnchor> anchors = trust.anchorsFor(certificates);
        if (anchors.isEmpty()) {
            return "no certificate in the signature is a trusted anchor";
        }
        try {
            X509CertSelector selector = new X509CertSelector();
            selector.setCertificate(target);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, selector);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(at));
            parameters.addCertStore(
                    CertStore.getInstance("Collection", new CollectionCertStoreParameters(certificates)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
            return null;
        } catch (CertPathBuilderException e) {
            return e.getMessage();
        } catch (InvalidAlgorithmParameterException | java.security.NoSuchAlgorithmException e) {
            return "the JDK's PKIX builder is unavailable: " + e.getMessage();
        }
    }

    private static boolean hasUsage(X509Certificate cert, String usage) {
        try {
            List<String> usages = cert.getExtendedKeyUsage();
            return usages != null && usages.contains(usage);
        } catch (CertificateParsingException e) {
            return false;
        }
    }

    /** The certificates of a CMS certificate bag as JDK certificates. */
    private static List<X509Certificate> certificates(String name, Store<X509CertificateHolder> store)
            throws CabinetException {
        List<X509Certificate> result = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        for (X509CertificateHolder holder : store.getMatches(null)) {
            try {
                result.add(converter.getCertificate(holder));
            } catch (CertificateException e) {
                throw new CabinetException(
                        (name == null ? "a timestamp" : name) + ": a certificate in the signature cannot be read: "
                                + e.getMessage(),
                        e);
            }
        }
        return result;
    }

    /** The certificate of {@code certificates} that {@code sid} names, or null. */
    private static X509Certificate find(
            List<X509Certificate> certificates, Store<X509CertificateHolder> store, SignerId sid) {
        for (X509CertificateHolder holder : store.getMatches(null)) {
            if (!sid.match(holder)) {
                continue;
            }
            for (X509Certificate cert : certificates) {
                try {
                    if (MessageDigest.isEqual(cert.getEncoded(), holder.getEncoded())) {
                        return cert;
                    }
                } catch (IOException | CertificateException e) {
                    // an unencodable certificate names no signer
                }
            }
        }
        return null;
    }
}
