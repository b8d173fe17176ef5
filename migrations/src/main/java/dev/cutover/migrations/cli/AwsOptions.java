package dev.cutover.migrations.cli;

import dev.cutover.config.Accounts;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.RouterSettings;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.config.state.CutoverState;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;

/**
 * How to reach both accounts, shared by every migration command: the configuration file, or flags
 * overriding it (or replacing it: --role-arn without --config).
 */
public final class AwsOptions {
    private static final Pattern ROLE_ARN = Pattern.compile("arn:aws[a-z-]*:iam::(\\d{12}):role/.+");

    @Option(names = "--config", paramLabel = "FILE", description = "The cutover configuration (accounts, tables and parameter trees by "
            + "logical name), e.g. cutover.yaml.")
    Path config;

    @Option(names = "--role-arn", paramLabel = "ARN", description = "The legacy account's role for this command (overrides accounts"
            + ".legacy.migrationRoleArn; replicationRoleArn for replicate commands, reverseReplicationRoleArn with --reverse).")
    String roleArn;

    @Option(names = "--external-id", paramLabel = "ID", description = "The ExternalId the role's trust policy requires (overrides "
            + "accounts.legacy.externalId).")
    String externalId;

    @Option(names = "--profile", paramLabel = "NAME", description = "AWS profile of the new account (writes, and the call that assumes "
            + "the legacy role). Default: the default credential chain.")
    String profile;

    @Option(names = "--endpoint", paramLabel = "URL", description = "Endpoint for every service, e.g. http://127.0.0.1:4566 for the "
            + "sandbox. Default: AWS.")
    URI endpoint;

    @Option(names = "--region", paramLabel = "REGION",
            description = "Region (overrides the configuration's; default us-east-1 without one).")
    String region;

    @Option(names = "--state-dir", paramLabel = "DIR", description = "The cutover state (what verify recorded; flags set reads it);"
            + " the same for every command. Default: $CUTOVER_STATE_DIR, else .cutover.")
    Path stateDir;

    /** The one cutover state every command reads and writes. */
    public CutoverState state() {
        return CutoverState.locate(stateDir);
    }

    /** The configuration file, if one was given. */
    Optional<CutoverConfig> loadConfig() {
        return Optional.ofNullable(config).map(CutoverConfig::load);
    }

    /**
     * The configuration with flag overrides applied; built from the flags alone when no file was given. {@code --role-arn}
     * replaces the role of {@code job}, the one this command assumes.
     */
    CutoverConfig effectiveConfig(Optional<CutoverConfig> loaded, LegacyAccount.Job job) {
        if (loaded.isEmpty()) {
            if (roleArn == null) {
                throw new IllegalArgumentException("give --config cutover.yaml, or --role-arn (and --external-id)"
                        + " to reach the legacy account");
            }
            LegacyAccount legacy = LegacyAccount.builder().accountId(accountOf(roleArn)).roleArn(roleArn).externalId(externalId)
                    .sessionName("cutover-migrations").sessionDuration(Duration.ofHours(1)).prefetchTime(Duration.ofMinutes(5))
                    .staleTime(Duration.ofMinutes(1)).build();
            return new CutoverConfig(region == null ? "us-east-1" : region, new Accounts(legacy, "000000000000"), Map.of(), null, List.of(),
                    RouterSettings.defaults(), Optional.empty());
        }
        CutoverConfig c = loaded.get();
        CutoverConfig.Builder b = c.toBuilder();
        if (roleArn != null) {
            String account = accountOf(roleArn);
            b.legacyAccount(l -> {
                l.accountId(account);
                switch (job) {
                    case ROUTER -> l.roleArn(roleArn);
                    case MIGRATION -> l.migrationRoleArn(roleArn);
                    case REPLICATION -> l.replicationRoleArn(roleArn);
                    case REVERSE_REPLICATION -> l.reverseReplicationRoleArn(roleArn);
                    default -> throw new IllegalStateException("unknown job " + job);
                }
            });
        }
        if (externalId != null) {
            b.legacyAccount(l -> l.externalId(externalId));
        }
        if (region != null) {
            b.region(region);
        }
        return b.build();
    }

    private static String accountOf(String arn) {
        Matcher m = ROLE_ARN.matcher(arn);
        if (!m.matches()) {
            throw new IllegalArgumentException("--role-arn must look like arn:aws:iam::111111111111:role/NAME, but was '" + arn + "'");
        }
        return m.group(1);
    }

    /**
     * One factory per command run, reaching legacy through {@code job}'s role: SDK retries raised to 10 attempts within 2
     * minutes for long jobs.
     */
    AwsClientFactory factory(CutoverConfig config, LegacyAccount.Job job) {
        AwsClientFactory.Builder b = AwsClientFactory.builder().legacyRole(job).maxAttempts(10)
                .apiCallAttemptTimeout(Duration.ofSeconds(20)).apiCallTimeout(Duration.ofMinutes(2));
        if (endpoint != null) {
            b.endpoint(endpoint);
        }
        if (profile != null) {
            b.newAccountCredentials(ProfileCredentialsProvider.create(profile));
        }
        return b.build(config);
    }
}
