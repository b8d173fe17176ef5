package dev.cutover.sandbox.internal.appconfig;

import static dev.cutover.sandbox.internal.appconfig.RestJson.iso8601;
import static dev.cutover.sandbox.internal.appconfig.RestJson.field;
import static dev.cutover.sandbox.internal.appconfig.RestJson.json;
import static dev.cutover.sandbox.internal.appconfig.RestJson.object;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.EdgeRequest;
import dev.cutover.sandbox.internal.edge.EdgeResponse;
import dev.cutover.sandbox.internal.edge.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * The AppConfig control plane (signing name "appconfig", REST-JSON): applications, environments,
 * hosted configuration profiles and versions, deployment strategies and deployments — enough to
 * change flags the way an operator does. Unimplemented operations answer BadRequestException
 * naming the route.
 */
final class AppConfigControlPlaneService implements AwsService {

    private static final int MAX_CONTENT_BYTES = 2 * 1024 * 1024;
    private static final Pattern VERSION_LABEL = Pattern.compile(".*[^0-9].*");
    private static final Set<String> PROFILE_TYPES = Set.of(ConfigurationProfile.FEATURE_FLAGS, ConfigurationProfile.FREEFORM);
    private static final Set<String> VALIDATOR_TYPES = Set.of("JSON_SCHEMA", "LAMBDA");

    /** A resolved route: the operation and the ids taken from the path, in path order. */
    private record Route(String operation, List<String> ids) {
    }

    private final AppConfigStore store;
    private final FeatureFlagsValidator validator = new FeatureFlagsValidator(RestJson.MAPPER);

    AppConfigControlPlaneService(AppConfigStore store) {
        this.store = store;
    }

    @Override
    public String signingName() {
        return "appconfig";
    }

    @Override
    public String serviceName() {
        return "appconfig";
    }

    @Override
    public boolean accepts(String method, String path) {
        return !AppConfigDataService.isDataPlane(method, path);
    }

    @Override
    public Protocol protocol(String method, String path, Map<String, String> lowerCaseHeaders) {
        return Protocol.REST_JSON;
    }

    @Override
    public String operationName(EdgeRequest request) {
        Route route = route(request.method(), RestJson.segments(request.path()));
        return route == null ? "Unknown" : route.operation();
    }

    @Override
    public String throttlingErrorCode(String operation) {
        return "ThrottlingException";
    }

    @Override
    public EdgeResponse handle(EdgeRequest request) {
        List<String> segments = RestJson.segments(request.path());
        Route route = route(request.method(), segments);
        if (route == null) {
            throw AppConfigError.badRequest("The sandbox's AppConfig stand-in does not implement " + request.method() + " "
                    + request.path() + "; it supports applications, environments, hosted configuration profiles and versions, "
                    + "deployment strategies and deployments (create, get, list; start/stop deployment)");
        }
        try {
            return dispatch(route, request);
        } catch (AppConfigError e) {
            if (e.hasMembers()) {
                return RestJson.error(e);
            }
            throw e;
        }
    }

