package dev.cutover.cli.flags;

import dev.cutover.config.AppConfigLocation;
import dev.cutover.config.ConfigException;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.flags.RoutingFlags;
import io.github.resilience4j.core.IntervalFunction;
import io.github.resilience4j.retry.Retry;
import io.github.resilience4j.retry.RetryConfig;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Predicate;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.services.appconfig.AppConfigClient;
import software.amazon.awssdk.services.appconfig.model.DeploymentState;
import software.amazon.awssdk.services.appconfig.model.DeploymentSummary;
import software.amazon.awssdk.services.appconfig.model.GetDeploymentResponse;
import software.amazon.awssdk.services.appconfig.model.GrowthType;
import software.amazon.awssdk.services.appconfig.model.ReplicateTo;

/**
 * Reads and changes the routing flags the normal AppConfig way: a new hosted configuration version,
 * then a deployment with an immediate strategy; "live" is the version of the newest completed
 * deployment of the flags profile.
 */
public final class FlagControl {
    /** Deploys at once with no bake time, so the next change is not blocked by a bake period. */
    public static final String STRATEGY_NAME = "cutover-immediate";
    static final String FEATURE_FLAGS = "AWS.AppConfig.FeatureFlags";
    /** The resilience4j Retry that polls GetDeployment until the deployment is no longer in progress. */
    public static final String DEPLOYMENT_WAIT = "appconfig-deployment-complete";
    /** Polls of one deployment: 200 ms growing by half to 5 s, with jitter, so about 1.5 to 3 minutes in all. */
    public static final int DEFAULT_DEPLOYMENT_POLLS = 40;
    static final int MAX_DEPLOYMENT_POLLS = 1_000;

    private final AppConfigClient appConfig;
    private final CutoverConfig config;
    private final AppConfigLocation location;
    private final Retry deploymentWait;

    public FlagControl(AppConfigClient appConfig, CutoverConfig config) {
        this(appConfig, config, DEFAULT_DEPLOYMENT_POLLS);
    }

    /** @param deploymentPolls GetDeployment calls made for one deployment before giving up on it (1-1000) */
    public FlagControl(AppConfigClient appConfig, CutoverConfig config, int deploymentPolls) {
        this.appConfig = appConfig;
        this.config = config;
        this.location = config.appConfig();
        this.deploymentWait = Retry.of(DEPLOYMENT_WAIT, deploymentWaitConfig(deploymentPolls));
    }

    /**
     * Retries on the result while the deployment is in progress (neither COMPLETE nor rolled back). GetDeployment's own
     * errors (throttling, 5xx) are the SDK's to retry, so no exception is retried here.
     */
    static RetryConfig deploymentWaitConfig(int polls) {
        if (polls < 1 || polls > MAX_DEPLOYMENT_POLLS) {
            throw new IllegalArgumentException("deploymentPolls must be between 1 and " + MAX_DEPLOYMENT_POLLS + ", but was " + polls);
        }
        return RetryConfig.<GetDeploymentResponse>custom()
                .maxAttempts(polls)
                .intervalFunction(IntervalFunction.ofExponentialRandomBackoff(Duration.ofMillis(200), 1.5, 0.5, Duration.ofSeconds(5)))
                .retryOnResult(d -> isInProgress(d.state()))
                .retryOnException(e -> false)
                .failAfterMaxAttempts(false)
                .build();
    }

    private static boolean isInProgress(DeploymentState state) {
        return state != DeploymentState.COMPLETE && state != DeploymentState.ROLLED_BACK && state != DeploymentState.ROLLING_BACK;
    }

    /** The Retry that waits for deployments, for its events (polls, waits, gave up) and metrics. */
    public Retry deploymentWait() {
        return deploymentWait;
    }

    /** Ids of the application, environment and profile named in the configuration. */
    public record Ids(String application, String environment, String profile) {
    }

    public Ids ids() {
        String app = find("application", location.application(),
                appConfig.listApplicationsPaginator(r -> { }).items().stream(), a -> a.name(), a -> a.id());
        String env = find("environment", location.environment(),
                appConfig.listEnvironmentsPaginator(r -> r.applicationId(app)).items().stream(), e -> e.name(), e -> e.id());
        String profile = find("configuration profile", location.profile(),
                appConfig.listConfigurationProfilesPaginator(r -> r.applicationId(app)).items().stream(), p -> p.name(), p -> p.id());
        return new Ids(app, env, profile);
    }

    private static <T> String find(String kind, String nameOrId, java.util.stream.Stream<T> items, Function<T, String> name,
            Function<T, String> id) {
        Predicate<T> matches = t -> nameOrId.equals(name.apply(t)) || nameOrId.equals(id.apply(t));
        return items.filter(matches).map(id).findFirst().orElseThrow(() -> new ConfigException("AppConfig " + kind + " '"
                + nameOrId + "' does not exist in this account and region; deploy the new account's stack (cdk) or run"
                + " './cutover flags init' against the sandbox"));
    }

