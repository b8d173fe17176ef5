package dev.cutover.dynamodb.internal.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.dynamodb.DynamoDbException;
import dev.cutover.dynamodb.internal.streams.StreamStore;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Resource-based policies on tables and streams: PutResourcePolicy, GetResourcePolicy, DeleteResourcePolicy. The engine
 * stores and validates the documents; the edge evaluates them (the engine knows nothing of IAM).
 *
 * <p>As the API reference describes: a policy is attached to a table ({@code arn:aws:dynamodb:R:A:table/T}) or a stream
 * ({@code .../table/T/stream/LABEL}); an index is governed by its table's policy. PutResourcePolicy is idempotent (the same
 * document keeps its RevisionId); an ExpectedRevisionId that does not match the current policy, or names one where there
 * is none, answers PolicyNotFoundException, and {@code NO_POLICY} attaches only when there is none. DeleteResourcePolicy
 * on a resource without a policy succeeds unless it carries an ExpectedRevisionId. A table's policy, and the policies of its
 * streams, go with the table. RevisionIds are epoch milliseconds, strictly increasing.
 */
final class ResourcePolicies {

    /** Largest document, in bytes, whitespace included (the service's 20 KB). */
    static final int MAX_POLICY_BYTES = 20 * 1024;
    static final String NO_POLICY = "NO_POLICY";
    private static final Set<String> VERSIONS = Set.of("2012-10-17", "2008-10-17");

    /** One attached document and its revision. */
    record Policy(String document, String revisionId) {
    }

    private final Stores stores;
    private final StreamStore streams;
    private final ConcurrentHashMap<String, Policy> byArn = new ConcurrentHashMap<>();
    private final AtomicLong lastRevision = new AtomicLong();

    ResourcePolicies(Stores stores, StreamStore streams) {
        this.stores = stores;
        this.streams = streams;
    }