    private static Route route(String method, List<String> s) {
        int n = s.size();
        boolean get = "GET".equals(method);
        boolean post = "POST".equals(method);
        if (n >= 1 && "deploymentstrategies".equals(s.get(0))) {
            if (n == 1) {
                return post ? new Route("CreateDeploymentStrategy", List.of())
                        : get ? new Route("ListDeploymentStrategies", List.of()) : null;
            }
            return n == 2 && get ? new Route("GetDeploymentStrategy", List.of(s.get(1))) : null;
        }
        if (n == 0 || !"applications".equals(s.get(0))) {
            return null;
        }
        if (n == 1) {
            return post ? new Route("CreateApplication", List.of()) : get ? new Route("ListApplications", List.of()) : null;
        }
        String app = s.get(1);
        if (n == 2) {
            return get ? new Route("GetApplication", List.of(app)) : null;
        }
        String collection = s.get(2);
        if ("environments".equals(collection)) {
            if (n == 3) {
                return post ? new Route("CreateEnvironment", List.of(app)) : get ? new Route("ListEnvironments", List.of(app)) : null;
            }
            String env = s.get(3);
            if (n == 4) {
                return get ? new Route("GetEnvironment", List.of(app, env)) : null;
            }
            if (!"deployments".equals(s.get(4))) {
                return null;
            }
            if (n == 5) {
                return post ? new Route("StartDeployment", List.of(app, env))
                        : get ? new Route("ListDeployments", List.of(app, env)) : null;
            }
            if (n == 6) {
                String number = s.get(5);
                return get ? new Route("GetDeployment", List.of(app, env, number))
                        : "DELETE".equals(method) ? new Route("StopDeployment", List.of(app, env, number)) : null;
            }
            return null;
        }
        if ("configurationprofiles".equals(collection)) {
            if (n == 3) {
                return post ? new Route("CreateConfigurationProfile", List.of(app))
                        : get ? new Route("ListConfigurationProfiles", List.of(app)) : null;
            }
            String profile = s.get(3);
            if (n == 4) {
                return get ? new Route("GetConfigurationProfile", List.of(app, profile)) : null;
            }
            if (!"hostedconfigurationversions".equals(s.get(4))) {
                return null;
            }
            if (n == 5) {
                return post ? new Route("CreateHostedConfigurationVersion", List.of(app, profile))
                        : get ? new Route("ListHostedConfigurationVersions", List.of(app, profile)) : null;
            }
            return n == 6 && get ? new Route("GetHostedConfigurationVersion", List.of(app, profile, s.get(5))) : null;
        }
        return null;
    }

    private EdgeResponse dispatch(Route route, EdgeRequest request) {
        AppConfigAccount account = store.account(request.accountId());
        List<String> ids = route.ids();
        request.authorize("appconfig:" + route.operation(), arn(request, route));
        return switch (route.operation()) {
            case "CreateApplication" -> createApplication(account, request);
            case "ListApplications" -> list(request, account.applications(), AppConfigControlPlaneService::application);
            case "GetApplication" -> json(200, application(account.application(ids.get(0))));
            case "CreateEnvironment" -> createEnvironment(account, ids.get(0), request);
            case "ListEnvironments" -> list(request, account.environments(ids.get(0)), e -> environment(account, e));
            case "GetEnvironment" -> json(200, environment(account, account.environment(ids.get(0), ids.get(1))));
            case "CreateConfigurationProfile" -> createConfigurationProfile(account, ids.get(0), request);
            case "ListConfigurationProfiles" -> list(request,
                    account.configurationProfiles(ids.get(0), request.queryParam("type").orElse(null)),
                    AppConfigControlPlaneService::profileSummary);
            case "GetConfigurationProfile" -> json(200, profile(account.configurationProfile(ids.get(0), ids.get(1))));
            case "CreateHostedConfigurationVersion" -> createHostedConfigurationVersion(account, ids.get(0), ids.get(1), request);
            case "ListHostedConfigurationVersions" -> list(request,
                    account.hostedConfigurationVersions(ids.get(0), ids.get(1), request.queryParam("version_label").orElse(null)),
                    AppConfigControlPlaneService::versionSummary);
            case "GetHostedConfigurationVersion" -> hostedVersion(200,
                    account.hostedConfigurationVersion(ids.get(0), ids.get(1), number("VersionNumber", ids.get(2))));
            case "CreateDeploymentStrategy" -> createDeploymentStrategy(account, request);
            case "ListDeploymentStrategies" -> list(request, account.deploymentStrategies(), AppConfigControlPlaneService::strategy);
            case "GetDeploymentStrategy" -> json(200, strategy(account.deploymentStrategy(ids.get(0))));
            case "StartDeployment" -> startDeployment(account, ids.get(0), ids.get(1), request);
            case "ListDeployments" -> list(request, account.deployments(ids.get(0), ids.get(1)), d -> deploymentSummary(account, d));
            case "GetDeployment" -> json(200, deployment(account,
                    account.deployment(ids.get(0), ids.get(1), number("DeploymentNumber", ids.get(2)))));
            case "StopDeployment" -> json(202, deployment(account, account.stopDeployment(ids.get(0), ids.get(1),
                    number("DeploymentNumber", ids.get(2)), request.header("allow-revert").map(Boolean::parseBoolean).orElse(false))));
            default -> throw new IllegalStateException("route without handler: " + route.operation());
        };
    }