    /** Creates the application, environment and FeatureFlags profile when missing, with all flags legacy. */
    public Ids ensureExists() {
        String app = appConfig.listApplicationsPaginator(r -> { }).items().stream()
                .filter(a -> a.name().equals(location.application())).map(a -> a.id()).findFirst()
                .orElseGet(() -> appConfig.createApplication(r -> r.name(location.application())).id());
        String env = appConfig.listEnvironmentsPaginator(r -> r.applicationId(app)).items().stream()
                .filter(e -> e.name().equals(location.environment())).map(e -> e.id()).findFirst()
                .orElseGet(() -> appConfig.createEnvironment(r -> r.applicationId(app).name(location.environment())).id());
        Optional<String> existing = appConfig.listConfigurationProfilesPaginator(r -> r.applicationId(app)).items().stream()
                .filter(p -> p.name().equals(location.profile())).map(p -> p.id()).findFirst();
        String profile = existing.orElseGet(() -> appConfig.createConfigurationProfile(r -> r.applicationId(app)
                .name(location.profile()).locationUri("hosted").type(FEATURE_FLAGS)).id());
        Ids ids = new Ids(app, env, profile);
        if (existing.isEmpty()) {
            publish(ids, RoutingFlags.allLegacy(config), "cutover: initial flags, every operation on legacy");
        }
        return ids;
    }

    /** The flags of the newest completed deployment of the profile; empty when nothing was ever deployed. */
    public Optional<LiveFlags> live(Ids ids) {
        Optional<DeploymentSummary> latest = appConfig.listDeploymentsPaginator(r -> r.applicationId(ids.application())
                        .environmentId(ids.environment())).items().stream()
                .filter(d -> d.state() == DeploymentState.COMPLETE)
                .filter(d -> ids.profile().equals(profileOf(ids, d)))
                .max(Comparator.comparing(DeploymentSummary::deploymentNumber));
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        int version = Integer.parseInt(latest.get().configurationVersion());
        String content = appConfig.getHostedConfigurationVersion(r -> r.applicationId(ids.application())
                .configurationProfileId(ids.profile()).versionNumber(version)).content().asString(StandardCharsets.UTF_8);
        return Optional.of(new LiveFlags(RoutingFlags.fromHostedDocument(content, config), version,
                latest.get().deploymentNumber(), latest.get().completedAt()));
    }

    private String profileOf(Ids ids, DeploymentSummary summary) {
        GetDeploymentResponse d = appConfig.getDeployment(r -> r.applicationId(ids.application()).environmentId(ids.environment())
                .deploymentNumber(summary.deploymentNumber()));
        return d.configurationProfileId();
    }

    /** What is live: the flags, their hosted version, the deployment that made them live and when. */
    public record LiveFlags(RoutingFlags flags, int version, int deploymentNumber, Instant completedAt) {
    }

    /** Stores {@code flags} as a new hosted version and deploys it; returns once the deployment completed. */
    public LiveFlags publish(Ids ids, RoutingFlags flags, String description) {
        String document = flags.toHostedDocument(config);
        int version = appConfig.createHostedConfigurationVersion(r -> r.applicationId(ids.application())
                .configurationProfileId(ids.profile()).contentType("application/json").description(description)
                .content(SdkBytes.fromString(document, StandardCharsets.UTF_8))).versionNumber();
        String strategy = immediateStrategy();
        int deployment = appConfig.startDeployment(r -> r.applicationId(ids.application()).environmentId(ids.environment())
                .configurationProfileId(ids.profile()).configurationVersion(Integer.toString(version))
                .deploymentStrategyId(strategy).description(description)).deploymentNumber();
        GetDeploymentResponse d = awaitDeployment(ids, deployment);
        if (d.state() == DeploymentState.COMPLETE) {
            return new LiveFlags(flags, version, deployment, d.completedAt());
        }
        if (d.state() == DeploymentState.ROLLED_BACK || d.state() == DeploymentState.ROLLING_BACK) {
            throw new ConfigException("AppConfig rolled back deployment " + deployment + " of flags version " + version
                    + " (state " + d.state() + "); check the environment's alarms and validators");
        }
        throw new ConfigException("deployment " + deployment + " of flags version " + version + " did not complete after "
                + deploymentWait.getRetryConfig().getMaxAttempts() + " polls (state " + d.state() + ", " + d.percentageComplete()
                + "%); it continues in AppConfig");
    }

    /** Polls deployment {@code deployment} through {@link #deploymentWait()}; returns its last state (in progress when polls ran out). */
    public GetDeploymentResponse awaitDeployment(Ids ids, int deployment) {
        return deploymentWait.executeSupplier(() -> appConfig.getDeployment(r -> r.applicationId(ids.application())
                .environmentId(ids.environment()).deploymentNumber(deployment)));
    }

    private String immediateStrategy() {
        return appConfig.listDeploymentStrategiesPaginator(r -> { }).items().stream()
                .filter(s -> STRATEGY_NAME.equals(s.name())).map(s -> s.id()).findFirst()
                .orElseGet(() -> appConfig.createDeploymentStrategy(r -> r.name(STRATEGY_NAME)
                        .description("cutover: deploy routing flags at once, no bake time")
                        .deploymentDurationInMinutes(0).finalBakeTimeInMinutes(0).growthFactor(100f)
                        .growthType(GrowthType.LINEAR).replicateTo(ReplicateTo.NONE)).id());
    }
}
