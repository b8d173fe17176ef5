package dev.cutover.config.internal;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import dev.cutover.config.AppConfigLocation;
import dev.cutover.config.Accounts;
import dev.cutover.config.ConfigException;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.HttpRoute;
import dev.cutover.config.JwtAuthorizer;
import dev.cutover.config.KeyAttribute;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.Operation;
import dev.cutover.config.ParameterTree;
import dev.cutover.config.Queue;
import dev.cutover.config.RouteAuth;
import dev.cutover.config.ResponseMapping;
import dev.cutover.config.RouterSettings;
import dev.cutover.config.Side;
import dev.cutover.config.SideResources;
import dev.cutover.config.Table;
import dev.cutover.config.TableIndex;
import dev.cutover.config.Template;
import dev.cutover.config.action.Action;
import dev.cutover.config.action.ParameterAction;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalInt;
import java.util.Set;
import java.util.regex.Pattern;

/** Reads and validates the configuration file. */
public final class ConfigParser {
    private static final Pattern ACCOUNT_ID = Pattern.compile("\\d{12}");
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws:iam::(\\d{12}):role/[\\w+=,.@/-]{1,512}");
    private static final Pattern EXTERNAL_ID = Pattern.compile("[\\w+=,.@:/-]{2,1224}");
    private static final Pattern SESSION_NAME = Pattern.compile("[\\w+=,.@-]{2,64}");
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    private static final Pattern QUEUE_NAME = Pattern.compile("[a-zA-Z0-9_-]{1,75}(\\.fifo)?");
    private static final Pattern PARAMETER_PATH = Pattern.compile("(/[a-zA-Z0-9_.-]+)+");
    private static final Pattern KMS_KEY_ARN = Pattern.compile("arn:aws:kms:[a-z0-9-]+:\\d{12}:key/[a-zA-Z0-9-]+");
    private static final Pattern SHADOW_IGNORE_FIELD = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    /** AppConfig FeatureFlags flag keys: the operation name is the flag key. */
    private static final Pattern FLAG_KEY = Pattern.compile("[a-z][a-zA-Z\\d_-]{0,63}");
    private static final Pattern APPCONFIG_NAME = Pattern.compile("[\\w.-]{1,64}");
    private static final Pattern HTTPS_URL = Pattern.compile("https://[^\\s/?#]+(/[^\\s?#]*)?");
    private static final Duration ROLE_CHAINING_CAP = Duration.ofHours(1);
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

    private ConfigParser() {
    }

    public static CutoverConfig parse(String text, String sourceName) {
        JsonNode root;
        try {
            root = YAML.readTree(text);
        } catch (JsonProcessingException e) {
            throw new ConfigException(sourceName + " is not valid YAML or JSON: " + e.getOriginalMessage()
                    + (e.getLocation() == null ? "" : " at line " + e.getLocation().getLineNr()), e);
        }
        if (root == null || !root.isObject()) {
            throw new ConfigException(sourceName + " must contain a mapping with region, accounts, resources, appConfig and operations");
        }
        try {
            return parse(new Node(root, ""));
        } catch (ConfigException e) {
            throw new ConfigException(sourceName + ": " + e.getMessage(), e);
        }
    }

    private static CutoverConfig parse(Node root) {
        root.allowOnly("region", "accounts", "resources", "appConfig", "router", "jwtAuthorizer", "operations");
        String region = root.matching("region", REGION, "an AWS region such as 'us-east-1'");
        Accounts accounts = accounts(root.object("accounts"));
        Node resourcesNode = root.object("resources").allowOnly("legacy", "new");
        Map<Side, SideResources> resources = new EnumMap<>(Side.class);
        for (Side side : Side.values()) {
            resources.put(side, sideResources(resourcesNode.object(side.id())));
        }
        checkSidesAgree(resources);
        AppConfigLocation appConfig = appConfig(root.object("appConfig"));
        RouterSettings router = root.optionalObject("router").map(ConfigParser::router).orElse(RouterSettings.defaults());
        Optional<JwtAuthorizer> jwt = root.optionalObject("jwtAuthorizer").map(ConfigParser::jwtAuthorizer);
        List<Operation> operations = operations(root, resources, jwt.isPresent());
        return new CutoverConfig(region, accounts, resources, appConfig, operations, router, jwt);
    }

