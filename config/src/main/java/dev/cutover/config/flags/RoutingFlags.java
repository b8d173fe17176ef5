package dev.cutover.config.flags;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.ConfigException;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Operation;
import dev.cutover.config.Side;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The routing flags: one AppConfig feature flag per operation (flag key = operation name) and a
 * global {@value #KILL_SWITCH} flag that, when enabled, sends everything to legacy.
 *
 * <p>Two JSON forms exist. The <b>hosted document</b> (what is stored in an
 * {@code AWS.AppConfig.FeatureFlags} profile) has {@code flags} with attribute constraints and
 * {@code values}; AppConfig validates values against the constraints. The <b>evaluated document</b>
 * (what the appconfigdata API returns) is {@code {"getItem": {"enabled": true, "target": "new", ...}}},
 * with attributes only for enabled flags. A disabled or missing operation flag means legacy.
 */
public record RoutingFlags(boolean killSwitch, Map<String, OperationFlag> operations) {
    public static final String KILL_SWITCH = "killSwitch";
    public static final String TARGET = "target";
    public static final String CANARY_PERCENT = "canaryPercent";
    public static final String SHADOW = "shadow";
    public static final String DUAL_WRITE = "dualWrite";
    /** Optional: the share of requests a shadow read samples (0 to 100, default 100). */
    public static final String SHADOW_PERCENT = "shadowPercent";

    private static final ObjectMapper JSON = new ObjectMapper();

    public RoutingFlags {
        operations = Map.copyOf(operations);
    }

    public static RoutingFlags allLegacy(CutoverConfig config) {
        Map<String, OperationFlag> ops = new LinkedHashMap<>();
        for (Operation op : config.operations()) {
            ops.put(op.name(), OperationFlag.LEGACY);
        }
        return new RoutingFlags(false, ops);
    }

    /** The flag for {@code operation}: legacy when the kill switch is on or the flag is absent. */
    public OperationFlag flag(String operation) {
        if (killSwitch) {
            return OperationFlag.LEGACY;
        }
        return operations.getOrDefault(operation, OperationFlag.LEGACY);
    }

    public RoutingFlags with(String operation, OperationFlag flag) {
        Map<String, OperationFlag> ops = new LinkedHashMap<>(operations);
        ops.put(operation, flag);
        return new RoutingFlags(killSwitch, ops);
    }

    public RoutingFlags withKillSwitch(boolean on) {
        return new RoutingFlags(on, operations);
    }

    /** Parses the evaluated document returned by appconfigdata; throws {@link ConfigException} when it is invalid. */
    public static RoutingFlags fromEvaluated(String json, CutoverConfig config) {
        JsonNode root = readObject(json, "evaluated flags document");
        boolean kill = root.path(KILL_SWITCH).path("enabled").asBoolean(false);
        Map<String, OperationFlag> ops = new LinkedHashMap<>();
        for (Operation op : config.operations()) {
            JsonNode flag = root.get(op.name());
            if (flag == null || !flag.path("enabled").asBoolean(false)) {
                ops.put(op.name(), OperationFlag.LEGACY);
            } else {
                ops.put(op.name(), parseAttributes(flag, "flag '" + op.name() + "'"));
            }
        }
        return new RoutingFlags(kill, ops);
    }

    /** Reads the values of a hosted FeatureFlags document (e.g. the live version, to compare before a change). */
    public static RoutingFlags fromHostedDocument(String json, CutoverConfig config) {
        JsonNode root = readObject(json, "hosted flags document");
        JsonNode values = root.path("values");
        if (!values.isObject()) {
            throw new ConfigException("hosted flags document has no 'values' object");
        }
        return fromEvaluated(values.toString(), config);
    }

    private static OperationFlag parseAttributes(JsonNode flag, String what) {
        JsonNode target = flag.get(TARGET);
        if (target == null || !target.isTextual()) {
            throw new ConfigException(what + " needs attribute 'target' ('legacy' or 'new')");
        }
        Side side;
        try {
            side = Side.fromId(target.asText());
        } catch (IllegalArgumentException e) {
            throw new ConfigException(what + " attribute 'target' must be 'legacy' or 'new', but was '" + target.asText() + "'");
        }
        JsonNode canary = flag.path(CANARY_PERCENT);
        if (!canary.isMissingNode() && !canary.isNumber()) {
            throw new ConfigException(what + " attribute 'canaryPercent' must be a number, but was " + canary);
        }
        JsonNode shadowPercent = flag.path(SHADOW_PERCENT);
        if (!shadowPercent.isMissingNode() && !shadowPercent.isNumber()) {
            throw new ConfigException(what + " attribute 'shadowPercent' must be a number from 0 to 100 (the share of reads"
                    + " compared), but was " + shadowPercent);
        }
        try {
            return new OperationFlag(side, canary.asDouble(0), flag.path(SHADOW).asBoolean(false), flag.path(DUAL_WRITE).asBoolean(false),
                    shadowPercent.asDouble(100));
        } catch (ConfigException e) {
            throw new ConfigException(what + ": " + e.getMessage());
        }
    }

    private static JsonNode readObject(String json, String what) {
        try {
            JsonNode root = JSON.readTree(json);
            if (root == null || !root.isObject()) {
                throw new ConfigException(what + " must be a JSON object");
            }
            return root;
        } catch (JsonProcessingException e) {
            throw new ConfigException(what + " is not valid JSON: " + e.getOriginalMessage());
        }
    }

    /** The hosted {@code AWS.AppConfig.FeatureFlags} document: definitions with attribute constraints, and these values. */
    public String toHostedDocument(CutoverConfig config) {
        ObjectNode root = JSON.createObjectNode();
        root.put("version", "1");
        ObjectNode flags = root.putObject("flags");
        ObjectNode values = root.putObject("values");
        for (Operation op : config.operations()) {
            ObjectNode def = flags.putObject(op.name());
            def.put("name", op.name());
            def.put("description", "Routing of " + op.route() + " (" + op.action().type() + ")");
            ObjectNode attrs = def.putObject("attributes");
            ObjectNode target = attrs.putObject(TARGET).putObject("constraints");
            target.put("type", "string");
            ArrayNode sides = target.putArray("enum");
            sides.add(Side.LEGACY.id()).add(Side.NEW.id());
            target.put("required", true);
            ObjectNode canary = attrs.putObject(CANARY_PERCENT).putObject("constraints");
            canary.put("type", "number");
            canary.put("minimum", 0);
            canary.put("maximum", 100);
            canary.put("required", true);
            attrs.putObject(SHADOW).putObject("constraints").put("type", "boolean").put("required", true);
            attrs.putObject(DUAL_WRITE).putObject("constraints").put("type", "boolean").put("required", true);
            ObjectNode sampling = attrs.putObject(SHADOW_PERCENT).putObject("constraints");
            sampling.put("type", "number");
            sampling.put("minimum", 0);
            sampling.put("maximum", 100);
            sampling.put("required", false);

            OperationFlag flag = operations.getOrDefault(op.name(), OperationFlag.LEGACY);
            ObjectNode value = values.putObject(op.name());
            value.put("enabled", true);
            value.put(TARGET, flag.target().id());
            if (flag.canaryPercent() == Math.rint(flag.canaryPercent())) {
                value.put(CANARY_PERCENT, (long) flag.canaryPercent());
            } else {
                value.put(CANARY_PERCENT, flag.canaryPercent());
            }
            value.put(SHADOW, flag.shadow());
            value.put(DUAL_WRITE, flag.dualWrite());
            if (flag.shadowPercent() < 100) {
                if (flag.shadowPercent() == Math.rint(flag.shadowPercent())) {
                    value.put(SHADOW_PERCENT, (long) flag.shadowPercent());
                } else {
                    value.put(SHADOW_PERCENT, flag.shadowPercent());
                }
            }
        }
        ObjectNode kill = flags.putObject(KILL_SWITCH);
        kill.put("name", KILL_SWITCH);
        kill.put("description", "When enabled, every operation is served by the legacy account, whatever its own flag says.");
        values.putObject(KILL_SWITCH).put("enabled", killSwitch);
        try {
            return JSON.writerWithDefaultPrettyPrinter().writeValueAsString(root);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
