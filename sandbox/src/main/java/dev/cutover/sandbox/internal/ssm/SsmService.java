package dev.cutover.sandbox.internal.ssm;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.sandbox.internal.edge.AwsException;
import dev.cutover.sandbox.internal.edge.EdgeRequest;
import dev.cutover.sandbox.internal.edge.JsonTargetService;
import dev.cutover.sandbox.internal.edge.Protocol;
import dev.cutover.sandbox.internal.edge.SandboxContext;
import java.math.BigDecimal;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * SSM Parameter Store behind the edge: AWS JSON 1.1 ({@code X-Amz-Target: AmazonSSM.<Op>}). Each operation
 * authorises {@code ssm:<Op>} on the parameter ARN(s) first; SecureString values are sealed with
 * {@link LocalKms} after authorising {@code kms:Encrypt} and opened only with WithDecryption after authorising
 * {@code kms:Decrypt}, both on the key ARN with the condition keys AWS sets ({@code kms:ViaService},
 * {@code kms:EncryptionContext:PARAMETER_ARN}).
 */
final class SsmService extends JsonTargetService {

    static final String CONTENT_TYPE = "application/x-amz-json-1.1";
    private static final Set<String> OPERATIONS = Set.of("PutParameter", "GetParameter", "GetParameters", "GetParametersByPath",
            "DescribeParameters", "DeleteParameter", "DeleteParameters", "AddTagsToResource", "RemoveTagsFromResource",
            "ListTagsForResource");

    private final SandboxContext context;
    private final LocalKms kms;
    private final PutParameterRateLimiter rateLimiter;
    private final PageTokens tokens = new PageTokens();
    private final ObjectMapper mapper = new ObjectMapper();
    private final Map<String, ParameterStore> stores = new ConcurrentHashMap<>();

    SsmService(SandboxContext context, LocalKms kms, PutParameterRateLimiter rateLimiter) {
        super("ssm", Protocol.JSON_1_1, "SSM", OPERATIONS);
        this.context = context;
        this.kms = kms;
        this.rateLimiter = rateLimiter;
    }

    @Override
    protected ObjectNode dispatch(String operation, EdgeRequest request, JsonNode body) {
        ParameterStore store = stores.computeIfAbsent(request.accountId() + "|" + request.region(),
                k -> new ParameterStore(request.accountId(), request.region()));
        return switch (operation) {
            case "PutParameter" -> putParameter(request, store, body);
            case "GetParameter" -> getParameter(request, store, body);
            case "GetParameters" -> getParameters(request, store, body);
            case "GetParametersByPath" -> getParametersByPath(request, store, body);
            case "DescribeParameters" -> describeParameters(request, store, body);
            case "DeleteParameter" -> deleteParameter(request, store, body);
            case "DeleteParameters" -> deleteParameters(request, store, body);
            case "AddTagsToResource" -> addTags(request, store, body);
            case "RemoveTagsFromResource" -> removeTags(request, store, body);
            default -> listTags(request, store, body);
        };
    }

    private ObjectNode putParameter(EdgeRequest request, ParameterStore store, JsonNode body) {
        String name = required(body, "Name", "name");
        Map<String, String> tags = tags(body, "Tags");
        request.authorize("ssm:PutParameter", store.arn(name));
        if (!tags.isEmpty()) {
            request.authorize("ssm:AddTagsToResource", store.arn(name));
        }
        rateLimiter.acquire(request.accountId());
        String typeName = text(body, "Type");
        ParameterType type = typeName == null ? null : ParameterType.fromWire(typeName).orElseThrow(() -> SsmErrors.validation(
                "1 validation error detected: Value '" + typeName + "' at 'type' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [String, StringList, SecureString]"));
        String tierName = text(body, "Tier");
        ParameterTier tier = tierName == null ? null : ParameterTier.fromWire(tierName).orElseThrow(() -> SsmErrors.validation(
                "1 validation error detected: Value '" + tierName + "' at 'tier' failed to satisfy constraint: "
                        + "Member must satisfy enum value set: [Standard, Advanced, Intelligent-Tiering]"));
        PutParameterInput input = new PutParameterInput(name, required(body, "Value", "value"), type, text(body, "KeyId"),
                body.path("Overwrite").asBoolean(false), text(body, "Description"), text(body, "AllowedPattern"), tier,
                text(body, "DataType"), text(body, "Policies"), tags);
        ParameterStore.PutResult result = store.put(input, request.caller().arn(), now(), encryptor(request));
        ObjectNode out = mapper.createObjectNode();
        out.put("Version", result.version());
        out.put("Tier", result.tier().wireName());
        return out;
    }

