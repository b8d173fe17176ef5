package dev.cutover.migrations.internal;

import java.util.Optional;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.services.sts.model.StsException;

/** Turns SDK exceptions into sentences for error messages (error code and AWS's message, never request content). */
public final class AwsErrors {
    private AwsErrors() {
    }

    /** The STS error when the legacy role could not be assumed (wrong role ARN, ExternalId, or trust policy). */
    public static Optional<StsException> assumeRoleFailure(Throwable e) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof StsException sts) {
                return Optional.of(sts);
            }
        }
        return Optional.empty();
    }

    public static String code(Throwable e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().errorCode();
        }
        return e.getClass().getSimpleName();
    }

    /** "Code: message" for service errors, the client-side reason otherwise. */
    public static String describe(Throwable e) {
        if (e instanceof AwsServiceException aws && aws.awsErrorDetails() != null) {
            return aws.awsErrorDetails().errorCode() + ": " + aws.awsErrorDetails().errorMessage();
        }
        if (e instanceof SdkClientException) {
            return "client error: " + e.getMessage();
        }
        return String.valueOf(e.getMessage());
    }

    public static boolean isAccessDenied(Throwable e) {
        String code = code(e);
        return code.startsWith("AccessDenied") || "UnrecognizedClientException".equals(code) || "InvalidClientTokenId".equals(code)
                || "ExpiredTokenException".equals(code);
    }

    public static boolean isThrottling(Throwable e) {
        return e instanceof SdkException sdk && sdk instanceof AwsServiceException aws && aws.isThrottlingException();
    }
}
