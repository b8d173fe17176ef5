package dev.cutover.sandbox.internal.edge;

/**
 * One service behind the edge. The edge verifies the signature, resolves the {@link Caller},
 * applies faults, then hands the request to the first registered service whose
 * {@link #signingName()} matches the credential scope and whose {@link #accepts} says yes.
 *
 * <p>Implementations must be thread-safe: the edge serves requests concurrently.
 */
public interface AwsService extends AutoCloseable {

    /** The SigV4 signing name, e.g. "dynamodb", "sqs", "sts", "ssm", "appconfig". */
    String signingName();

    /** Where two services share a signing name (appconfig and appconfigdata): which one this is. */
    default boolean accepts(String method, String path) {
        return true;
    }

    /** The protocol used for error rendering, possibly per request (SQS speaks JSON and query). */
    Protocol protocol(String method, String path, java.util.Map<String, String> lowerCaseHeaders);

    /** The operation name, used for fault injection and logs (e.g. "GetItem", "AssumeRole"). */
    String operationName(EdgeRequest request);

    /** The error code this service throttles with (e.g. "ThrottlingException", "ProvisionedThroughputExceededException"). */
    String throttlingErrorCode(String operation);

    /** Name used in fault configuration and logs, e.g. "dynamodb", "appconfigdata". */
    default String serviceName() {
        return signingName();
    }

    EdgeResponse handle(EdgeRequest request);

    @Override
    default void close() {
    }
}