    private static JwtAuthorizer jwtAuthorizer(Node node) {
        node.allowOnly("issuer", "audience");
        String issuer = node.matching("issuer", HTTPS_URL, "the token issuer as an https URL, e.g."
                + " 'https://cognito-idp.us-east-1.amazonaws.com/us-east-1_AbCdEf123'");
        List<String> audience = node.strings("audience");
        if (audience.isEmpty() || audience.stream().anyMatch(String::isBlank)) {
            throw new ConfigException(node.path() + ".audience must list at least one accepted audience (e.g. the app client id),"
                    + " but was " + audience);
        }
        return new JwtAuthorizer(issuer, audience);
    }

    private static Accounts accounts(Node node) {
        node.allowOnly("legacy", "new");
        Node legacy = node.object("legacy").allowOnly("accountId", "roleArn", "migrationRoleArn", "replicationRoleArn",
                "reverseReplicationRoleArn", "externalId", "sessionName", "sessionDuration", "prefetchTime", "staleTime");
        String legacyId = legacy.matching("accountId", ACCOUNT_ID, "a 12-digit account id (quote it in YAML)");
        String roleArn = roleArn(legacy, "roleArn", legacyId);
        String migrationRoleArn = legacy.has("migrationRoleArn") ? roleArn(legacy, "migrationRoleArn", legacyId) : null;
        String replicationRoleArn = legacy.has("replicationRoleArn") ? roleArn(legacy, "replicationRoleArn", legacyId) : null;
        String reverseReplicationRoleArn = legacy.has("reverseReplicationRoleArn")
                ? roleArn(legacy, "reverseReplicationRoleArn", legacyId) : null;
        String externalId = legacy.matching("externalId", EXTERNAL_ID, "2 to 1224 characters of [A-Za-z0-9+=,.@:/_-]");
        String sessionName = legacy.matching("sessionName", SESSION_NAME, "2 to 64 characters of [A-Za-z0-9+=,.@_-]");
        Duration duration = legacy.duration("sessionDuration", ROLE_CHAINING_CAP);
        if (duration.compareTo(Duration.ofMinutes(15)) < 0 || duration.compareTo(ROLE_CHAINING_CAP) > 0) {
            throw new ConfigException(legacy.path() + ".sessionDuration must be between 15m and 1h (a Lambda role assuming"
                    + " another role is role chaining, which AWS caps at one hour), but was " + duration);
        }
        Duration prefetch = legacy.duration("prefetchTime", Duration.ofMinutes(5));
        Duration stale = legacy.duration("staleTime", Duration.ofMinutes(1));
        if (stale.isNegative() || stale.isZero() || prefetch.compareTo(stale) <= 0) {
            throw new ConfigException(legacy.path() + ".prefetchTime (" + prefetch + ") must be longer than staleTime ("
                    + stale + "), and staleTime must be positive");
        }
        if (prefetch.compareTo(duration) >= 0) {
            throw new ConfigException(legacy.path() + ".prefetchTime (" + prefetch + ") must be shorter than sessionDuration ("
                    + duration + "), or every call would refresh the credentials");
        }
        Node newNode = node.object("new").allowOnly("accountId");
        String newId = newNode.matching("accountId", ACCOUNT_ID, "a 12-digit account id (quote it in YAML)");
        if (newId.equals(legacyId)) {
            throw new ConfigException(newNode.path() + ".accountId must differ from the legacy account id, but both are " + newId);
        }
        return new Accounts(LegacyAccount.builder().accountId(legacyId).roleArn(roleArn).migrationRoleArn(migrationRoleArn)
                .replicationRoleArn(replicationRoleArn).reverseReplicationRoleArn(reverseReplicationRoleArn).externalId(externalId)
                .sessionName(sessionName).sessionDuration(duration)
                .prefetchTime(prefetch).staleTime(stale).build(), newId);
    }

    /** A role of the legacy account: the router's (roleArn), the migration jobs' or the replicator's. */
    private static String roleArn(Node legacy, String field, String legacyId) {
        String arn = legacy.matching(field, ROLE_ARN, "an IAM role ARN such as 'arn:aws:iam::111111111111:role/name'");
        var m = ROLE_ARN.matcher(arn);
        if (m.matches() && !m.group(1).equals(legacyId)) {
            throw new ConfigException(legacy.path() + "." + field + " must be a role in the legacy account " + legacyId
                    + ", but was in account " + m.group(1));
        }
        return arn;
    }