    /** The resource an action is authorized on, as AppConfig's IAM resource types name them. */
    private static String arn(EdgeRequest request, Route route) {
        String prefix = "arn:aws:appconfig:" + request.region() + ":" + request.accountId() + ":";
        List<String> ids = route.ids();
        return switch (route.operation()) {
            case "CreateApplication", "ListApplications" -> prefix + "application/*";
            case "CreateDeploymentStrategy", "ListDeploymentStrategies" -> prefix + "deploymentstrategy/*";
            case "GetDeploymentStrategy" -> prefix + "deploymentstrategy/" + ids.get(0);
            case "GetApplication", "CreateEnvironment", "ListEnvironments", "CreateConfigurationProfile", "ListConfigurationProfiles" ->
                    prefix + "application/" + ids.get(0);
            case "GetEnvironment", "StartDeployment", "ListDeployments" ->
                    prefix + "application/" + ids.get(0) + "/environment/" + ids.get(1);
            case "GetDeployment", "StopDeployment" ->
                    prefix + "application/" + ids.get(0) + "/environment/" + ids.get(1) + "/deployment/" + ids.get(2);
            case "GetConfigurationProfile", "CreateHostedConfigurationVersion", "ListHostedConfigurationVersions" ->
                    prefix + "application/" + ids.get(0) + "/configurationprofile/" + ids.get(1);
            case "GetHostedConfigurationVersion" -> prefix + "application/" + ids.get(0) + "/configurationprofile/" + ids.get(1)
                    + "/hostedconfigurationversion/" + ids.get(2);
            default -> prefix + "*";
        };
    }

    // ---- operations

    private EdgeResponse createApplication(AppConfigAccount account, EdgeRequest request) {
        JsonNode body = RestJson.body(request);
        Application application = account.createApplication(name(body), description(body));
        return json(201, application(application));
    }

    private EdgeResponse createEnvironment(AppConfigAccount account, String applicationId, EdgeRequest request) {
        JsonNode body = RestJson.body(request);
        String name = name(body);
        String description = description(body);
        JsonNode monitors = field(body, "Monitors");
        if (!monitors.isMissingNode() && (!monitors.isArray() || monitors.size() > 5)) {
            throw AppConfigError.badRequest("Monitors must be a list of at most 5 {AlarmArn, AlarmRoleArn} entries");
        }
        Environment environment = account.createEnvironment(applicationId, name, description,
                monitors.isMissingNode() ? null : monitors.deepCopy());
        return json(201, environment(account, environment));
    }

    private EdgeResponse createConfigurationProfile(AppConfigAccount account, String applicationId, EdgeRequest request) {
        JsonNode body = RestJson.body(request);
        String name = name(body);
        String description = description(body);
        String locationUri = string(body, "LocationUri", 1, 2048, true);
        if (!"hosted".equals(locationUri)) {
            throw AppConfigError.badRequest("LocationUri '" + locationUri + "' is not supported by the sandbox; use \"hosted\" "
                    + "(configurations stored in AppConfig's hosted configuration store)");
        }
        String type = string(body, "Type", 1, 64, false);
        if (type == null) {
            type = ConfigurationProfile.FREEFORM;
        } else if (!PROFILE_TYPES.contains(type)) {
            throw AppConfigError.badRequest("Type must be AWS.Freeform or AWS.AppConfig.FeatureFlags, but was '" + type + "'");
        }
        JsonNode validators = field(body, "Validators");
        if (!validators.isMissingNode()) {
            if (!validators.isArray() || validators.size() > 2) {
                throw AppConfigError.badRequest("Validators must be a list of at most 2 {Type, Content} entries");
            }
            for (int i = 0; i < validators.size(); i++) {
                JsonNode validator = validators.get(i);
                if (!VALIDATOR_TYPES.contains(validator.path("Type").asText()) || validator.path("Content").asText().isEmpty()) {
                    throw AppConfigError.badRequest("Validators[" + i + "] needs Type JSON_SCHEMA or LAMBDA and a non-empty Content");
                }
            }
        }
        String retrievalRoleArn = string(body, "RetrievalRoleArn", 20, 2048, false);
        ConfigurationProfile profile = account.createConfigurationProfile(applicationId, name, description, locationUri, type,
                validators.isMissingNode() ? null : validators.deepCopy(), retrievalRoleArn);
        return json(201, profile(profile));
    }

