package dev.cutover.dynamodb;

/**
 * An error the engine answers with, rendered as DynamoDB renders it:
 * {@code {"__type":"com.amazon.coral.validate#ValidationException","message":"..."}} with status 400
 * (500 for {@code InternalServerError}). {@link #type()} is the bare code the SDK reads, e.g.
 * {@code ConditionalCheckFailedException}.
 */
public class DynamoDbException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final int status;
    private final String type;

    public DynamoDbException(int status, String type, String message) {
        super(message, null, false, false);
        this.status = status;
        this.type = type;
    }

    /** A 400 {@code ValidationException}: the request is well formed JSON but breaks one of DynamoDB's rules. */
    public static DynamoDbException validation(String message) {
        return new DynamoDbException(400, "ValidationException", message);
    }

    /** A 400 {@code SerializationException}: the JSON does not fit the operation's shape. */
    public static DynamoDbException serialization(String message) {
        return new DynamoDbException(400, "SerializationException", message);
    }

    public static DynamoDbException resourceNotFound(String message) {
        return new DynamoDbException(400, "ResourceNotFoundException", message);
    }

    public static DynamoDbException resourceInUse(String message) {
        return new DynamoDbException(400, "ResourceInUseException", message);
    }

    public int status() {
        return status;
    }

    public String type() {
        return type;
    }

    /** The namespaced {@code __type} DynamoDB puts on the wire for this error. */
    public String wireType() {
        switch (type) {
            case "ValidationException":
                return "com.amazon.coral.validate#" + type;
            case "SerializationException":
            case "UnknownOperationException":
            case "InternalFailure":
                return "com.amazon.coral.service#" + type;
            default:
                return "com.amazonaws.dynamodb.v20120810#" + type;
        }
    }
}
