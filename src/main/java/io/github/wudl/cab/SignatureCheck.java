package io.github.wudl.cab;

import java.time.Instant;
import java.util.Optional;

/**
 * What {@link CabinetSignature#verify} established about a cabinet whose signature passed every check.
 *
 * @param signerSubject the signer certificate's subject, RFC 2253 form (e.g. {@code CN=Microsoft
 *     Corporation,O=Microsoft Corporation,...})
 * @param digestAlgorithm the algorithm of the signed Authenticode digest, as Java names it (e.g. {@code SHA-256})
 * @param timestamp the time a trusted timestamp (RFC 3161 or the legacy countersignature) vouches the signature
 *     existed at; empty when the signature has none that verified, and the certificates were then checked at the
 *     time of the check
 */
public record SignatureCheck(String signerSubject, String digestAlgorithm, Optional<Instant> timestamp) {}
