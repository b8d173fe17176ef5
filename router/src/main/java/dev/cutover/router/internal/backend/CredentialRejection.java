package dev.cutover.router.internal.backend;

import java.util.Set;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** AWS error codes that mean "these credentials are no good" (query and JSON protocol spellings). */
public final class CredentialRejection {
    private static final Set<String> CODES = Set.of("ExpiredToken", "ExpiredTokenException", "InvalidClientTokenId",
            "UnrecognizedClientException");

    private CredentialRejection() {
    }

    public static boolean isRejection(Throwable e) {
        return e instanceof AwsServiceException ase && ase.awsErrorDetails() != null
                && CODES.contains(ase.awsErrorDetails().errorCode());
    }
}