    private static SideResources sideResources(Node node) {
        node.allowOnly("tables", "queues", "parameters");
        Map<String, Table> tables = new LinkedHashMap<>();
        node.entries("tables").forEach((logical, t) -> tables.put(logical, table(t)));
        Map<String, Queue> queues = new LinkedHashMap<>();
        node.entries("queues").forEach((logical, q) -> {
            q.allowOnly("name");
            String name = q.matching("name", QUEUE_NAME, "an SQS queue name: 1 to 80 of [A-Za-z0-9_-], '.fifo' for FIFO");
            queues.put(logical, new Queue(name, name.endsWith(".fifo")));
        });
        Map<String, ParameterTree> parameters = new LinkedHashMap<>();
        node.entries("parameters").forEach((logical, p) -> {
            p.allowOnly("path", "kmsKeyArn", "remapKmsKeyArns");
            String path = p.matching("path", PARAMETER_PATH, "an SSM path such as '/legacy/shop' (no trailing '/')");
            Optional<String> key = p.has("kmsKeyArn")
                    ? Optional.of(p.matching("kmsKeyArn", KMS_KEY_ARN, "a KMS key ARN 'arn:aws:kms:REGION:ACCOUNT:key/ID'"))
                    : Optional.empty();
            List<String> remaps = p.strings("remapKmsKeyArns");
            for (int i = 0; i < remaps.size(); i++) {
                if (!KMS_KEY_ARN.matcher(remaps.get(i)).matches()) {
                    throw new ConfigException(p.path() + ".remapKmsKeyArns[" + i + "] must be a KMS key ARN"
                            + " 'arn:aws:kms:REGION:ACCOUNT:key/ID' (the key migrate ssm --kms-key names), but was '"
                            + remaps.get(i) + "'");
                }
            }
            parameters.put(logical, new ParameterTree(path, key, remaps));
        });
        return new SideResources(tables, queues, parameters);
    }

    private static Table table(Node node) {
        node.allowOnly("name", "partitionKey", "sortKey", "indexes");
        String name = node.matching("name", TABLE_NAME, "a DynamoDB table name: 3 to 255 of [A-Za-z0-9_.-]");
        KeyAttribute pk = key(node.object("partitionKey"));
        Optional<KeyAttribute> sk = node.optionalObject("sortKey").map(ConfigParser::key);
        List<TableIndex> indexes = new ArrayList<>();
        for (Node index : node.list("indexes")) {
            index.allowOnly("name", "partitionKey", "sortKey");
            indexes.add(new TableIndex(index.matching("name", TABLE_NAME, "an index name: 3 to 255 of [A-Za-z0-9_.-]"),
                    key(index.object("partitionKey")), index.optionalObject("sortKey").map(ConfigParser::key)));
        }
        return new Table(name, pk, sk, indexes);
    }

    private static KeyAttribute key(Node node) {
        node.allowOnly("name", "type");
        String type = node.string("type", "S");
        if (!Set.of("S", "N", "B").contains(type)) {
            throw new ConfigException(node.path() + ".type must be S, N or B, but was '" + type + "'");
        }
        return new KeyAttribute(node.string("name"), type);
    }

    private static void checkSidesAgree(Map<Side, SideResources> resources) {
        SideResources legacy = resources.get(Side.LEGACY);
        SideResources target = resources.get(Side.NEW);
        sameNames("tables", legacy.tables().keySet(), target.tables().keySet());
        sameNames("queues", legacy.queues().keySet(), target.queues().keySet());
        sameNames("parameters", legacy.parameters().keySet(), target.parameters().keySet());
        legacy.tables().forEach((logical, l) -> {
            Table n = target.tables().get(logical);
            if (!l.partitionKey().equals(n.partitionKey()) || !l.sortKey().equals(n.sortKey())) {
                throw new ConfigException("resources.new.tables." + logical + " key schema " + schema(n)
                        + " must match resources.legacy.tables." + logical + " key schema " + schema(l));
            }
        });
        legacy.queues().forEach((logical, l) -> {
            if (l.fifo() != target.queues().get(logical).fifo()) {
                throw new ConfigException("resources.*.queues." + logical + " must be FIFO on both sides or on neither");
            }
        });
    }

