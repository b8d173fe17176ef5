package dev.cutover.sandbox.internal.appconfig;

import com.fasterxml.jackson.databind.JsonNode;
import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.EdgeRequest;
import dev.cutover.sandbox.internal.edge.EdgeResponse;
import dev.cutover.sandbox.internal.edge.Protocol;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * AppConfigData (signing name "appconfig", as the SDK's AppConfigDataClient signs; REST-JSON):
 * StartConfigurationSession and GetLatestConfiguration.
 *
 * <p>Serves the version of the newest deployment that reached all targets (BAKING or COMPLETE);
 * unlike AWS, a deployment still DEPLOYING is served to no client rather than to its percentage of
 * them. FeatureFlags profiles are served evaluated ({@link FeatureFlagsEvaluator}); freeform ones
 * as stored, with their content type. A poll returns an empty body when the session's client
 * already has the served version.
 */
final class AppConfigDataService implements AwsService {

    private final AppConfigStore store;
    private final FeatureFlagsEvaluator evaluator = new FeatureFlagsEvaluator(RestJson.MAPPER);

    AppConfigDataService(AppConfigStore store) {
        this.store = store;
    }

    static boolean isDataPlane(String method, String path) {
        List<String> segments = RestJson.segments(path);
        if (segments.size() != 1) {
            return false;
        }
        return "POST".equals(method) && "configurationsessions".equals(segments.get(0))
                || "GET".equals(method) && "configuration".equals(segments.get(0));
    }

    @Override
    public String signingName() {
        return "appconfig";
    }

    @Override
    public String serviceName() {
        return "appconfigdata";
    }

    @Override
    public boolean accepts(String method, String path) {
        return isDataPlane(method, path);
    }

    @Override
    public Protocol protocol(String method, String path, Map<String, String> lowerCaseHeaders) {
        return Protocol.REST_JSON;
    }

    @Override
    public String operationName(EdgeRequest request) {
        return "POST".equals(request.method()) ? "StartConfigurationSession" : "GetLatestConfiguration";
    }

    @Override
    public String throttlingErrorCode(String operation) {
        return "ThrottlingException";
    }

    @Override
    public EdgeResponse handle(EdgeRequest request) {
        try {
            return "POST".equals(request.method()) ? startSession(request) : latestConfiguration(request);
        } catch (AppConfigError e) {
            if (e.hasMembers()) {
                return RestJson.error(e);
            }
            throw e;
        }
    }

    private EdgeResponse startSession(EdgeRequest request) {
        JsonNode body = RestJson.body(request);
        String applicationRef = identifier(body, "ApplicationIdentifier");
        String environmentRef = identifier(body, "EnvironmentIdentifier");
        String profileRef = identifier(body, "ConfigurationProfileIdentifier");
        Duration pollInterval = pollInterval(body);
        AppConfigAccount account = store.account(request.accountId());
        Application application = account.findApplication(applicationRef)
                .orElseThrow(() -> AppConfigError.dataNotFound("Application", "Application '" + applicationRef
                        + "' not found (by id or name) in account " + request.accountId()));
        Environment environment = account.findEnvironment(application.id(), environmentRef)
                .orElseThrow(() -> AppConfigError.dataNotFound("Environment", "Environment '" + environmentRef
                        + "' not found (by id or name) in application " + application.id()));
        ConfigurationProfile profile = account.findConfigurationProfile(application.id(), profileRef)
                .orElseThrow(() -> AppConfigError.dataNotFound("ConfigurationProfile", "Configuration profile '" + profileRef
                        + "' not found (by id or name) in application " + application.id()));
        request.authorize("appconfig:StartConfigurationSession", configurationArn(request, application.id(), environment.id(),
                profile.id()));
        String token = store.sessions().start(new ConfigurationSessions.Session(request.accountId(), application.id(),
                environment.id(), profile.id(), pollInterval));
        return RestJson.json(201, RestJson.object().put("InitialConfigurationToken", token));
    }

    private EdgeResponse latestConfiguration(EdgeRequest request) {
        String token = request.queryParam("configuration_token")
                .orElseThrow(() -> AppConfigError.badRequest("configuration_token is required: pass the InitialConfigurationToken "
                        + "or the NextPollConfigurationToken of the previous response"));
        ConfigurationSessions sessions = store.sessions();
        ConfigurationSessions.Checked checked = sessions.check(token, request.accountId());
        ConfigurationSessions.Session session = checked.session();
        request.authorize("appconfig:GetLatestConfiguration", configurationArn(request, session.applicationId(),
                session.environmentId(), session.configurationProfileId()));
        AppConfigAccount account = store.account(request.accountId());
        ConfigurationProfile profile = account.findConfigurationProfile(session.applicationId(), session.configurationProfileId())
                .orElseThrow(() -> AppConfigError.dataNotFound("ConfigurationProfile", "Configuration profile "
                        + session.configurationProfileId() + " no longer exists"));
        Optional<HostedConfigurationVersion> served = account.servedVersion(session.environmentId(), profile.id());
        if (served.isEmpty()) {
            throw AppConfigError.dataNotFound("Configuration", "Configuration profile " + profile.id() + " has no completed "
                    + "deployment in environment " + session.environmentId() + "; deploy a version with StartDeployment first");
        }
        sessions.consume(checked);
        HostedConfigurationVersion version = served.get();
        String next = sessions.next(session, version.versionNumber());
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Next-Poll-Configuration-Token", next);
        headers.put("Next-Poll-Interval-In-Seconds", Long.toString(session.pollInterval().toSeconds()));
        String contentType = profile.isFeatureFlags() ? RestJson.JSON : version.contentType();
        headers.put("Content-Type", contentType);
        if (checked.lastVersionSeen() == version.versionNumber()) {
            return new EdgeResponse(200, headers, new byte[0]);
        }
        if (version.versionLabel() != null) {
            headers.put("Version-Label", version.versionLabel());
        }
        byte[] content = profile.isFeatureFlags() ? evaluator.evaluate(version.content()) : version.content();
        return new EdgeResponse(200, headers, content);
    }

    private static String configurationArn(EdgeRequest request, String applicationId, String environmentId, String profileId) {
        return "arn:aws:appconfig:" + request.region() + ":" + request.accountId() + ":application/" + applicationId
                + "/environment/" + environmentId + "/configuration/" + profileId;
    }

    private static String identifier(JsonNode body, String field) {
        JsonNode value = RestJson.field(body, field);
        if (!value.isTextual() || value.asText().isEmpty() || value.asText().length() > 128) {
            throw AppConfigError.badRequest(field + " is required: the id or name of the resource (1 to 128 characters), but was "
                    + (value.isMissingNode() ? "missing" : value.toString()));
        }
        return value.asText();
    }

    private Duration pollInterval(JsonNode body) {
        JsonNode value = RestJson.field(body, "RequiredMinimumPollIntervalInSeconds");
        AppConfigSettings settings = store.settings();
        if (value.isMissingNode()) {
            return settings.defaultPollInterval();
        }
        long min = settings.minimumPollInterval().toSeconds();
        if (!value.isIntegralNumber() || value.asLong() < min || value.asLong() > AppConfigSettings.MAXIMUM_POLL_SECONDS) {
            throw AppConfigError.badRequest("RequiredMinimumPollIntervalInSeconds must be " + min + ".."
                    + AppConfigSettings.MAXIMUM_POLL_SECONDS + ", but was " + value);
        }
        return Duration.ofSeconds(value.asLong());
    }
}
