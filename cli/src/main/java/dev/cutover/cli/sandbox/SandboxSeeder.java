package dev.cutover.cli.sandbox;

import dev.cutover.cli.flags.FlagControl;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.Permission;
import dev.cutover.config.Permissions;
import dev.cutover.config.PolicyDocument;
import dev.cutover.config.Side;
import dev.cutover.router.LocalRouterServer;
import dev.cutover.sandbox.IamRole;
import dev.cutover.sandbox.Sandbox;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.awscore.client.builder.AwsClientBuilder;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.appconfig.AppConfigClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sqs.SqsClient;
import software.amazon.awssdk.services.ssm.SsmClient;

/**
 * Seeds a running sandbox with the example application of a configuration: both sides' tables and
 * queues, items and parameters on the legacy side, the cross-account role in the legacy account
 * (one per job, trusted by the new account with the ExternalId, each granting exactly
 * {@link Permissions#forLegacyRole(LegacyAccount.Job)}),
 * the flags profile in the new account with every operation on legacy, and the API's caller role
 * ({@link #apiClientRole(CutoverConfig)}) that may invoke the {@code auth: iam} routes.
 */
public final class SandboxSeeder {
    /** The new account's role that API clients assume to call the {@code auth: iam} routes of the local router. */
    public static final String API_CLIENT_ROLE = "cutover-api-client";

    /** What was seeded, for the banner. */
    public record Seeded(int items, int parameters, String roleArn) {
    }

    private SandboxSeeder() {
    }

    public static AwsCredentialsProvider root(Sandbox sandbox, String accountId) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(accountId, sandbox.rootSecretKey(accountId)));
    }

    public static <B extends AwsClientBuilder<B, C>, C> C client(AwsClientBuilder<B, C> builder, Sandbox sandbox, String accountId) {
        return builder.endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                .credentialsProvider(root(sandbox, accountId)).build();
    }

    /**
     * The legacy roles as the config names them, trusted by the new account with the ExternalId: one per distinct ARN
     * of the router, the migration jobs and {@code replicate dynamodb}, each granting exactly what its jobs call.
     */
    public static List<IamRole> legacyRoles(CutoverConfig config) {
        List<IamRole> roles = new ArrayList<>();
        new Permissions(config).forLegacyRoles(EnumSet.allOf(LegacyAccount.Job.class)).forEach((arn, permissions) ->
                roles.add(IamRole.builder().accountId(config.accounts().legacy().accountId())
                        .name(arn.substring(arn.lastIndexOf('/') + 1))
                        .trustAccount(config.accounts().newAccountId(), config.accounts().legacy().externalId())
                        .inlinePolicy("cutover-least-privilege", PolicyDocument.of(permissions))
                        .maxSessionDuration(Duration.ofHours(1))
                        .build()));
        return roles;
    }

    /**
     * The new account's role {@value #API_CLIENT_ROLE}, assumable by the new account, granting exactly
     * {@link Permissions#forApiInvoke(String, String)} for the local router's API id and stage: {@code execute-api:Invoke}
     * on each {@code auth: iam} route, nothing else. What an API client of the deployed API would hold. Empty when no
     * operation has {@code auth: iam}.
     */
    public static Optional<IamRole> apiClientRole(CutoverConfig config) {
        List<Permission> invoke = new Permissions(config).forApiInvoke(LocalRouterServer.LOCAL_API_ID, LocalRouterServer.LOCAL_STAGE);
        if (invoke.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(IamRole.builder().accountId(config.accounts().newAccountId()).name(API_CLIENT_ROLE)
                .trustAccount(config.accounts().newAccountId())
                .inlinePolicy("cutover-invoke-iam-routes", PolicyDocument.of(invoke))
                .maxSessionDuration(Duration.ofHours(1))
                .build());
    }

    /** Seeds data, resources and flags, and puts the legacy roles of {@link #legacyRoles(CutoverConfig)} and the API client role. */
    public static Seeded seed(Sandbox sandbox, CutoverConfig config, int items, int extraParameters) {
        int parameters = seedData(sandbox, config, items, extraParameters);
        legacyRoles(config).forEach(sandbox.iam()::putRole);
        apiClientRole(config).ifPresent(sandbox.iam()::putRole);
        return new Seeded(items, parameters, config.accounts().legacy().roleArn());
    }

    /** Seeds both sides' tables and queues, legacy items and parameters, and the flags profile; returns the parameter count. */
    public static int seedData(Sandbox sandbox, CutoverConfig config, int items, int extraParameters) {
        String legacy = config.accounts().legacy().accountId();
        String target = config.accounts().newAccountId();
        int parameters = 0;
        try (DynamoDbClient legacyDb = client(DynamoDbClient.builder(), sandbox, legacy);
                DynamoDbClient newDb = client(DynamoDbClient.builder(), sandbox, target);
                SqsClient legacySqs = client(SqsClient.builder(), sandbox, legacy);
                SqsClient newSqs = client(SqsClient.builder(), sandbox, target);
                SsmClient legacySsm = client(SsmClient.builder(), sandbox, legacy);
                AppConfigClient appConfig = client(AppConfigClient.builder(), sandbox, target)) {
            ExampleApp.createResources(config, Side.LEGACY, legacyDb, legacySqs);
            ExampleApp.createResources(config, Side.NEW, newDb, newSqs);
            for (String table : config.resources(Side.LEGACY).tables().keySet()) {
                ExampleApp.seedItems(config, Side.LEGACY, table, legacyDb, items);
            }
            for (String tree : config.resources(Side.LEGACY).parameters().keySet()) {
                parameters += ExampleApp.seedParameters(config, tree, legacySsm, extraParameters);
            }
            new FlagControl(appConfig, config).ensureExists();
        }
        return parameters;
    }
}
