package dev.cutover.sandbox.internal.edge;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * SigV4 verification against the sandbox's credentials: the access key (root or STS-issued, with its session token), the
 * signature, the body hash, the clock skew, the credential scope's date and region, and the session's expiry. The edge
 * runs it on every service call; the execute-api check ({@link ExecuteApiAuthorization}) runs it on a request the local
 * router received. Failures are {@link AwsException}s in {@code protocol}'s shape.
 */
public final class SignatureVerifier {
    private static final Duration MAX_CLOCK_SKEW = Duration.ofMinutes(15);

    private final String region;
    private final Clock clock;
    private final AccessKeys accessKeys;

    public SignatureVerifier(String region, Clock clock, AccessKeys accessKeys) {
        this.region = region;
        this.clock = clock;
        this.accessKeys = accessKeys;
    }

    /** The region signatures must be scoped to. */
    public String region() {
        return region;
    }

    /**
     * Who signed the request, or the protocol's authentication error.
     *
     * @param headers request headers by lower-case name, several values joined with ","
     * @param bodySha256 the hex SHA-256 of the body as received (asked for only when needed)
     */
    Caller authenticate(SigV4.Authorization auth, Protocol protocol, String method, String rawPath, String rawQuery,
            Map<String, String> headers, Supplier<String> bodySha256) {
        String amzDate = headers.get("x-amz-date");
        if (amzDate == null) {
            throw ErrorResponses.incompleteSignature(protocol, "Authorization header requires existence of a 'X-Amz-Date' header.");
        }
        Optional<AccessKeys.AccessKey> key = accessKeys.find(auth.accessKeyId());
        if (key.isEmpty()) {
            throw ErrorResponses.unrecognizedClient(protocol);
        }
        AccessKeys.AccessKey accessKey = key.get();
        if (accessKey.sessionToken() != null && !accessKey.sessionToken().equals(headers.get("x-amz-security-token"))) {
            throw ErrorResponses.unrecognizedClient(protocol);
        }
        String contentSha256 = headers.get("x-amz-content-sha256");
        String payloadHash = contentSha256 != null ? contentSha256 : bodySha256.get();
        if (!SigV4.verify(auth, accessKey.secretKey(), method, rawPath, rawQuery, headers, amzDate, payloadHash)) {
            throw ErrorResponses.badSignature(protocol, ErrorResponses.BAD_SIGNATURE_MESSAGE);
        }
        if (contentSha256 != null && contentSha256.length() == 64 && !contentSha256.equalsIgnoreCase(bodySha256.get())) {
            throw ErrorResponses.badSignature(protocol, "The provided 'x-amz-content-sha256' header does not match what was computed.");
        }
        Instant signedAt = parseAmzDate(amzDate, protocol);
        Instant now = Instant.now();
        if (Duration.between(signedAt, now).abs().compareTo(MAX_CLOCK_SKEW) > 0) {
            throw ErrorResponses.badSignature(protocol, "Signature expired: " + amzDate + " is now earlier or later than "
                    + now + " by more than 15 minutes.");
        }
        if (!amzDate.startsWith(auth.date())) {
            throw ErrorResponses.badSignature(protocol, "Date in Credential scope does not match YYYYMMDD from ISO-8601 version of date "
                    + "from "
                    + "HTTP: '" + auth.date() + "' != '" + amzDate.substring(0, Math.min(8, amzDate.length())) + "'");
        }
        if (!auth.region().equals(region)) {
            throw ErrorResponses.badSignature(protocol, "Credential should be scoped to a valid region. The sandbox serves region '"
                    + region
                    + "' but the request was signed for '" + auth.region() + "'; configure the client with Region.of(\"" + region + "\")");
        }
        Caller caller = accessKey.caller();
        if (caller.expiration().isPresent() && !clock.instant().isBefore(caller.expiration().get())) {
            throw ErrorResponses.expiredToken(protocol);
        }
        return caller;
    }

    private static Instant parseAmzDate(String amzDate, Protocol protocol) {
        try {
            if (amzDate.length() != 16 || amzDate.charAt(8) != 'T' || amzDate.charAt(15) != 'Z') {
                throw new NumberFormatException(amzDate);
            }
            return LocalDateTime.of(Integer.parseInt(amzDate.substring(0, 4)), Integer.parseInt(amzDate.substring(4, 6)),
                    Integer.parseInt(amzDate.substring(6, 8)), Integer.parseInt(amzDate.substring(9, 11)),
                    Integer.parseInt(amzDate.substring(11, 13)), Integer.parseInt(amzDate.substring(13, 15))).toInstant(ZoneOffset.UTC);
        } catch (RuntimeException e) {
            throw ErrorResponses.incompleteSignature(protocol, "X-Amz-Date must be in ISO-8601 basic format yyyyMMdd'T'HHmmss'Z' but was '"
                    + amzDate + "'");
        }
    }
}