    private ObjectNode getParameter(EdgeRequest request, ParameterStore store, JsonNode body) {
        ParameterReference ref = ParameterReference.parse(required(body, "Name", "name"));
        request.authorize("ssm:GetParameter", store.arn(ref.name()));
        ParameterVersion parameter = store.get(ref);
        ObjectNode out = mapper.createObjectNode();
        out.set("Parameter", render(request, store, parameter, ref, body.path("WithDecryption").asBoolean(false)));
        return out;
    }

    private ObjectNode getParameters(EdgeRequest request, ParameterStore store, JsonNode body) {
        List<String> names = names(body);
        boolean decrypt = body.path("WithDecryption").asBoolean(false);
        List<ParameterReference> refs = names.stream().map(ParameterReference::parse).toList();
        for (ParameterReference ref : refs) {
            request.authorize("ssm:GetParameters", store.arn(ref.name()));
        }
        ArrayNode found = mapper.createArrayNode();
        ArrayNode invalid = mapper.createArrayNode();
        for (int i = 0; i < refs.size(); i++) {
            ParameterVersion parameter;
            try {
                parameter = store.get(refs.get(i));
            } catch (AwsException e) {
                if ("ParameterNotFound".equals(e.code()) || "ParameterVersionNotFound".equals(e.code())) {
                    invalid.add(names.get(i));
                    continue;
                }
                throw e;
            }
            found.add(render(request, store, parameter, refs.get(i), decrypt));
        }
        ObjectNode out = mapper.createObjectNode();
        out.set("Parameters", found);
        out.set("InvalidParameters", invalid);
        return out;
    }

    private ObjectNode getParametersByPath(EdgeRequest request, ParameterStore store, JsonNode body) {
        String path = ParameterNames.normalizePath(required(body, "Path", "path"));
        request.authorize("ssm:GetParametersByPath", store.arn(path));
        boolean recursive = body.path("Recursive").asBoolean(false);
        boolean decrypt = body.path("WithDecryption").asBoolean(false);
        int max = maxResults(body, 10, 10);
        List<ParameterFilter> filterList = filters(body, "ParameterFilters", false);
        ParameterFilters filters = ParameterFilters.of(ParameterFilters.Scope.BY_PATH, filterList);
        String scope = "GetParametersByPath|" + request.accountId() + "|" + request.region() + "|" + path + "|" + recursive + "|"
                + body.path("ParameterFilters");
        String after = text(body, "NextToken") == null ? null : tokens.open(scope, text(body, "NextToken"));
        ParameterStore.Page<ParameterVersion> page = store.byPath(path, recursive, filters, max, after);
        ArrayNode items = mapper.createArrayNode();
        for (ParameterVersion parameter : page.items()) {
            items.add(render(request, store, parameter, null, decrypt));
        }
        ObjectNode out = mapper.createObjectNode();
        out.set("Parameters", items);
        page.lastName().ifPresent(last -> out.put("NextToken", tokens.issue(scope, last)));
        return out;
    }

    private ObjectNode describeParameters(EdgeRequest request, ParameterStore store, JsonNode body) {
        request.authorize("ssm:DescribeParameters", "arn:aws:ssm:" + request.region() + ":" + request.accountId() + ":*");
        int max = maxResults(body, 50, 50);
        boolean legacy = body.has("Filters") && !body.get("Filters").isNull();
        boolean current = body.has("ParameterFilters") && !body.get("ParameterFilters").isNull();
        if (legacy && current) {
            throw SsmErrors.validation("You can use either Filters or ParameterFilters in a single request, not both.");
        }
        List<ParameterFilter> filterList = legacy ? filters(body, "Filters", true) : filters(body, "ParameterFilters", false);
        ParameterFilters filters = ParameterFilters.of(ParameterFilters.Scope.DESCRIBE, filterList);
        String scope = "DescribeParameters|" + request.accountId() + "|" + request.region() + "|" + body.path("Filters") + "|"
                + body.path("ParameterFilters") + "|" + body.path("Shared").asBoolean(false);
        String after = text(body, "NextToken") == null ? null : tokens.open(scope, text(body, "NextToken"));
        ArrayNode items = mapper.createArrayNode();
        ObjectNode out = mapper.createObjectNode();
        out.set("Parameters", items);
        if (body.path("Shared").asBoolean(false)) {
            return out; // Parameters shared with this account through RAM: the sandbox shares none.
        }
        ParameterStore.Page<ParameterStore.Described> page = store.describe(filters, max, after);
        for (ParameterStore.Described described : page.items()) {
            items.add(metadata(store, described.parameter()));
        }
        page.lastName().ifPresent(last -> out.put("NextToken", tokens.issue(scope, last)));
        return out;
    }