    private static String schema(Table t) {
        return t.partitionKey().name() + ":" + t.partitionKey().type() + t.sortKey().map(s -> ", " + s.name() + ":" + s.type()).orElse("");
    }

    private static void sameNames(String kind, Set<String> legacy, Set<String> target) {
        if (!legacy.equals(target)) {
            throw new ConfigException("resources.legacy." + kind + " " + legacy + " and resources.new." + kind + " " + target
                    + " must name the same logical resources");
        }
    }

    private static AppConfigLocation appConfig(Node node) {
        node.allowOnly("application", "environment", "profile", "pollInterval");
        String rule = "1 to 64 of [A-Za-z0-9_.-]";
        Duration poll = positiveDuration(node, "pollInterval", Duration.ofSeconds(15));
        return new AppConfigLocation(node.matching("application", APPCONFIG_NAME, rule),
                node.matching("environment", APPCONFIG_NAME, rule), node.matching("profile", APPCONFIG_NAME, rule), poll);
    }

    private static Duration positiveDuration(Node node, String name, Duration defaultValue) {
        Duration value = node.duration(name, defaultValue);
        if (value.isNegative() || value.isZero()) {
            throw new ConfigException(node.path() + "." + name + " must be positive (e.g. 500ms, 5s), but was " + value);
        }
        return value;
    }

    private static RouterSettings router(Node node) {
        node.allowOnly("maxBodyBytes", "secondaryTimeout", "backendTimeout", "defaultSide");
        RouterSettings d = RouterSettings.defaults();
        int maxBody = node.integer("maxBodyBytes", d.maxBodyBytes(), 1, 6 * 1024 * 1024);
        Duration secondary = positiveDuration(node, "secondaryTimeout", d.secondaryTimeout());
        Duration backend = positiveDuration(node, "backendTimeout", d.backendTimeout());
        String side = node.string("defaultSide", d.defaultSide().id());
        Side defaultSide;
        try {
            defaultSide = Side.fromId(side);
        } catch (IllegalArgumentException e) {
            throw new ConfigException(node.path() + ".defaultSide must be 'legacy' or 'new', but was '" + side + "'");
        }
        return new RouterSettings(maxBody, secondary, backend, defaultSide);
    }

    private static List<Operation> operations(Node root, Map<Side, SideResources> resources, boolean hasJwtAuthorizer) {
        List<Node> nodes = root.list("operations");
        if (nodes.isEmpty()) {
            throw new ConfigException("operations must list at least one operation");
        }
        List<Operation> out = new ArrayList<>();
        Set<String> names = new HashSet<>();
        Map<String, String> shapes = new LinkedHashMap<>();
        for (Node node : nodes) {
            node.allowOnly("name", "route", "action", "routingKey", "auth", "response", "shadowIgnore");
            String name = node.matching("name", FLAG_KEY,
                    "a flag key: a lower-case letter then up to 63 of [A-Za-z0-9_-] (it names the operation's AppConfig flag)");
            if (name.equals(dev.cutover.config.flags.RoutingFlags.KILL_SWITCH)) {
                throw new ConfigException(node.path() + ".name '" + name + "' is reserved for the global kill switch flag");
            }
            if (!names.add(name)) {
                throw new ConfigException(node.path() + ".name '" + name + "' is used by another operation");
            }
            HttpRoute route;
            try {
                route = HttpRoute.parse(node.string("route"));
            } catch (ConfigException e) {
                throw new ConfigException(node.path() + ".route " + e.getMessage());
            }
            String shape = route.method() + " " + route.pathTemplate().replaceAll("\\{[^}]+}", "{}");
            String clash = shapes.put(shape, name);
            if (clash != null) {
                throw new ConfigException(node.path() + ".route '" + route + "' matches the same requests as operation '" + clash + "'");
            }
            Action action = action(node.object("action"), route, resources.get(Side.LEGACY));
            Template routingKey;
            if (node.has("routingKey")) {
                routingKey = template(node, "routingKey", route);
            } else if (!route.variables().isEmpty()) {
                routingKey = Template.parse("{" + route.variables().get(0) + "}");
            } else {
                throw new ConfigException(node.path() + ".routingKey is required when the route has no path variable:"
                        + " name the request value that keeps a caller on one side, e.g. '{body.customerId}'");
            }
            Optional<ResponseMapping> response = node.optionalObject("response").map(r -> response(r, action));
            out.add(new Operation(name, route, action, routingKey, auth(node, name, action, hasJwtAuthorizer), response,
                    shadowIgnore(node)));
        }
        return out;
    }