    byte[] put(AccountStore store, Params p) {
        String arn = resourceArn(p);
        String document = p.string("Policy");
        if (document == null) {
            p.notNull("policy");
        }
        String expected = expectedRevision(p);
        p.bool("ConfirmRemoveSelfResourceAccess");
        p.check();
        requireResource(store, arn);
        validateDocument(document);
        Policy stored = byArn.compute(arn, (k, current) -> {
            if (expected != null && !matches(current, expected)) {
                throw notFound(arn, expected);
            }
            if (current != null && current.document().equals(document)) {
                return current;
            }
            return new Policy(document, nextRevision());
        });
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("RevisionId", stored.revisionId());
            g.writeEndObject();
        });
    }

    byte[] get(AccountStore store, Params p) {
        String arn = resourceArn(p);
        p.check();
        requireResource(store, arn);
        Policy policy = byArn.get(arn);
        if (policy == null) {
            throw notFound(arn, null);
        }
        return Json.write(g -> {
            g.writeStartObject();
            g.writeStringField("Policy", policy.document());
            g.writeStringField("RevisionId", policy.revisionId());
            g.writeEndObject();
        });
    }

    byte[] delete(AccountStore store, Params p) {
        String arn = resourceArn(p);
        String expected = expectedRevision(p);
        p.check();
        requireResource(store, arn);
        Policy[] removed = new Policy[1];
        byArn.compute(arn, (k, current) -> {
            if (expected != null && (current == null || !current.revisionId().equals(expected))) {
                throw notFound(arn, expected);
            }
            removed[0] = current;
            return null;
        });
        return Json.write(g -> {
            g.writeStartObject();
            if (removed[0] != null) {
                g.writeStringField("RevisionId", removed[0].revisionId());
            }
            g.writeEndObject();
        });
    }

    /** The policy governing {@code arn}: a stream's own, else the table's (for the table and its indexes). */
    Optional<String> documentFor(String arn) {
        int stream = arn.indexOf("/stream/");
        String key = stream >= 0 ? arn : tableArnOf(arn);
        Policy policy = key == null ? null : byArn.get(key);
        return policy == null ? Optional.empty() : Optional.of(policy.document());
    }

    boolean isEmpty() {
        return byArn.isEmpty();
    }

    /** Drops the policies of a deleted table and of its streams. */
    void tableDeleted(String tableArn) {
        byArn.remove(tableArn);
        String streamPrefix = tableArn + "/stream/";
        byArn.keySet().removeIf(arn -> arn.startsWith(streamPrefix));
    }

    private static String tableArnOf(String arn) {
        int table = arn.indexOf(":table/");
        if (table < 0) {
            return null;
        }
        int slash = arn.indexOf('/', table + ":table/".length());
        return slash < 0 ? arn : arn.substring(0, slash);
    }

    private static String resourceArn(Params p) {
        String arn = p.string("ResourceArn");
        if (arn == null) {
            p.notNull("resourceArn");
        } else if (arn.isEmpty() || arn.length() > 1283) {
            p.error("Value '" + arn + "' at 'resourceArn' failed to satisfy constraint: Member must have length between 1 and 1283");
        }
        return arn;
    }

    private static String expectedRevision(Params p) {
        String expected = p.string("ExpectedRevisionId");
        if (expected != null && (expected.isEmpty() || expected.length() > 255)) {
            p.error("Value '" + expected + "' at 'expectedRevisionId' failed to satisfy constraint: Member must have length between 1"
                    + " and 255");
        }
        return expected;
    }

    /** Throws ValidationException for an ARN that is not a table or stream, ResourceNotFoundException for a missing one. */
    private void requireResource(AccountStore store, String arn) {
        String[] parts = arn.split(":", 6);
        String resource = parts.length == 6 ? parts[5] : "";
        String[] path = resource.split("/", -1);
        boolean table = path.length == 2 && path[0].equals("table") && !path[1].isEmpty();
        boolean stream = path.length == 4 && path[0].equals("table") && path[2].equals("stream") && !path[3].isEmpty();
        if (!arn.startsWith("arn:aws:dynamodb:") || !table && !stream) {
            throw DynamoDbException.validation("Invalid ResourceArn provided as input " + arn + ": it must name a table"
                    + " (arn:aws:dynamodb:REGION:ACCOUNT:table/NAME) or a stream (.../table/NAME/stream/LABEL)");
        }
        boolean exists = table ? stores.find(store, arn) != null : streams.exists(arn, stores.clock().instant());
        if (!exists) {
            throw DynamoDbException.resourceNotFound("Requested resource not found: ResourceArn: " + arn + " not found");
        }
    }

    /** Parses and checks the document; every problem is a ValidationException naming the element. */
    static void validateDocument(String document) {
        if (document.getBytes(StandardCharsets.UTF_8).length > MAX_POLICY_BYTES) {
            throw invalid("it is larger than " + MAX_POLICY_BYTES + " bytes (whitespace counts)");
        }
        JsonNode root;
        try {
            root = Json.MAPPER.readTree(document);
        } catch (JsonProcessingException e) {
            throw invalid("it is not valid JSON: " + e.getOriginalMessage());
        }
        if (root == null || !root.isObject()) {
            throw invalid("it must be a JSON object with Version and Statement");
        }
        JsonNode version = root.get("Version");
        if (version == null || !version.isTextual() || !VERSIONS.contains(version.textValue())) {
            throw invalid("Version must be \"2012-10-17\" (or \"2008-10-17\"), but was " + version);
        }
        JsonNode statements = root.get("Statement");
        if (statements == null || !statements.isObject() && !statements.isArray() || statements.isArray() && statements.isEmpty()) {
            throw invalid("Statement must be an object or a non-empty list of objects, but was " + statements);
        }
        if (statements.isObject()) {
            validateStatement(statements, "Statement");
        } else {
            for (int i = 0; i < statements.size(); i++) {
                validateStatement(statements.get(i), "Statement[" + i + "]");
            }
        }
    }

    private static void validateStatement(JsonNode statement, String where) {
        if (!statement.isObject()) {
            throw invalid(where + " must be an object");
        }
        JsonNode effect = statement.get("Effect");
        if (effect == null || !"Allow".equals(effect.asText()) && !"Deny".equals(effect.asText())) {
            throw invalid(where + ".Effect must be Allow or Deny, but was " + effect);
        }
        JsonNode principal = statement.get("Principal");
        if (principal == null) {
            throw invalid(where + " has no Principal; a resource-based policy names whom it applies to, e.g."
                    + " \"Principal\": {\"AWS\": \"arn:aws:iam::222222222222:role/replicator\"} (the sandbox does not support"
                    + " NotPrincipal)");
        }
        if (!(principal.isTextual() && "*".equals(principal.textValue())) && !principal.isObject()) {
            throw invalid(where + ".Principal must be \"*\" or an object like {\"AWS\": [...]}, but was " + principal);
        }
        if (statement.has("Action") == statement.has("NotAction")) {
            throw invalid(where + " needs exactly one of Action or NotAction");
        }
        if (statement.has("Resource") == statement.has("NotResource")) {
            throw invalid(where + " needs exactly one of Resource or NotResource");
        }
    }

    private static boolean matches(Policy current, String expected) {
        return NO_POLICY.equals(expected) ? current == null : current != null && current.revisionId().equals(expected);
    }

    private String nextRevision() {
        long now = stores.clock().millis();
        return Long.toString(lastRevision.updateAndGet(last -> Math.max(last + 1, now)));
    }

    private static DynamoDbException notFound(String arn, String expected) {
        String message = expected == null ? "Resource-based policy not found for the provided ResourceArn: " + arn
                : "Resource-based policy not found for the provided ResourceArn with the expected revision id " + expected + ": " + arn;
        return new DynamoDbException(400, "PolicyNotFoundException", message);
    }

    private static DynamoDbException invalid(String reason) {
        return DynamoDbException.validation("Invalid policy document: " + reason);
    }
}