    private ObjectNode deleteParameter(EdgeRequest request, ParameterStore store, JsonNode body) {
        String name = required(body, "Name", "name");
        request.authorize("ssm:DeleteParameter", store.arn(name));
        store.delete(name);
        return mapper.createObjectNode();
    }

    private ObjectNode deleteParameters(EdgeRequest request, ParameterStore store, JsonNode body) {
        List<String> names = names(body);
        for (String name : names) {
            request.authorize("ssm:DeleteParameters", store.arn(name));
        }
        List<String> missing = store.deleteAll(names);
        ArrayNode deleted = mapper.createArrayNode();
        new LinkedHashSet<>(names).stream().filter(n -> !missing.contains(n)).forEach(deleted::add);
        ArrayNode invalid = mapper.createArrayNode();
        missing.forEach(invalid::add);
        ObjectNode out = mapper.createObjectNode();
        out.set("DeletedParameters", deleted);
        out.set("InvalidParameters", invalid);
        return out;
    }

    private ObjectNode addTags(EdgeRequest request, ParameterStore store, JsonNode body) {
        String id = resourceId(body);
        request.authorize("ssm:AddTagsToResource", store.arn(id));
        if (!body.has("Tags")) {
            throw SsmErrors.validation("1 validation error detected: Value null at 'tags' failed to satisfy constraint: "
                    + "Member must not be null");
        }
        store.addTags(id, tags(body, "Tags"));
        return mapper.createObjectNode();
    }

    private ObjectNode removeTags(EdgeRequest request, ParameterStore store, JsonNode body) {
        String id = resourceId(body);
        request.authorize("ssm:RemoveTagsFromResource", store.arn(id));
        store.removeTags(id, strings(body, "TagKeys", "tagKeys"));
        return mapper.createObjectNode();
    }

    private ObjectNode listTags(EdgeRequest request, ParameterStore store, JsonNode body) {
        String id = resourceId(body);
        request.authorize("ssm:ListTagsForResource", store.arn(id));
        ArrayNode list = mapper.createArrayNode();
        store.tags(id).forEach((k, v) -> list.addObject().put("Key", k).put("Value", v));
        ObjectNode out = mapper.createObjectNode();
        out.set("TagList", list);
        return out;
    }

    private ObjectNode render(EdgeRequest request, ParameterStore store, ParameterVersion p, ParameterReference ref, boolean decrypt) {
        String arn = store.arn(p.name());
        ObjectNode node = mapper.createObjectNode();
        node.put("Name", p.name());
        node.put("Type", p.type().wireName());
        node.put("Value", p.isSecure() && decrypt ? decrypt(request, p, arn) : p.storedValue());
        node.put("Version", p.version());
        if (ref != null && ref.selector() != null) {
            node.put("Selector", ref.selectorSuffix());
        }
        node.put("LastModifiedDate", epochSeconds(p.lastModified()));
        node.put("ARN", arn);
        node.put("DataType", p.dataType());
        return node;
    }

    private ObjectNode metadata(ParameterStore store, ParameterVersion p) {
        ObjectNode node = mapper.createObjectNode();
        node.put("Name", p.name());
        node.put("ARN", store.arn(p.name()));
        node.put("Type", p.type().wireName());
        if (p.isSecure()) {
            node.put("KeyId", p.keyId());
        }
        node.put("LastModifiedDate", epochSeconds(p.lastModified()));
        node.put("LastModifiedUser", p.lastModifiedUser());
        if (p.description() != null) {
            node.put("Description", p.description());
        }
        if (p.allowedPattern() != null) {
            node.put("AllowedPattern", p.allowedPattern());
        }
        node.put("Version", p.version());
        node.put("Tier", p.tier().wireName());
        node.putArray("Policies");
        node.put("DataType", p.dataType());
        return node;
    }

