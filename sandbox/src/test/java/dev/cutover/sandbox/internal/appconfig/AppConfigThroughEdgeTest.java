package dev.cutover.sandbox.internal.appconfig;

import static dev.cutover.sandbox.internal.appconfig.FeatureFlagsValidatorTest.fixture;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import dev.cutover.sandbox.IamRole;
import dev.cutover.sandbox.SandboxConfig;
import dev.cutover.sandbox.SandboxExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.AwsSessionCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.retry.AwsRetryStrategy;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.appconfig.AppConfigClient;
import software.amazon.awssdk.services.appconfig.model.AppConfigException;
import software.amazon.awssdk.services.appconfig.model.BadRequestException;
import software.amazon.awssdk.services.appconfig.model.BadRequestReason;
import software.amazon.awssdk.services.appconfig.model.ConflictException;
import software.amazon.awssdk.services.appconfig.model.DeploymentState;
import software.amazon.awssdk.services.appconfig.model.DeploymentStrategy;
import software.amazon.awssdk.services.appconfig.model.GetDeploymentResponse;
import software.amazon.awssdk.services.appconfig.model.GrowthType;
import software.amazon.awssdk.services.appconfig.model.ReplicateTo;
import software.amazon.awssdk.services.appconfig.model.ResourceNotFoundException;
import software.amazon.awssdk.services.appconfig.model.StartDeploymentResponse;
import software.amazon.awssdk.services.appconfigdata.AppConfigDataClient;
import software.amazon.awssdk.services.appconfigdata.model.GetLatestConfigurationResponse;
import software.amazon.awssdk.services.appconfigdata.model.InvalidParameterProblem;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.model.Credentials;

/**
 * The AppConfig stand-ins driven by the real SDK v2 clients over HTTP through the sandbox's edge
 * (SigV4, IAM), with root credentials unless a test assumes a role. The sandbox of this class polls
 * every second and runs strategy minutes of half a second (see {@link AppConfigSettings}).
 */
class AppConfigThroughEdgeTest {