    private EdgeResponse createHostedConfigurationVersion(AppConfigAccount account, String applicationId, String profileId,
            EdgeRequest request) {
        ConfigurationProfile profile = account.configurationProfile(applicationId, profileId);
        String contentType = request.header("content-type").filter(c -> !c.isBlank())
                .orElseThrow(() -> AppConfigError.badRequest("The Content-Type header is required: it is the MIME type of the "
                        + "configuration, e.g. application/json"));
        String description = request.header("description").orElse(null);
        if (description != null && description.length() > 1024) {
            throw AppConfigError.badRequest("Description must be at most 1024 characters, but had " + description.length());
        }
        String versionLabel = request.header("versionlabel").orElse(null);
        if (versionLabel != null && (versionLabel.isEmpty() || versionLabel.length() > 64
                || !VERSION_LABEL.matcher(versionLabel).matches())) {
            throw AppConfigError.badRequest("VersionLabel must be 1 to 64 characters and not a number (so it cannot be mistaken "
                    + "for a version number), but was '" + versionLabel + "'");
        }
        Integer latest = request.header("latest-version-number").map(v -> number("Latest-Version-Number", v)).orElse(null);
        byte[] content = request.body();
        if (content.length > MAX_CONTENT_BYTES) {
            throw AppConfigError.payloadTooLarge("The configuration is " + content.length + " bytes; hosted configurations may be "
                    + "at most " + MAX_CONTENT_BYTES + " bytes", content.length, MAX_CONTENT_BYTES);
        }
        if (profile.isFeatureFlags()) {
            if (!contentType.toLowerCase(java.util.Locale.ROOT).startsWith(RestJson.JSON)) {
                throw AppConfigError.badRequest("Configuration profile " + profileId + " is of type AWS.AppConfig.FeatureFlags, so "
                        + "its versions must have Content-Type application/json, but was '" + contentType + "'");
            }
            List<ConfigurationProblem> problems = validator.validate(content);
            if (!problems.isEmpty()) {
                throw AppConfigError.invalidConfiguration(problems);
            }
        }
        HostedConfigurationVersion version = account.createHostedConfigurationVersion(applicationId, profileId, description,
                contentType, versionLabel, latest, content);
        return hostedVersion(201, version);
    }

    private EdgeResponse createDeploymentStrategy(AppConfigAccount account, EdgeRequest request) {
        JsonNode body = RestJson.body(request);
        String name = name(body);
        String description = description(body);
        int duration = integer(body, "DeploymentDurationInMinutes", 0, 1440, null);
        int bake = integer(body, "FinalBakeTimeInMinutes", 0, 1440, 0);
        JsonNode growth = field(body, "GrowthFactor");
        if (!growth.isNumber() || growth.floatValue() < 1f || growth.floatValue() > 100f) {
            throw AppConfigError.badRequest("GrowthFactor is required and must be 1.0..100.0 (percent of targets per step), but was "
                    + (growth.isMissingNode() ? "missing" : growth.toString()));
        }
        String growthType = string(body, "GrowthType", 1, 16, false);
        if (growthType == null) {
            growthType = DeploymentStrategy.LINEAR;
        } else if (!DeploymentStrategy.LINEAR.equals(growthType) && !DeploymentStrategy.EXPONENTIAL.equals(growthType)) {
            throw AppConfigError.badRequest("GrowthType must be LINEAR or EXPONENTIAL, but was '" + growthType + "'");
        }
        String replicateTo = string(body, "ReplicateTo", 1, 32, false);
        if (replicateTo != null && !"NONE".equals(replicateTo)) {
            throw AppConfigError.badRequest("ReplicateTo '" + replicateTo + "' is not supported by the sandbox; use NONE");
        }
        DeploymentStrategy strategy = account.createDeploymentStrategy(name, description, duration, bake, growth.floatValue(),
                growthType, "NONE");
        return json(201, strategy(strategy));
    }

    private EdgeResponse startDeployment(AppConfigAccount account, String applicationId, String environmentId, EdgeRequest request) {
        JsonNode body = RestJson.body(request);
        String strategyId = string(body, "DeploymentStrategyId", 1, 128, true);
        String profileId = string(body, "ConfigurationProfileId", 1, 128, true);
        String version = string(body, "ConfigurationVersion", 1, 1024, true);
        String description = description(body);
        Deployment deployment = account.startDeployment(applicationId, environmentId, strategyId, profileId, version, description);
        return json(201, deployment(account, deployment));
    }

