package dev.cutover.sandbox.internal.edge;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.Map;
import java.util.Set;

/**
 * A service of the AWS JSON protocols (1.0 or 1.1): the operation is the {@code X-Amz-Target} suffix, the request body
 * a JSON object, a success a 200 with a JSON object. Subclasses list the operations they implement and answer each in
 * {@link #dispatch}; an operation they do not list gets {@code UnknownOperationException} naming the ones they do.
 */
public abstract class JsonTargetService implements AwsService {
    private static final ObjectMapper MAPPER = new ObjectMapper();

    private final String signingName;
    private final Protocol protocol;
    private final String displayName;
    private final Set<String> operations;
    private final String contentType;

    /**
     * @param displayName how error messages name the service ("SSM", "Step Functions")
     * @param operations  the X-Amz-Target operations this service implements
     */
    protected JsonTargetService(String signingName, Protocol protocol, String displayName, Set<String> operations) {
        if (protocol != Protocol.JSON_1_0 && protocol != Protocol.JSON_1_1) {
            throw new IllegalArgumentException("a JSON target service speaks JSON_1_0 or JSON_1_1, not " + protocol);
        }
        this.signingName = signingName;
        this.protocol = protocol;
        this.displayName = displayName;
        this.operations = Set.copyOf(operations);
        this.contentType = protocol == Protocol.JSON_1_0 ? "application/x-amz-json-1.0" : "application/x-amz-json-1.1";
    }

    /** Answers {@code operation} (one of those listed) for the parsed {@code body}; the edge renders thrown {@link AwsException}s. */
    protected abstract ObjectNode dispatch(String operation, EdgeRequest request, JsonNode body);

    @Override
    public final String signingName() {
        return signingName;
    }

    @Override
    public final Protocol protocol(String method, String path, Map<String, String> lowerCaseHeaders) {
        return protocol;
    }

    @Override
    public final String operationName(EdgeRequest request) {
        return request.targetOperation().orElse("Unknown");
    }

    @Override
    public String throttlingErrorCode(String operation) {
        return "ThrottlingException";
    }

    @Override
    public final EdgeResponse handle(EdgeRequest request) {
        String operation = request.targetOperation().orElse("");
        if (!operations.contains(operation)) {
            throw new AwsException(400, "UnknownOperationException", "The sandbox's " + displayName + " does not implement '"
                    + operation + "'. It implements " + operations.stream().sorted().toList() + ".");
        }
        ObjectNode out = dispatch(operation, request, parseObject(request));
        return EdgeResponse.json(200, contentType, out.toString());
    }

    /** The content type of this service's requests and answers. */
    public final String contentType() {
        return contentType;
    }

    /** The request body as a JSON object (an empty body is an empty object), or the SerializationException AWS answers. */
    static JsonNode parseObject(EdgeRequest request) {
        if (request.body().length == 0) {
            return MAPPER.createObjectNode();
        }
        try {
            JsonNode node = MAPPER.readTree(request.body());
            if (node == null || !node.isObject()) {
                throw new AwsException(400, "SerializationException", "The request body must be a JSON object.");
            }
            return node;
        } catch (JsonProcessingException e) {
            throw new AwsException(400, "SerializationException", "The request body is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw new AwsException(400, "SerializationException", "The request body could not be read.");
        }
    }
}