    private static final String LEGACY = "111111111111";
    private static final String NEW = "222222222222";
    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String READER_POLICY = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow",
              "Action": ["appconfig:StartConfigurationSession", "appconfig:GetLatestConfiguration"],
              "Resource": "arn:aws:appconfig:us-east-1:222222222222:application/*/environment/*/configuration/*"}]}""";

    static {
        // read by AppConfigServiceFactory when the sandbox below starts; cleared in @BeforeAll
        System.setProperty(AppConfigSettings.DEFAULT_POLL_INTERVAL_PROPERTY, "1");
        System.setProperty(AppConfigSettings.DEPLOYMENT_MINUTE_PROPERTY, "500");
    }

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.with(SandboxConfig.builder()
            .role(IamRole.builder().accountId(NEW).name("flag-reader").trustAccount(NEW).inlinePolicy("ReadFlags", READER_POLICY)
                    .build())
            .build());

    private static AppConfigClient appConfig;
    private static AppConfigDataClient appConfigData;

    @BeforeAll
    static void clients() {
        System.clearProperty(AppConfigSettings.DEFAULT_POLL_INTERVAL_PROPERTY);
        System.clearProperty(AppConfigSettings.DEPLOYMENT_MINUTE_PROPERTY);
        appConfig = appConfig(LEGACY);
        appConfigData = appConfigData(LEGACY);
    }

    private static AwsCredentialsProvider root(String account) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(account, SANDBOX.sandbox().rootSecretKey(account)));
    }

    static AppConfigClient appConfig(String account) {
        return appConfig(root(account));
    }

    static AppConfigClient appConfig(AwsCredentialsProvider credentials) {
        return AppConfigClient.builder().endpointOverride(SANDBOX.sandbox().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    static AppConfigDataClient appConfigData(String account) {
        return appConfigData(root(account));
    }

    static AppConfigDataClient appConfigData(AwsCredentialsProvider credentials) {
        return AppConfigDataClient.builder().endpointOverride(SANDBOX.sandbox().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(credentials).httpClient(UrlConnectionHttpClient.create())
                .overrideConfiguration(c -> c.retryStrategy(AwsRetryStrategy.doNotRetry())).build();
    }

    /** application, environment and FeatureFlags profile, with unique names. */
    record Setup(String app, String appName, String env, String envName, String profile, String profileName) {
    }

    private static Setup setup(AppConfigClient client, String type) {
        String suffix = Long.toString(System.nanoTime(), 36);
        String appName = "app-" + suffix;
        String app = client.createApplication(r -> r.name(appName).description("test")).id();
        String env = client.createEnvironment(r -> r.applicationId(app).name("prod")).id();
        String profile = client.createConfigurationProfile(r -> r.applicationId(app).name("flags").locationUri("hosted")
                .type(type)).id();
        return new Setup(app, appName, env, "prod", profile, "flags");
    }

    private static int createVersion(Setup s, String contentType, byte[] content, String label) {
        return appConfig.createHostedConfigurationVersion(r -> r.applicationId(s.app()).configurationProfileId(s.profile())
                .contentType(contentType).versionLabel(label).content(SdkBytes.fromByteArray(content))).versionNumber();
    }

    private static String immediateStrategy() {
        return appConfig.createDeploymentStrategy(r -> r.name("immediate").deploymentDurationInMinutes(0).finalBakeTimeInMinutes(0)
                .growthFactor(100f).growthType(GrowthType.LINEAR).replicateTo(ReplicateTo.NONE)).id();
    }

    private static StartDeploymentResponse deploy(Setup s, String strategy, int version) {
        return appConfig.startDeployment(r -> r.applicationId(s.app()).environmentId(s.env()).configurationProfileId(s.profile())
                .deploymentStrategyId(strategy).configurationVersion(Integer.toString(version)));
    }

    private static String session(AppConfigDataClient client, Setup s) {
        return client.startConfigurationSession(r -> r.applicationIdentifier(s.appName()).environmentIdentifier(s.envName())
                .configurationProfileIdentifier(s.profileName()).requiredMinimumPollIntervalInSeconds(1)).initialConfigurationToken();
    }

    private static byte[] flagsWithPercent(int percent) {
        String doc = new String(fixture("valid.json"), StandardCharsets.UTF_8).replace("\"percent\": 25", "\"percent\": " + percent);
        return doc.getBytes(StandardCharsets.UTF_8);
    }

    private static void sleep(Duration duration) {
        try {
            Thread.sleep(duration.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    @Test
    void getLatestConfiguration_afterImmediateDeployment_servesEvaluatedFlags() throws IOException {
        Setup s = setup(appConfig, "AWS.AppConfig.FeatureFlags");
        int version = createVersion(s, "application/json", fixture("valid.json"), "v-one");
        StartDeploymentResponse deployment = deploy(s, immediateStrategy(), version);

        assertThat(deployment.state()).isEqualTo(DeploymentState.COMPLETE);
        assertThat(deployment.percentageComplete()).isEqualTo(100f);
        assertThat(deployment.completedAt()).isNotNull();

        GetLatestConfigurationResponse latest = appConfigData.getLatestConfiguration(r -> r.configurationToken(session(appConfigData, s)));

        assertThat(MAPPER.readTree(latest.configuration().asByteArray())).isEqualTo(MAPPER.readTree(fixture("valid-evaluated.json")));
        assertThat(latest.contentType()).isEqualTo("application/json");
        assertThat(latest.versionLabel()).isEqualTo("v-one");
        assertThat(latest.nextPollIntervalInSeconds()).isEqualTo(1);
        assertThat(latest.nextPollConfigurationToken()).isNotBlank();
    }

    @Test
    void getLatestConfiguration_whenClientHasLatest_returnsEmptyBodyThenNewDeployment() throws IOException {
        Setup s = setup(appConfig, "AWS.AppConfig.FeatureFlags");
        String strategy = immediateStrategy();
        deploy(s, strategy, createVersion(s, "application/json", flagsWithPercent(10), null));
        GetLatestConfigurationResponse first = appConfigData.getLatestConfiguration(r -> r.configurationToken(session(appConfigData, s)));
        assertThat(MAPPER.readTree(first.configuration().asByteArray()).path("checkout-v2").path("percent").asInt()).isEqualTo(10);

        sleep(Duration.ofMillis(1100));
        GetLatestConfigurationResponse second = appConfigData.getLatestConfiguration(r -> r.configurationToken(
                first.nextPollConfigurationToken()));
        assertThat(second.configuration().asByteArray()).isEmpty();

        deploy(s, strategy, createVersion(s, "application/json", flagsWithPercent(60), null));
        sleep(Duration.ofMillis(1100));
        GetLatestConfigurationResponse third = appConfigData.getLatestConfiguration(r -> r.configurationToken(
                second.nextPollConfigurationToken()));
        assertThat(MAPPER.readTree(third.configuration().asByteArray()).path("checkout-v2").path("percent").asInt()).isEqualTo(60);
    }

    @Test
    void getLatestConfiguration_whenTokenReused_throwsBadRequestExpired() {
        Setup s = setup(appConfig, "AWS.AppConfig.FeatureFlags");
        deploy(s, immediateStrategy(), createVersion(s, "application/json", fixture("valid.json"), null));
        String token = session(appConfigData, s);
        appConfigData.getLatestConfiguration(r -> r.configurationToken(token));

        assertThatThrownBy(() -> appConfigData.getLatestConfiguration(r -> r.configurationToken(token)))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.appconfigdata.model.BadRequestException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(400);
                    assertThat(e.reasonAsString()).isEqualTo("InvalidParameters");
                    assertThat(e.details().invalidParameters().get("configuration_token").problem())
                            .isEqualTo(InvalidParameterProblem.EXPIRED);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("already used");
                });
    }

    @Test
    void getLatestConfiguration_whenPolledBeforeInterval_throwsPollIntervalNotSatisfiedAndKeepsToken() {
        Setup s = setup(appConfig, "AWS.AppConfig.FeatureFlags");
        deploy(s, immediateStrategy(), createVersion(s, "application/json", fixture("valid.json"), null));
        GetLatestConfigurationResponse first = appConfigData.getLatestConfiguration(r -> r.configurationToken(session(appConfigData, s)));

        assertThatThrownBy(() -> appConfigData.getLatestConfiguration(r -> r.configurationToken(first.nextPollConfigurationToken())))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.appconfigdata.model.BadRequestException.class, e ->
                        assertThat(e.details().invalidParameters().get("configuration_token").problem())
                                .isEqualTo(InvalidParameterProblem.POLL_INTERVAL_NOT_SATISFIED));

        sleep(Duration.ofMillis(1100));
        assertThat(appConfigData.getLatestConfiguration(r -> r.configurationToken(first.nextPollConfigurationToken()))
                .configuration().asByteArray()).isEmpty();
    }

    @Test
    void getLatestConfiguration_whenTokenUnknown_throwsBadRequestCorrupted() {
        assertThatThrownBy(() -> appConfigData.getLatestConfiguration(r -> r.configurationToken("not-a-token")))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.appconfigdata.model.BadRequestException.class, e ->
                        assertThat(e.details().invalidParameters().get("configuration_token").problem())
                                .isEqualTo(InvalidParameterProblem.CORRUPTED));
    }

    @Test
    void createHostedConfigurationVersion_whenFlagValueBreaksConstraint_throwsBadRequestNamingFlagAndRule() {
        Setup s = setup(appConfig, "AWS.AppConfig.FeatureFlags");

        assertThatThrownBy(() -> createVersion(s, "application/json", fixture("invalid-maximum.json"), null))
                .isInstanceOfSatisfying(BadRequestException.class, e -> {
                    assertThat(e.awsErrorDetails().errorMessage())
                            .contains("values.checkout.percent", "flag 'checkout'", "greater than the maximum 100");
                    assertThat(e.reason()).isEqualTo(BadRequestReason.INVALID_CONFIGURATION);
                    assertThat(e.details().invalidConfiguration()).singleElement()
                            .satisfies(d -> assertThat(d.constraint()).isEqualTo("maximum"));
                });
        assertThat(appConfig.listHostedConfigurationVersions(r -> r.applicationId(s.app()).configurationProfileId(s.profile()))
                .items()).isEmpty();
    }

    @Test
    void startDeployment_withLinearStrategy_progressesStepwiseAndServesOnlyWhenDeployed() throws IOException {
        Setup s = setup(appConfig, "AWS.AppConfig.FeatureFlags");
        deploy(s, immediateStrategy(), createVersion(s, "application/json", flagsWithPercent(1), null));
        String slow = appConfig.createDeploymentStrategy(r -> r.name("linear").deploymentDurationInMinutes(4).finalBakeTimeInMinutes(1)
                .growthFactor(25f).growthType(GrowthType.LINEAR).replicateTo(ReplicateTo.NONE)).id();
        int v2 = createVersion(s, "application/json", flagsWithPercent(99), null);
        String token = session(appConfigData, s);

        StartDeploymentResponse started = deploy(s, slow, v2);

        assertThat(started.state()).isEqualTo(DeploymentState.DEPLOYING);
        assertThat(started.percentageComplete()).isEqualTo(25f);
        assertThatThrownBy(() -> deploy(s, slow, v2)).isInstanceOf(ConflictException.class)
                .hasMessageContaining("still in progress");
        GetLatestConfigurationResponse during = appConfigData.getLatestConfiguration(r -> r.configurationToken(token));
        assertThat(MAPPER.readTree(during.configuration().asByteArray()).path("checkout-v2").path("percent").asInt()).isEqualTo(1);

        float seenBetween = -1;
        Instant deadline = Instant.now().plusSeconds(10);
        GetDeploymentResponse d;
        do {
            sleep(Duration.ofMillis(100));
            d = appConfig.getDeployment(r -> r.applicationId(s.app()).environmentId(s.env()).deploymentNumber(started.deploymentNumber()));
            if (d.state() == DeploymentState.DEPLOYING && d.percentageComplete() > 25f && d.percentageComplete() < 100f) {
                seenBetween = d.percentageComplete();
            }
        } while (d.state() != DeploymentState.COMPLETE && Instant.now().isBefore(deadline));

        assertThat(seenBetween).isIn(50f, 75f);
        assertThat(d.state()).isEqualTo(DeploymentState.COMPLETE);
        assertThat(d.percentageComplete()).isEqualTo(100f);
        assertThat(d.eventLog()).extracting(e -> e.eventTypeAsString())
                .startsWith("DEPLOYMENT_COMPLETED", "BAKE_TIME_STARTED").endsWith("DEPLOYMENT_STARTED");
        GetLatestConfigurationResponse after = appConfigData.getLatestConfiguration(r -> r.configurationToken(
                during.nextPollConfigurationToken()));
        assertThat(MAPPER.readTree(after.configuration().asByteArray()).path("checkout-v2").path("percent").asInt()).isEqualTo(99);

        // ListDeployments, one per page through the SDK's paginator: newest first, both complete.
        var listed = appConfig.listDeploymentsPaginator(r -> r.applicationId(s.app()).environmentId(s.env()).maxResults(1))
                .items().stream().toList();
        assertThat(listed).extracting(x -> x.deploymentNumber()).containsExactly(started.deploymentNumber(),
                started.deploymentNumber() - 1);
        assertThat(listed).extracting(x -> x.state()).containsOnly(DeploymentState.COMPLETE);
        assertThat(listed.get(0).configurationVersion()).isEqualTo(Integer.toString(v2));
    }

    @Test
    void stopDeployment_whileDeploying_rollsBackAndKeepsServingPreviousVersion() throws IOException {
        Setup s = setup(appConfig, "AWS.Freeform");
        deploy(s, immediateStrategy(), createVersion(s, "text/plain", "one".getBytes(StandardCharsets.UTF_8), null));
        String slow = appConfig.createDeploymentStrategy(r -> r.name("slow").deploymentDurationInMinutes(100)
                .growthFactor(10f).growthType(GrowthType.EXPONENTIAL)).id();
        int deployment = deploy(s, slow, createVersion(s, "text/plain", "two".getBytes(StandardCharsets.UTF_8), null))
                .deploymentNumber();

        var stopped = appConfig.stopDeployment(r -> r.applicationId(s.app()).environmentId(s.env()).deploymentNumber(deployment));

        assertThat(stopped.state()).isEqualTo(DeploymentState.ROLLED_BACK);
        GetLatestConfigurationResponse latest = appConfigData.getLatestConfiguration(r -> r.configurationToken(session(appConfigData, s)));
        assertThat(latest.configuration().asUtf8String()).isEqualTo("one");
        assertThat(latest.contentType()).isEqualTo("text/plain");
    }

    @Test
    void listDeploymentStrategies_includesPredefinedWithTheirIds() {
        List<DeploymentStrategy> strategies = appConfig.listDeploymentStrategiesPaginator(r -> { }).items().stream().toList();

        assertThat(strategies).extracting(DeploymentStrategy::id)
                .contains("AppConfig.AllAtOnce", "AppConfig.Linear50PercentEvery30Seconds", "AppConfig.Canary10Percent20Minutes");
        assertThat(strategies).filteredOn(st -> st.id().equals("AppConfig.Canary10Percent20Minutes")).singleElement()
                .satisfies(st -> assertThat(st.growthType()).isEqualTo(GrowthType.EXPONENTIAL));
    }

    @Test
    void accounts_areIsolated() {
        Setup s = setup(appConfig, "AWS.AppConfig.FeatureFlags");
        AppConfigClient other = appConfig(NEW);
        AppConfigDataClient otherData = appConfigData(NEW);

        assertThat(other.listApplications(r -> { }).items()).extracting(a -> a.id()).doesNotContain(s.app());
        assertThatThrownBy(() -> other.getApplication(r -> r.applicationId(s.app()))).isInstanceOf(ResourceNotFoundException.class);
        assertThatThrownBy(() -> session(otherData, s))
                .isInstanceOfSatisfying(software.amazon.awssdk.services.appconfigdata.model.ResourceNotFoundException.class,
                        e -> assertThat(e.resourceTypeAsString()).isEqualTo("Application"));
    }

    @Test
    void startConfigurationSession_whenPollIntervalBelowSandboxMinimum_throwsBadRequest() {
        Setup s = setup(appConfig, "AWS.AppConfig.FeatureFlags");

        assertThatThrownBy(() -> appConfigData.startConfigurationSession(r -> r.applicationIdentifier(s.app())
                .environmentIdentifier(s.env()).configurationProfileIdentifier(s.profile()).requiredMinimumPollIntervalInSeconds(0)))
                .isInstanceOf(software.amazon.awssdk.services.appconfigdata.model.BadRequestException.class)
                .hasMessageContaining("RequiredMinimumPollIntervalInSeconds must be 1..86400");
    }

    @Test
    void listApplications_paginates() {
        AppConfigClient client = appConfig(NEW);
        String prefix = "paged-" + Long.toString(System.nanoTime(), 36) + "-";
        for (int i = 0; i < 3; i++) {
            String name = prefix + i;
            client.createApplication(r -> r.name(name));
        }

        var first = client.listApplications(r -> r.maxResults(2));
        assertThat(first.items()).hasSize(2);
        assertThat(first.nextToken()).isNotNull();
        assertThat(client.listApplicationsPaginator(r -> r.maxResults(2)).items().stream().map(a -> a.name())
                .filter(n -> n.startsWith(prefix))).containsExactlyInAnyOrder(prefix + 0, prefix + 1, prefix + 2);
    }

    @Test
    void roleWithReadPolicy_readsConfigurationButCannotChangeIt() {
        AppConfigClient newRoot = appConfig(NEW);
        String suffix = Long.toString(System.nanoTime(), 36);
        String app = newRoot.createApplication(r -> r.name("routed-" + suffix)).id();
        String env = newRoot.createEnvironment(r -> r.applicationId(app).name("prod")).id();
        String profile = newRoot.createConfigurationProfile(r -> r.applicationId(app).name("flags").locationUri("hosted")
                .type("AWS.AppConfig.FeatureFlags")).id();
        int version = newRoot.createHostedConfigurationVersion(r -> r.applicationId(app).configurationProfileId(profile)
                .contentType("application/json").content(SdkBytes.fromByteArray(fixture("valid.json")))).versionNumber();
        newRoot.startDeployment(r -> r.applicationId(app).environmentId(env).configurationProfileId(profile)
                .deploymentStrategyId("AppConfig.AllAtOnce").configurationVersion(Integer.toString(version)));
        Credentials credentials = StsClient.builder().endpointOverride(SANDBOX.sandbox().endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(root(NEW)).httpClient(UrlConnectionHttpClient.create()).build()
                .assumeRole(r -> r.roleArn("arn:aws:iam::" + NEW + ":role/flag-reader").roleSessionName("router")).credentials();
        AwsCredentialsProvider reader = StaticCredentialsProvider.create(AwsSessionCredentials.create(credentials.accessKeyId(),
                credentials.secretAccessKey(), credentials.sessionToken()));
        AppConfigDataClient data = appConfigData(reader);

        String token = data.startConfigurationSession(r -> r.applicationIdentifier(app).environmentIdentifier("prod")
                .configurationProfileIdentifier("flags")).initialConfigurationToken();
        GetLatestConfigurationResponse latest = data.getLatestConfiguration(r -> r.configurationToken(token));

        assertThat(latest.configuration().asUtf8String()).contains("\"checkout-v2\"");
        assertThat(latest.nextPollIntervalInSeconds()).isEqualTo(1);
        assertThatThrownBy(() -> appConfig(reader).createApplication(r -> r.name("sneaky")))
                .isInstanceOfSatisfying(AppConfigException.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorMessage()).contains("appconfig:CreateApplication");
                });
    }

    @Test
    void startDeployment_withAllAtOnce_servesAtOnceAndBakesWithoutBlockingTheNextDeployment() {
        Setup s = setup(appConfig, "AWS.Freeform");
        int v1 = createVersion(s, "text/plain", "one".getBytes(StandardCharsets.UTF_8), null);
        int v2 = createVersion(s, "text/plain", "two".getBytes(StandardCharsets.UTF_8), null);

        StartDeploymentResponse first = deploy(s, "AppConfig.AllAtOnce", v1);
        assertThat(first.state()).isEqualTo(DeploymentState.BAKING);
        assertThat(first.percentageComplete()).isEqualTo(100f);
        GetLatestConfigurationResponse latest = appConfigData.getLatestConfiguration(r -> r.configurationToken(session(appConfigData, s)));
        assertThat(latest.configuration().asUtf8String()).isEqualTo("one");

        deploy(s, "AppConfig.AllAtOnce", v2);

        assertThat(appConfig.getDeployment(r -> r.applicationId(s.app()).environmentId(s.env())
                .deploymentNumber(first.deploymentNumber())).state()).isEqualTo(DeploymentState.COMPLETE);
        sleep(Duration.ofMillis(1100));
        assertThat(appConfigData.getLatestConfiguration(r -> r.configurationToken(latest.nextPollConfigurationToken()))
                .configuration().asUtf8String()).isEqualTo("two");
    }
}
