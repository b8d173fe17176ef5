package dev.cutover.sandbox;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * How to start a {@link Sandbox}. Every field is optional:
 *
 * <pre>{@code
 * SandboxConfig config = SandboxConfig.builder()
 *         .credentialLifetime(Duration.ofSeconds(5))
 *         .role(IamRole.builder().accountId("222222222222").name("router").trustAccount("111111111111")
 *                 .inlinePolicy("Items", "{...}").build())
 *         .build();
 * }</pre>
 *
 * <p>Configuration errors (bad account ids, unreadable files) surface in {@link Builder#build()};
 * policy documents are parsed when the sandbox starts.
 */
public final class SandboxConfig {

    /** The port the CLI uses (LocalStack's, so existing tooling finds it). Tests use 0: any free port. */
    public static final int CLI_PORT = 4566;
    public static final String DEFAULT_REGION = "us-east-1";
    public static final String DEFAULT_LEGACY_ACCOUNT_ID = "111111111111";
    public static final String DEFAULT_NEW_ACCOUNT_ID = "222222222222";

    /** A CloudFormation template whose IAM roles belong to {@code accountId}. */
    public record CloudFormationTemplate(String accountId, Path template) {
        public CloudFormationTemplate {
            IamRole.requireAccount("cloudFormationTemplate accountId", accountId);
            Objects.requireNonNull(template, "template");
        }
    }

    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d");

    private final int port;
    private final String region;
    private final String legacyAccountId;
    private final String newAccountId;
    private final List<String> extraAccountIds;
    private final Duration credentialLifetime;
    private final Map<String, String> rootSecretKeys;
    private final List<IamRole> roles;
    private final List<Path> iamConfigFiles;
    private final List<CloudFormationTemplate> cloudFormationTemplates;
    private final Clock clock;
    private final Path dataDir;
    private final double stepFunctionsTimeScale;

    private SandboxConfig(Builder builder) {
        this.port = builder.port;
        this.region = builder.region;
        this.legacyAccountId = builder.legacyAccountId;
        this.newAccountId = builder.newAccountId;
        this.extraAccountIds = List.copyOf(builder.extraAccountIds);
        this.credentialLifetime = builder.credentialLifetime;
        this.rootSecretKeys = Collections.unmodifiableMap(new LinkedHashMap<>(builder.rootSecretKeys));
        this.roles = List.copyOf(builder.roles);
        this.iamConfigFiles = List.copyOf(builder.iamConfigFiles);
        this.cloudFormationTemplates = List.copyOf(builder.cloudFormationTemplates);
        this.clock = builder.clock;
        this.dataDir = builder.dataDir;
        this.stepFunctionsTimeScale = builder.stepFunctionsTimeScale;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static SandboxConfig defaults() {
        return builder().build();
    }

    public Builder toBuilder() {
        Builder builder = new Builder();
        builder.port = port;
        builder.region = region;
        builder.legacyAccountId = legacyAccountId;
        builder.newAccountId = newAccountId;
        builder.extraAccountIds.addAll(extraAccountIds);
        builder.credentialLifetime = credentialLifetime;
        builder.rootSecretKeys.putAll(rootSecretKeys);
        builder.roles.addAll(roles);
        builder.iamConfigFiles.addAll(iamConfigFiles);
        builder.cloudFormationTemplates.addAll(cloudFormationTemplates);
        builder.clock = clock;
        builder.dataDir = dataDir;
        builder.stepFunctionsTimeScale = stepFunctionsTimeScale;
        return builder;
    }

    public int port() {
        return port;
    }

    public String region() {
        return region;
    }

    public String legacyAccountId() {
        return legacyAccountId;
    }

    public String newAccountId() {
        return newAccountId;
    }

    /** Legacy, new, then the extra accounts. */
    public List<String> accountIds() {
        List<String> all = new ArrayList<>();
        all.add(legacyAccountId);
        all.add(newAccountId);
        all.addAll(extraAccountIds);
        return List.copyOf(all);
    }

    /** When set, every AssumeRole session lasts exactly this long, whatever DurationSeconds asked for. */
    public Duration credentialLifetime() {
        return credentialLifetime;
    }

    /** The root secret key of an account: the configured one, else "sandbox-root-secret-" + accountId. */
    public String rootSecretKey(String accountId) {
        return rootSecretKeys.getOrDefault(accountId, "sandbox-root-secret-" + accountId);
    }

    public List<IamRole> roles() {
        return roles;
    }

    public List<Path> iamConfigFiles() {
        return iamConfigFiles;
    }

    public List<CloudFormationTemplate> cloudFormationTemplates() {
        return cloudFormationTemplates;
    }

    /** Multiplies the Step Functions stand-in's Retry intervals and Wait seconds (1: AWS's timing). */
    public double stepFunctionsTimeScale() {
        return stepFunctionsTimeScale;
    }

    public Clock clock() {
        return clock;
    }

    /** Where the DynamoDB tables are kept across restarts; empty when the sandbox keeps everything in memory (the default). */
    public Optional<Path> dataDir() {
        return Optional.ofNullable(dataDir);
    }

    /** Builds a {@link SandboxConfig}; {@link #build()} validates. */
    public static final class Builder {
        private int port;
        private String region = DEFAULT_REGION;
        private String legacyAccountId = DEFAULT_LEGACY_ACCOUNT_ID;
        private String newAccountId = DEFAULT_NEW_ACCOUNT_ID;
        private final List<String> extraAccountIds = new ArrayList<>();
        private Duration credentialLifetime;
        private final Map<String, String> rootSecretKeys = new LinkedHashMap<>();
        private final List<IamRole> roles = new ArrayList<>();
        private final List<Path> iamConfigFiles = new ArrayList<>();
        private final List<CloudFormationTemplate> cloudFormationTemplates = new ArrayList<>();
        private Clock clock = Clock.systemUTC();
        private Path dataDir;
        private double stepFunctionsTimeScale = 1.0;

        private Builder() {
        }

        /** 0 (the default) picks a free port; the CLI uses {@link #CLI_PORT}. The edge always binds 127.0.0.1. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder legacyAccountId(String accountId) {
            this.legacyAccountId = accountId;
            return this;
        }

        public Builder newAccountId(String accountId) {
            this.newAccountId = accountId;
            return this;
        }

        /** Another account the sandbox knows (e.g. a shared-services account). */
        public Builder extraAccount(String accountId) {
            this.extraAccountIds.add(accountId);
            return this;
        }

        /** Overrides every session's lifetime (e.g. 5 s in tests); null (the default) honours DurationSeconds. */
        public Builder credentialLifetime(Duration lifetime) {
            this.credentialLifetime = lifetime;
            return this;
        }

        public Builder rootSecretKey(String accountId, String secretKey) {
            this.rootSecretKeys.put(accountId, secretKey);
            return this;
        }

        public Builder role(IamRole role) {
            this.roles.add(Objects.requireNonNull(role, "role"));
            return this;
        }

        /**
         * An IAM JSON file: {@code {"roles":[{"account":"222222222222","name":"router","maxSessionDurationSeconds":3600,
         * "trust":{policy}, "trustAccounts":["111111111111"], "policies":{"Name":{policy}}}]}} ("trust" or
         * "trustAccounts" per role; policies are IAM policy documents as AWS takes them).
         */
        public Builder iamConfigFile(Path file) {
            this.iamConfigFiles.add(Objects.requireNonNull(file, "file"));
            return this;
        }

        /** The IAM roles of a synthesized template (cdk.out/NAME.template.json) become roles of {@code accountId}. */
        public Builder cloudFormationTemplate(String accountId, Path template) {
            this.cloudFormationTemplates.add(new CloudFormationTemplate(accountId, template));
            return this;
        }

        /** The time source for credential expiry (the edge's 15-minute signature window always uses real time). */
        public Builder clock(Clock clock) {
            this.clock = Objects.requireNonNull(clock, "clock");
            return this;
        }

        /**
         * Keeps the DynamoDB tables (not queues, parameters or flags) in {@code dir} across restarts: a snapshot plus an
         * append-only log, fsynced before each answer. Null (the default) keeps everything in memory.
         */
        public Builder dataDir(Path dir) {
            this.dataDir = dir;
            return this;
        }

        /**
         * Multiplies every Retry interval and Wait state's seconds in the Step Functions stand-in: 1 (the default) waits as
         * AWS does; tests use e.g. 0.001 so a state machine's 30 s retry interval takes 30 ms. Between 0 (exclusive) and 1.
         */
        public Builder stepFunctionsTimeScale(double scale) {
            this.stepFunctionsTimeScale = scale;
            return this;
        }

        public SandboxConfig build() {
            if (!(stepFunctionsTimeScale > 0 && stepFunctionsTimeScale <= 1)) {
                throw new SandboxException("stepFunctionsTimeScale must be above 0 and at most 1 (1: AWS's timing), but was "
                        + stepFunctionsTimeScale);
            }
            if (port < 0 || port > 65535) {
                throw new SandboxException("port must be 0 (any free port) or 1-65535 but was " + port);
            }
            if (region == null || !REGION.matcher(region).matches()) {
                throw new SandboxException("region must look like us-east-1 but was '" + region + "'");
            }
            IamRole.requireAccount("legacyAccountId", legacyAccountId);
            IamRole.requireAccount("newAccountId", newAccountId);
            Set<String> accounts = new LinkedHashSet<>();
            accounts.add(legacyAccountId);
            if (!accounts.add(newAccountId)) {
                throw new SandboxException("newAccountId must differ from legacyAccountId, both were " + newAccountId);
            }
            for (String extra : extraAccountIds) {
                IamRole.requireAccount("extraAccount", extra);
                if (!accounts.add(extra)) {
                    throw new SandboxException("extraAccount " + extra + " is listed twice (or is the legacy or new account)");
                }
            }
            if (credentialLifetime != null && (credentialLifetime.isNegative() || credentialLifetime.isZero())) {
                throw new SandboxException("credentialLifetime must be positive (or null to honour DurationSeconds) but was "
                        + credentialLifetime);
            }
            rootSecretKeys.forEach((account, secret) -> {
                if (!accounts.contains(account)) {
                    throw new SandboxException("rootSecretKey given for " + account + ", which is not one of the accounts " + accounts);
                }
                if (secret == null || secret.isEmpty()) {
                    throw new SandboxException("rootSecretKey of " + account + " must not be empty");
                }
            });
            for (Path file : iamConfigFiles) {
                requireReadable("iamConfigFile", file);
            }
            for (CloudFormationTemplate template : cloudFormationTemplates) {
                requireReadable("cloudFormationTemplate", template.template());
                if (!accounts.contains(template.accountId())) {
                    throw new SandboxException("cloudFormationTemplate " + template.template() + " is for account " + template.accountId()
                            + ", which is not one of the accounts " + accounts);
                }
            }
            return new SandboxConfig(this);
        }

        private static void requireReadable(String field, Path file) {
            if (!Files.isReadable(file)) {
                throw new SandboxException(field + " " + file.toAbsolutePath() + " does not exist or is not readable");
            }
        }
    }
}
