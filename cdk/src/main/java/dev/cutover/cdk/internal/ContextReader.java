package dev.cutover.cdk.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cutover.cdk.CdkException;
import dev.cutover.cdk.CutoverSettings;
import dev.cutover.cdk.ReplicationSettings;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import dev.cutover.config.Table;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import software.constructs.Node;

/** Reads {@link CutoverSettings} from CDK context and applies the context's overrides to the config file. */
public final class ContextReader {
    static final String DEFAULT_ROUTER_JAR = "../router/target/cutover-router-lambda.jar";
    static final String DEFAULT_MIGRATION_JAR = "../migrations/target/cutover-migrations-lambda.jar";
    static final String DEFAULT_REPLICATOR_JAR = "../migrations/target/cutover-migrations-lambda.jar";
    static final String DEFAULT_ROUTER_HANDLER = "dev.cutover.router.RouterHandler::handleRequest";
    private static final Set<String> LEGACY_NAME_KEYS = Set.of("roleArn", "migrationRoleArn", "replicationRoleArn",
            "reverseReplicationRoleArn", "tables", "queues", "parameters", "kmsKeyArns");
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());
    private static final ObjectMapper JSON = new ObjectMapper();

    private final Node node;
    private final Path baseDir;

    public ContextReader(Node node, Path baseDir) {
        this.node = node;
        this.baseDir = baseDir;
    }

    public CutoverSettings read() {
        String configFile = string(CutoverSettings.CONFIG_FILE, null);
        String sourceName = configFile == null ? "example.yaml" : configFile;
        ObjectNode tree = parseTree(configFile == null ? CutoverConfig.exampleText() : readFile(configFile), sourceName);
        applyOverrides(tree);
        String json;
        try {
            json = JSON.writeValueAsString(tree);
        } catch (JsonProcessingException e) {
            throw new CdkException("cannot write the effective configuration as JSON: " + e.getOriginalMessage(), e);
        }
        CutoverConfig config = CutoverConfig.parse(json, sourceName + " (with context overrides)");
        return new CutoverSettings(config, json,
                resolve(string(CutoverSettings.ROUTER_JAR, DEFAULT_ROUTER_JAR)),
                string(CutoverSettings.ROUTER_HANDLER, DEFAULT_ROUTER_HANDLER),
                bool(CutoverSettings.SNAP_START),
                string(CutoverSettings.ROUTER_FUNCTION_NAME, "cutover-router"),
                string(CutoverSettings.ROUTER_ROLE_NAME, "cutover-router"),
                string(CutoverSettings.MIGRATION_ROLE_NAME, "cutover-migration"),
                resolve(string(CutoverSettings.MIGRATION_JAR, DEFAULT_MIGRATION_JAR)),
                string(CutoverSettings.CHECKPOINT_TABLE_NAME, "cutover-checkpoints"),
                integer(CutoverSettings.MIGRATION_CONCURRENCY, 8),

                replication(config),
                bool(CutoverSettings.REVERSE_REPLICATION),
                importedTables(config),
                string(CutoverSettings.EXPORT_BUCKET, null),
                string(CutoverSettings.EXPORT_PREFIX, "cutover-export"));
    }

    /**
     * The logical names of the new tables named in {@code importedTables} (comma separated; each a logical name or the new
     * table's name). An unknown name fails here, with the names that would do.
     */
    private Set<String> importedTables(CutoverConfig config) {
        String value = string(CutoverSettings.IMPORTED_TABLES, "");
        Set<String> logical = new TreeSet<>();
        Map<String, Table> tables = config.resources(Side.NEW).tables();
        for (String raw : value.split(",")) {
            String name = raw.trim();
            if (name.isEmpty()) {
                continue;
            }
            String found = null;
            for (Map.Entry<String, Table> e : tables.entrySet()) {
                if (e.getKey().equals(name) || e.getValue().name().equals(name)) {
                    found = e.getKey();
                }
            }
            if (found == null) {
                throw new CdkException("context key '" + CutoverSettings.IMPORTED_TABLES + "' names table '" + name + "', which the"
                        + " new account's configuration does not have; use logical names or new table names from " + tables.keySet());
            }
            logical.add(found);
        }
        return logical;
    }

    private ReplicationSettings replication(CutoverConfig config) {
        if (!bool(CutoverSettings.REPLICATION)) {
            return ReplicationSettings.disabled();
        }
        Object arns = node.tryGetContext(CutoverSettings.LEGACY_STREAM_ARNS);
        Map<String, String> streams = new LinkedHashMap<>();
        if (arns != null) {
            JsonNode tree = arns instanceof String text ? parseJson(text) : JSON.valueToTree(arns);
            tree.fields().forEachRemaining(e -> streams.put(e.getKey(), e.getValue().asText()));
        }
        return ReplicationSettings.enabled(config, streams, resolve(string(CutoverSettings.REPLICATOR_JAR, DEFAULT_REPLICATOR_JAR)));
    }

    private static JsonNode parseJson(String text) {
        try {
            return JSON.readTree(text);
        } catch (JsonProcessingException e) {
            throw new CdkException("context key '" + CutoverSettings.LEGACY_STREAM_ARNS + "' must be a JSON object {\"items\": "
                    + "\"arn:aws:dynamodb:...:table/NAME/stream/LABEL\"}: " + e.getOriginalMessage(), e);
        }
    }

    private String readFile(String configFile) {
        Path path = resolve(configFile);
        if (!Files.isRegularFile(path)) {
            throw new CdkException("context key '" + CutoverSettings.CONFIG_FILE + "' names " + path.toAbsolutePath()
                    + ", which is not a file; set it in cdk.context.json or with -c configFile=PATH (relative to cdk/)");
        }
        try {
            return Files.readString(path);
        } catch (IOException e) {
            throw new CdkException("cannot read configuration file " + path + ": " + e.getMessage(), e);
        }
    }

    private static ObjectNode parseTree(String text, String sourceName) {
        try {
            JsonNode root = YAML.readTree(text);
            if (root instanceof ObjectNode object) {
                return object;
            }
        } catch (JsonProcessingException e) {
            // CutoverConfig.parse reports the same text's syntax error with its line number.
            CutoverConfig.parse(text, sourceName);
        }
        throw new CdkException(sourceName + " must contain a mapping with region, accounts, resources, appConfig and operations");
    }

    /** otherAccountId replaces the new account id; legacyNames replaces names of what the legacy account already has. */
    private void applyOverrides(ObjectNode tree) {
        String otherAccountId = string(CutoverSettings.OTHER_ACCOUNT_ID, null);
        if (otherAccountId != null) {
            ((ObjectNode) object(tree, "accounts", "new")).put("accountId", otherAccountId);
        }
        JsonNode names = jsonContext(CutoverSettings.LEGACY_NAMES);
        if (names == null) {
            return;
        }
        if (!names.isObject()) {
            throw new CdkException("context key 'legacyNames' must be an object such as {\"tables\": {\"items\": \"my-table\"}}, but was "
                    + names);
        }
        for (Iterator<String> it = names.fieldNames(); it.hasNext(); ) {
            String key = it.next();
            if (!LEGACY_NAME_KEYS.contains(key)) {
                throw new CdkException("context key 'legacyNames." + key + "' is not known; use one of " + LEGACY_NAME_KEYS);
            }
        }
        for (String role : List.of("roleArn", "migrationRoleArn", "replicationRoleArn", "reverseReplicationRoleArn")) {
            if (names.has(role)) {
                ((ObjectNode) object(tree, "accounts", "legacy")).put(role, names.get(role).asText());
            }
        }
        JsonNode legacy = object(tree, "resources", "legacy");
        replace(legacy, names, "tables", "tables", "name");
        replace(legacy, names, "queues", "queues", "name");
        replace(legacy, names, "parameters", "parameters", "path");
        replace(legacy, names, "kmsKeyArns", "parameters", "kmsKeyArn");
    }

    private static void replace(JsonNode legacy, JsonNode names, String namesKey, String resourceKind, String field) {
        JsonNode entries = names.get(namesKey);
        if (entries == null) {
            return;
        }
        JsonNode resources = legacy.get(resourceKind);
        for (Iterator<Map.Entry<String, JsonNode>> it = entries.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> entry = it.next();
            JsonNode resource = resources == null ? null : resources.get(entry.getKey());
            if (!(resource instanceof ObjectNode target)) {
                throw new CdkException("context key 'legacyNames." + namesKey + "." + entry.getKey() + "' names no legacy "
                        + resourceKind + " of the config; known: " + (resources == null ? "[]" : fieldNames(resources)));
            }
            target.put(field, entry.getValue().asText());
        }
    }

    private static String fieldNames(JsonNode node) {
        StringBuilder out = new StringBuilder("[");
        node.fieldNames().forEachRemaining(n -> out.append(out.length() > 1 ? ", " : "").append(n));
        return out.append(']').toString();
    }

    private static JsonNode object(ObjectNode tree, String first, String second) {
        JsonNode node = tree.path(first).path(second);
        if (!node.isObject()) {
            throw new CdkException("the configuration has no '" + first + "." + second + "' mapping to apply context overrides to");
        }
        return node;
    }

    private JsonNode jsonContext(String key) {
        Object value = node.tryGetContext(key);
        if (value == null) {
            return null;
        }
        if (value instanceof String text) {
            try {
                return JSON.readTree(text);
            } catch (JsonProcessingException e) {
                throw new CdkException("context key '" + key + "' is not valid JSON: " + e.getOriginalMessage(), e);
            }
        }
        return JSON.valueToTree(value);
    }

    private String string(String key, String defaultValue) {
        Object value = node.tryGetContext(key);
        if (value == null || value.toString().isBlank()) {
            return defaultValue;
        }
        return value.toString();
    }

    private int integer(String key, int defaultValue) {
        Object value = node.tryGetContext(key);
        if (value == null || value.toString().isBlank()) {
            return defaultValue;
        }
        if (value instanceof Number n) {
            return n.intValue();
        }
        try {
            return Integer.parseInt(value.toString().trim());
        } catch (NumberFormatException e) {
            throw new CdkException("context key '" + key + "' must be a whole number, but was '" + value + "'");
        }
    }

    private boolean bool(String key) {
        Object value = node.tryGetContext(key);
        if (value == null) {
            return false;
        }
        if (value instanceof Boolean b) {
            return b;
        }
        String text = value.toString().trim().toLowerCase(Locale.ROOT);
        if (text.equals("true") || text.equals("false")) {
            return Boolean.parseBoolean(text);
        }
        throw new CdkException("context key '" + key + "' must be true or false, but was '" + value + "'");
    }

    private Path resolve(String path) {
        Path p = Path.of(path);
        return (p.isAbsolute() ? p : baseDir.resolve(p)).normalize();
    }
}
