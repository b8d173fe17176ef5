package dev.cutover.cli.flags;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxExtension;
import dev.cutover.sandbox.internal.appconfig.AppConfigSettings;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.SdkBytes;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.appconfig.AppConfigClient;
import software.amazon.awssdk.services.appconfig.model.DeploymentState;
import software.amazon.awssdk.services.appconfig.model.GetDeploymentResponse;
import software.amazon.awssdk.services.appconfig.model.GrowthType;
import software.amazon.awssdk.services.appconfig.model.ReplicateTo;

/**
 * The wait for an AppConfig deployment is the resilience4j Retry {@value FlagControl#DEPLOYMENT_WAIT}, polling the
 * sandbox's GetDeployment over HTTP; a sandbox deployment "minute" lasts {@value #MINUTE_MILLIS} ms here.
 */
class FlagControlDeploymentWaitSandboxTest {
    private static final int MINUTE_MILLIS = 200;

    static {
        // read by the sandbox's AppConfig when SANDBOX starts (before @BeforeAll); cleared in setUp
        System.setProperty(AppConfigSettings.DEPLOYMENT_MINUTE_PROPERTY, Integer.toString(MINUTE_MILLIS));
    }

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    static AppConfigClient appConfig;
    static CutoverConfig config = CutoverConfig.example();
    static FlagControl.Ids ids;

    @BeforeAll
    static void setUp() {
        System.clearProperty(AppConfigSettings.DEPLOYMENT_MINUTE_PROPERTY);
        Sandbox sandbox = SANDBOX.sandbox();
        appConfig = AppConfigClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(sandbox.newAccountId(),
                        sandbox.rootSecretKey(sandbox.newAccountId()))))
                .build();
        ids = new FlagControl(appConfig, config).ensureExists();
    }

    @AfterAll
    static void tearDown() {
        appConfig.close();
    }

    /** Starts a deployment of the all-legacy flags with a strategy that takes {@code minutes} sandbox minutes. */
    private static int startSlowDeployment(int minutes) {
        String strategy = appConfig.createDeploymentStrategy(r -> r.name("slow-" + minutes + "-" + System.nanoTime())
                .deploymentDurationInMinutes(minutes).finalBakeTimeInMinutes(0).growthFactor(100f).growthType(GrowthType.LINEAR)
                .replicateTo(ReplicateTo.NONE)).id();
        int version = appConfig.createHostedConfigurationVersion(r -> r.applicationId(ids.application())
                .configurationProfileId(ids.profile()).contentType("application/json")
                .content(SdkBytes.fromString(RoutingFlags.allLegacy(config).toHostedDocument(config), StandardCharsets.UTF_8)))
                .versionNumber();
        return appConfig.startDeployment(r -> r.applicationId(ids.application()).environmentId(ids.environment())
                .configurationProfileId(ids.profile()).configurationVersion(Integer.toString(version)).deploymentStrategyId(strategy))
                .deploymentNumber();
    }

    private static long getDeployments() {
        return SANDBOX.sandbox().requestCountForAccount(SANDBOX.sandbox().newAccountId(), "appconfig", "GetDeployment");
    }

    @Test
    void awaitDeployment_whileTheDeploymentRollsOut_pollsUntilCompleteOncePerRetryAttempt() {
        // GIVEN a deployment that takes 20 sandbox minutes (4 s)
        FlagControl control = new FlagControl(appConfig, config);
        LongAdder retries = new LongAdder();
        control.deploymentWait().getEventPublisher().onRetry(e -> retries.increment());
        int deployment = startSlowDeployment(20);
        long before = getDeployments();

        // WHEN waited for
        GetDeploymentResponse done = control.awaitDeployment(ids, deployment);

        // THEN it is complete, the Retry retried on the in-progress result, and each attempt was one GetDeployment
        assertThat(done.state()).isEqualTo(DeploymentState.COMPLETE);
        assertThat(retries.sum()).isPositive();
        assertThat(getDeployments() - before).isEqualTo(retries.sum() + 1);
        assertThat(control.deploymentWait().getMetrics().getNumberOfSuccessfulCallsWithRetryAttempt()).isEqualTo(1);
    }

    @Test
    void awaitDeployment_whenPollsRunOut_returnsTheInProgressStateAfterExactlyThatManyPolls() {
        // GIVEN a deployment of 600 sandbox minutes (2 minutes), and a wait allowed 3 polls
        FlagControl control = new FlagControl(appConfig, config, 3);
        LongAdder retries = new LongAdder();
        LongAdder exhausted = new LongAdder();
        control.deploymentWait().getEventPublisher().onRetry(e -> retries.increment()).onError(e -> exhausted.increment());
        int deployment = startSlowDeployment(600);
        long before = getDeployments();
        try {
            // WHEN waited for
            GetDeploymentResponse last = control.awaitDeployment(ids, deployment);

            // THEN 3 polls, 2 retries, one exhausted event, and the state it was left in
            assertThat(last.state()).isEqualTo(DeploymentState.DEPLOYING);
            assertThat(getDeployments() - before).isEqualTo(3);
            assertThat(retries.sum()).isEqualTo(2);
            assertThat(exhausted.sum()).isEqualTo(1);
        } finally {
            appConfig.stopDeployment(r -> r.applicationId(ids.application()).environmentId(ids.environment())
                    .deploymentNumber(deployment));
        }
    }

    @Test
    void constructor_whenPollsAreOutOfRange_refusesNamingTheFieldAndTheRange() {
        assertThatThrownBy(() -> new FlagControl(appConfig, config, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("deploymentPolls must be between 1 and 1000, but was 0");
    }
}