    private String decrypt(EdgeRequest request, ParameterVersion p, String parameterArn) {
        request.authorize("kms:Decrypt", p.key().arn(), kmsConditions(request, parameterArn));
        return kms.decrypt(p.key(), parameterArn, p.storedValue());
    }

    private ParameterStore.Encryptor encryptor(EdgeRequest request) {
        return new ParameterStore.Encryptor() {
            @Override
            public LocalKms.ResolvedKey resolve(String keyId) {
                return kms.resolve(request.accountId(), request.region(), keyId);
            }

            @Override
            public String encrypt(LocalKms.ResolvedKey key, String parameterArn, String plaintext) {
                request.authorize("kms:Encrypt", key.arn(), kmsConditions(request, parameterArn));
                return kms.encrypt(key, parameterArn, plaintext);
            }
        };
    }

    private static Map<String, String> kmsConditions(EdgeRequest request, String parameterArn) {
        return Map.of("kms:ViaService", "ssm." + request.region() + ".amazonaws.com",
                "kms:EncryptionContext:PARAMETER_ARN", parameterArn);
    }

    private Instant now() {
        return context.clock().instant();
    }

    private static BigDecimal epochSeconds(Instant instant) {
        return BigDecimal.valueOf(instant.toEpochMilli()).movePointLeft(3);
    }

    private static String text(JsonNode body, String field) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return null;
        }
        if (!node.isTextual()) {
            throw new AwsException(400, "SerializationException", "Field " + field + " must be a string.");
        }
        return node.asText();
    }

    private static String required(JsonNode body, String field, String memberName) {
        String value = text(body, field);
        if (value == null) {
            throw SsmErrors.validation("1 validation error detected: Value null at '" + memberName
                    + "' failed to satisfy constraint: Member must not be null");
        }
        return value;
    }

    private static List<String> strings(JsonNode body, String field, String memberName) {
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            throw SsmErrors.validation("1 validation error detected: Value null at '" + memberName
                    + "' failed to satisfy constraint: Member must not be null");
        }
        if (!node.isArray()) {
            throw new AwsException(400, "SerializationException", "Field " + field + " must be a list of strings.");
        }
        List<String> values = new ArrayList<>();
        node.forEach(v -> values.add(v.asText()));
        return values;
    }

    private static List<String> names(JsonNode body) {
        List<String> names = strings(body, "Names", "names");
        if (names.isEmpty() || names.size() > 10) {
            throw SsmErrors.validation("1 validation error detected: Value at 'names' failed to satisfy constraint: Member must have "
                    + (names.isEmpty() ? "length greater than or equal to 1" : "length less than or equal to 10")
                    + " (was " + names.size() + " names)");
        }
        return names;
    }

    private static int maxResults(JsonNode body, int defaultValue, int limit) {
        JsonNode node = body.get("MaxResults");
        if (node == null || node.isNull()) {
            return defaultValue;
        }
        int max = node.asInt();
        if (max < 1 || max > limit) {
            throw SsmErrors.validation("1 validation error detected: Value '" + max + "' at 'maxResults' failed to satisfy constraint: "
                    + "Member must have value " + (max < 1 ? "greater than or equal to 1" : "less than or equal to " + limit));
        }
        return max;
    }

    private static List<ParameterFilter> filters(JsonNode body, String field, boolean legacy) {
        JsonNode node = body.get(field);
        List<ParameterFilter> filters = new ArrayList<>();
        if (node == null || node.isNull()) {
            return filters;
        }
        for (JsonNode f : node) {
            List<String> values = new ArrayList<>();
            f.path("Values").forEach(v -> values.add(v.asText()));
            String option = legacy ? "Equals" : (f.hasNonNull("Option") ? f.get("Option").asText() : null);
            filters.add(new ParameterFilter(f.path("Key").asText(null), option, values));
        }
        return filters;
    }

    private static Map<String, String> tags(JsonNode body, String field) {
        Map<String, String> tags = new LinkedHashMap<>();
        JsonNode node = body.get(field);
        if (node == null || node.isNull()) {
            return tags;
        }
        for (JsonNode tag : node) {
            tags.put(tag.path("Key").asText(null), tag.path("Value").asText(null));
        }
        return tags;
    }

    private static String resourceId(JsonNode body) {
        String type = required(body, "ResourceType", "resourceType");
        if (!"Parameter".equals(type)) {
            throw SsmErrors.invalidResourceType(type);
        }
        return required(body, "ResourceId", "resourceId");
    }
}