    private static ResponseMapping response(Node node, Action action) {
        node.allowOnly("status", "headers", "body");
        OptionalInt status = OptionalInt.empty();
        if (node.has("status")) {
            JsonNode raw = node.raw("status");
            if (!raw.isInt()) {
                throw new ConfigException(node.path() + ".status must be a whole number such as 200, but was '" + raw + "'");
            }
            status = OptionalInt.of(raw.asInt());
        }
        Map<String, String> headers = new LinkedHashMap<>();
        node.entries("headers").forEach((name, value) -> headers.put(name, value.text()));
        return ResponseMapping.checked(status, headers, node.raw("body"), action.type(), node.path());
    }

    private static List<String> shadowIgnore(Node node) {
        JsonNode raw = node.raw("shadowIgnore");
        if (raw == null) {
            return Operation.DEFAULT_SHADOW_IGNORE;
        }
        if (!raw.isArray()) {
            throw new ConfigException(node.path() + ".shadowIgnore must be a list of field names or dotted paths, e.g."
                    + " [version, item.updatedAt], but was '" + raw + "'");
        }
        List<String> out = new ArrayList<>();
        for (int i = 0; i < raw.size(); i++) {
            JsonNode field = raw.get(i);
            if (!field.isTextual() || !SHADOW_IGNORE_FIELD.matcher(field.asText()).matches()) {
                throw new ConfigException(node.path() + ".shadowIgnore[" + i + "] must be a field name or a dotted path of names"
                        + " (letters, digits, '_', '-'), e.g. 'updatedAt' or 'item.updatedAt', but was '" + field.asText() + "'");
            }
            out.add(field.asText());
        }
        return out;
    }

    /**
     * The operation's {@code auth}: none (default), iam or jwt. An operation that answers decrypted SecureStrings may not be
     * open: anyone who finds the URL would read the secret.
     */
    private static RouteAuth auth(Node node, String name, Action action, boolean hasJwtAuthorizer) {
        String text = node.string("auth", RouteAuth.NONE.id());
        RouteAuth auth = null;
        for (RouteAuth candidate : RouteAuth.values()) {
            if (candidate.id().equals(text)) {
                auth = candidate;
            }
        }
        if (auth == null) {
            throw new ConfigException(node.path() + ".auth must be 'none', 'iam' or 'jwt', but was '" + text + "'");
        }
        if (auth == RouteAuth.JWT && !hasJwtAuthorizer) {
            throw new ConfigException(node.path() + ".auth is 'jwt', but the file has no jwtAuthorizer: add"
                    + " 'jwtAuthorizer: {issuer: https://..., audience: [CLIENT_ID]}' at the top level, or use auth: iam");
        }
        if (auth.isOpen() && action instanceof ParameterAction p && p.decrypt()) {
            throw new ConfigException(node.path() + " (" + name + ") answers decrypted SecureStrings (" + action.type()
                    + " with decrypt) on an open route: set 'auth: iam' or 'auth: jwt' so that only authorized callers read"
                    + " them, or 'decrypt: false'");
        }
        return auth;
    }

    private static Action action(Node node, HttpRoute route, SideResources resources) {
        return Action.parse(new ActionSyntax(node, route, resources));
    }

    private static Template template(Node parent, String field, HttpRoute route) {
        String text = parent.string(field);
        try {
            return checked(Template.parse(text), route, parent.path() + "." + field);
        } catch (ConfigException e) {
            throw new ConfigException(parent.path() + "." + field + ": " + e.getMessage());
        }
    }

    private static Template checked(Template template, HttpRoute route, String path) {
        for (Template.Ref ref : template.refs()) {
            if (ref.source() == Template.Source.PATH && !route.variables().contains(ref.name())) {
                throw new ConfigException("uses {" + ref.name() + "}, which is not a variable of route '" + route
                        + "'; variables: " + route.variables());
            }
            if (ref.source() == Template.Source.BODY && (route.method().equals("GET") || route.method().equals("DELETE"))) {
                throw new ConfigException(path + " uses {body." + ref.name() + "}, but " + route.method() + " requests have no body");
            }
        }
        return template;
    }
}