    private static <T> EdgeResponse list(EdgeRequest request, List<T> all, Function<? super T, ObjectNode> render) {
        int max = request.queryParam("max_results").map(v -> number("MaxResults", v)).orElse(50);
        if (max < 1 || max > 50) {
            throw AppConfigError.badRequest("MaxResults must be 1..50, but was " + max);
        }
        int from = request.queryParam("next_token").map(AppConfigControlPlaneService::offset).orElse(0);
        ObjectNode body = object();
        ArrayNode items = body.putArray("Items");
        int to = Math.min(all.size(), from + max);
        for (int i = from; i < to; i++) {
            items.add(render.apply(all.get(i)));
        }
        if (to < all.size()) {
            body.put("NextToken", Base64.getUrlEncoder().encodeToString(Integer.toString(to).getBytes(StandardCharsets.UTF_8)));
        }
        return json(200, body);
    }

    private static int offset(String token) {
        try {
            return Integer.parseInt(new String(Base64.getUrlDecoder().decode(token), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
            throw AppConfigError.badRequest("NextToken is not valid; pass the NextToken of the previous page unchanged");
        }
    }

    // ---- rendering

    private static ObjectNode application(Application application) {
        ObjectNode node = object().put("Id", application.id()).put("Name", application.name());
        putIfPresent(node, "Description", application.description());
        return node;
    }

    private static ObjectNode environment(AppConfigAccount account, Environment environment) {
        ObjectNode node = object().put("ApplicationId", environment.applicationId()).put("Id", environment.id())
                .put("Name", environment.name());
        putIfPresent(node, "Description", environment.description());
        node.put("State", account.environmentState(environment.id()));
        if (environment.monitors() != null) {
            node.set("Monitors", environment.monitors().deepCopy());
        }
        return node;
    }

    private static ObjectNode profile(ConfigurationProfile profile) {
        ObjectNode node = object().put("ApplicationId", profile.applicationId()).put("Id", profile.id()).put("Name", profile.name());
        putIfPresent(node, "Description", profile.description());
        node.put("LocationUri", profile.locationUri());
        putIfPresent(node, "RetrievalRoleArn", profile.retrievalRoleArn());
        if (profile.validators() != null) {
            node.set("Validators", profile.validators().deepCopy());
        }
        node.put("Type", profile.type());
        return node;
    }

    private static ObjectNode profileSummary(ConfigurationProfile profile) {
        ObjectNode node = object().put("ApplicationId", profile.applicationId()).put("Id", profile.id()).put("Name", profile.name())
                .put("LocationUri", profile.locationUri()).put("Type", profile.type());
        ArrayNode types = node.putArray("ValidatorTypes");
        if (profile.validators() != null) {
            profile.validators().forEach(v -> types.add(v.path("Type").asText()));
        }
        return node;
    }

    private static EdgeResponse hostedVersion(int status, HostedConfigurationVersion version) {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Content-Type", version.contentType());
        headers.put("Application-Id", version.applicationId());
        headers.put("Configuration-Profile-Id", version.configurationProfileId());
        headers.put("Version-Number", Integer.toString(version.versionNumber()));
        if (version.description() != null) {
            headers.put("Description", version.description());
        }
        if (version.versionLabel() != null) {
            headers.put("VersionLabel", version.versionLabel());
        }
        return new EdgeResponse(status, headers, version.content());
    }

    private static ObjectNode versionSummary(HostedConfigurationVersion version) {
        ObjectNode node = object().put("ApplicationId", version.applicationId())
                .put("ConfigurationProfileId", version.configurationProfileId()).put("VersionNumber", version.versionNumber());
        putIfPresent(node, "Description", version.description());
        node.put("ContentType", version.contentType());
        putIfPresent(node, "VersionLabel", version.versionLabel());
        return node;
    }

    private static ObjectNode strategy(DeploymentStrategy strategy) {
        ObjectNode node = object().put("Id", strategy.id()).put("Name", strategy.name());
        putIfPresent(node, "Description", strategy.description());
        return node.put("DeploymentDurationInMinutes", strategy.durationMinutes()).put("GrowthType", strategy.growthType())
                .put("GrowthFactor", strategy.growthFactor()).put("FinalBakeTimeInMinutes", strategy.finalBakeTimeMinutes())
                .put("ReplicateTo", strategy.replicateTo());
    }

    private static ObjectNode deploymentSummary(AppConfigAccount account, Deployment deployment) {
        DeploymentProgress progress = account.progress(deployment);
        ObjectNode node = object().put("DeploymentNumber", deployment.deploymentNumber())
                .put("ConfigurationName", deployment.configurationName())
                .put("ConfigurationVersion", Integer.toString(deployment.configurationVersion()));
        putTimeline(node, deployment, progress);
        return node;
    }

    private static ObjectNode deployment(AppConfigAccount account, Deployment deployment) {
        DeploymentProgress progress = account.progress(deployment);
        ObjectNode node = object().put("ApplicationId", deployment.applicationId()).put("EnvironmentId", deployment.environmentId())
                .put("DeploymentStrategyId", deployment.strategy().id())
                .put("ConfigurationProfileId", deployment.configurationProfileId())
                .put("DeploymentNumber", deployment.deploymentNumber())
                .put("ConfigurationName", deployment.configurationName())
                .put("ConfigurationLocationUri", deployment.configurationLocationUri())
                .put("ConfigurationVersion", Integer.toString(deployment.configurationVersion()));
        putIfPresent(node, "Description", deployment.description());
        putTimeline(node, deployment, progress);
        ArrayNode events = node.putArray("EventLog");
        for (DeploymentEvent event : progress.events()) {
            events.addObject().put("EventType", event.eventType()).put("TriggeredBy", event.triggeredBy())
                    .put("Description", event.description()).put("OccurredAt", iso8601(event.occurredAt()));
        }
        return node;
    }

    private static void putTimeline(ObjectNode node, Deployment deployment, DeploymentProgress progress) {
        DeploymentStrategy strategy = deployment.strategy();
        node.put("DeploymentDurationInMinutes", strategy.durationMinutes()).put("GrowthType", strategy.growthType())
                .put("GrowthFactor", strategy.growthFactor()).put("FinalBakeTimeInMinutes", strategy.finalBakeTimeMinutes())
                .put("State", progress.state()).put("PercentageComplete", progress.percentageComplete())
                .put("StartedAt", iso8601(deployment.startedAt()));
        if (progress.completedAt() != null) {
            node.put("CompletedAt", iso8601(progress.completedAt()));
        }
        putIfPresent(node, "VersionLabel", deployment.versionLabel());
    }

    private static void putIfPresent(ObjectNode node, String name, String value) {
        if (value != null) {
            node.put(name, value);
        }
    }

    // ---- input checks (name the field, the rule and the bad value)

    private static String name(JsonNode body) {
        return string(body, "Name", 1, 64, true);
    }

    private static String description(JsonNode body) {
        return string(body, "Description", 0, 1024, false);
    }

    private static String string(JsonNode body, String field, int min, int max, boolean required) {
        JsonNode value = field(body, field);
        if (value.isMissingNode()) {
            if (required) {
                throw AppConfigError.badRequest(field + " is required");
            }
            return null;
        }
        if (!value.isTextual() || value.asText().length() < min || value.asText().length() > max) {
            throw AppConfigError.badRequest(field + " must be a string of " + min + " to " + max + " characters, but was " + value);
        }
        return value.asText();
    }

    private static int integer(JsonNode body, String field, int min, int max, Integer fallback) {
        JsonNode value = field(body, field);
        if (value.isMissingNode() && fallback != null) {
            return fallback;
        }
        if (!value.isIntegralNumber() || value.asInt() < min || value.asInt() > max) {
            throw AppConfigError.badRequest(field + (fallback == null ? " is required and" : "") + " must be a whole number "
                    + min + ".." + max + ", but was " + (value.isMissingNode() ? "missing" : value.toString()));
        }
        return value.asInt();
    }

    private static int number(String field, String raw) {
        try {
            return Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            throw AppConfigError.badRequest(field + " must be a whole number, but was '" + raw + "'");
        }
    }
}
