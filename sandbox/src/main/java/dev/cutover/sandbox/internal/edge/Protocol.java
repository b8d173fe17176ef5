package dev.cutover.sandbox.internal.edge;

/**
 * The wire protocols the sandbox speaks. The edge renders an {@link AwsException} in the shape the
 * real service uses for its protocol, so the SDK maps it to the service's own exception type.
 */
public enum Protocol {
    /** AWS JSON 1.0 (DynamoDB, SQS JSON): X-Amz-Target, body {"__type": code, "message": ...}. */
    JSON_1_0,
    /** AWS JSON 1.1 (SSM): X-Amz-Target, body {"__type": code, "message": ...}. */
    JSON_1_1,
    /** AWS Query (STS, SQS query): form-encoded Action, XML ErrorResponse. */
    QUERY,
    /** REST-JSON (AppConfig, AppConfigData): x-amzn-ErrorType header and {"Message": ...}. */
    REST_JSON,
    /** REST-XML (S3): {@code <Error><Code>...</Code><Message>...</Message></Error>}. */
    REST_XML
}
