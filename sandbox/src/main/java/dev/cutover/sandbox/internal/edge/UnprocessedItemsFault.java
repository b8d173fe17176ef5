package dev.cutover.sandbox.internal.edge;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.sandbox.SandboxException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.CRC32;

/**
 * DynamoDB's partial success: a BatchWriteItem answered 200 with some of its requests in
 * {@code UnprocessedItems}. Each write request of a call is left out with probability
 * {@code fraction}; the edge forwards only the others to the service and merges the ones left out into
 * the service's {@code UnprocessedItems}, table by table, in the request's own shape. When every
 * request is left out nothing is forwarded (so IAM is not evaluated for that call) and the answer is
 * {@code {"UnprocessedItems": {...}}} alone. Kept apart from the other faults of
 * {@link FaultInjector} because it rewrites the call instead of refusing it.
 */
public final class UnprocessedItemsFault {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OPERATION = "BatchWriteItem";
    private static final String SERVICE = "dynamodb";

    private volatile Map<String, Double> fractions = Map.of();

    synchronized void set(String service, double fraction) {
        if (!SERVICE.equals(service)) {
            throw new SandboxException("unprocessedItems applies to \"" + SERVICE + "\" (BatchWriteItem) only, but the service was '"
                    + service + "'");
        }
        if (!(fraction >= 0 && fraction <= 1)) {
            throw new SandboxException("unprocessedItems fraction must be between 0 and 1 but was " + fraction);
        }
        Map<String, Double> copy = new LinkedHashMap<>(fractions);
        copy.put(service, fraction);
        fractions = Map.copyOf(copy);
    }

    synchronized void clear() {
        fractions = Map.of();
    }

    /** Hands the request to the service, leaving out part of a BatchWriteItem when the fault is set. */
    EdgeResponse handle(AwsService service, String operation, EdgeRequest request) {
        Map<String, Double> current = fractions;
        Double fraction = current.isEmpty() || !OPERATION.equals(operation) ? null : current.get(service.serviceName());
        if (fraction == null || fraction == 0) {
            return service.handle(request);
        }
        ObjectNode body;
        try {
            JsonNode parsed = JSON.readTree(request.body());
            if (parsed == null || !parsed.path("RequestItems").isObject()) {
                return service.handle(request); // let the service answer the malformed call
            }
            body = (ObjectNode) parsed;
        } catch (IOException e) {
            return service.handle(request);
        }
        ObjectNode forwarded = JSON.createObjectNode();
        ObjectNode leftOut = JSON.createObjectNode();
        ThreadLocalRandom random = ThreadLocalRandom.current();
        for (Iterator<Map.Entry<String, JsonNode>> tables = body.get("RequestItems").fields(); tables.hasNext();) {
            Map.Entry<String, JsonNode> table = tables.next();
            ArrayNode keep = JSON.createArrayNode();
            ArrayNode leave = JSON.createArrayNode();
            for (JsonNode writeRequest : table.getValue()) {
                (random.nextDouble() < fraction ? leave : keep).add(writeRequest);
            }
            if (!keep.isEmpty()) {
                forwarded.set(table.getKey(), keep);
            }
            if (!leave.isEmpty()) {
                leftOut.set(table.getKey(), leave);
            }
        }
        if (leftOut.isEmpty()) {
            return service.handle(request);
        }
        if (forwarded.isEmpty()) {
            ObjectNode answer = JSON.createObjectNode();
            answer.set("UnprocessedItems", leftOut);
            return response(200, Map.of("Content-Type", "application/x-amz-json-1.0"), answer);
        }
        body.set("RequestItems", forwarded);
        EdgeRequest partial = new EdgeRequest(request.method(), request.path(), request.query(), request.headers(), bytes(body),
                request.caller(), request.region(), request.signingName(), request.protocol(), request.authorizer());
        EdgeResponse answered = service.handle(partial);
        if (answered.status() != 200) {
            return answered;
        }
        ObjectNode answer;
        try {
            answer = (ObjectNode) JSON.readTree(answered.body());
        } catch (IOException | ClassCastException e) {
            return answered;
        }
        JsonNode existing = answer.path("UnprocessedItems");
        ObjectNode merged = existing.isObject() ? (ObjectNode) existing : answer.putObject("UnprocessedItems");
        leftOut.fields().forEachRemaining(table -> {
            JsonNode already = merged.path(table.getKey());
            ArrayNode list = already.isArray() ? (ArrayNode) already : merged.putArray(table.getKey());
            list.addAll((ArrayNode) table.getValue());
        });
        Map<String, String> headers = new LinkedHashMap<>(answered.headers());
        headers.keySet().removeIf(name -> name.equalsIgnoreCase("x-amz-crc32"));
        return response(200, headers, answer);
    }

    private static EdgeResponse response(int status, Map<String, String> headers, JsonNode json) {
        byte[] body = bytes(json);
        CRC32 crc = new CRC32();
        crc.update(body);
        Map<String, String> withCrc = new LinkedHashMap<>(headers);
        withCrc.put("x-amz-crc32", Long.toString(crc.getValue()));
        return new EdgeResponse(status, withCrc, body);
    }

    private static byte[] bytes(JsonNode json) {
        try {
            return JSON.writeValueAsBytes(json);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
