package dev.cutover.config;

import dev.cutover.config.internal.ConfigParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/**
 * The one operation map shared by the router, the migration jobs and the CDK app: accounts,
 * resources per side, operations and where their flags live. Loaded from YAML or JSON and validated
 * at load time; every error names the field and the bad value.
 */
public record CutoverConfig(
        String region,
        Accounts accounts,
        Map<Side, SideResources> resources,
        AppConfigLocation appConfig,
        List<Operation> operations,
        RouterSettings router,
        Optional<JwtAuthorizer> jwtAuthorizer) {

    public CutoverConfig {
        resources = Map.copyOf(resources);
        operations = List.copyOf(operations);
    }

    public static CutoverConfig load(Path file) {
        if (!Files.isRegularFile(file)) {
            throw new ConfigException("configuration file " + file.toAbsolutePath() + " does not exist or is not a file");
        }
        try {
            return ConfigParser.parse(Files.readString(file), file.toString());
        } catch (IOException e) {
            throw new ConfigException("cannot read configuration file " + file + ": " + e.getMessage(), e);
        }
    }

    public static CutoverConfig parse(String yamlOrJson, String sourceName) {
        return ConfigParser.parse(yamlOrJson, sourceName);
    }

    /** The example application the sandbox and the demo run: items, orders, settings. */
    public static CutoverConfig example() {
        try (InputStream in = CutoverConfig.class.getResourceAsStream("example.yaml")) {
            return ConfigParser.parse(new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8), "example.yaml");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The text of the example configuration, for `cutover init` style commands and docs. */
    public static String exampleText() {
        try (InputStream in = CutoverConfig.class.getResourceAsStream("example.yaml")) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * A builder holding this configuration: change what differs, {@link Builder#build()} a copy. The way to derive a
     * changed configuration (a session name, a test's shorter poll interval) instead of editing its text or rebuilding
     * records by hand: a field that no longer exists is a compile error, not a silent no-op.
     */
    public Builder toBuilder() {
        return new Builder(this);
    }

    public SideResources resources(Side side) {
        return resources.get(side);
    }

    public Optional<Operation> operation(String name) {
        return operations.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    public Arns arns(Side side) {
        return new Arns(region, accounts.accountId(side));
    }

    /** Builds a {@link CutoverConfig}; see {@link CutoverConfig#toBuilder()}. */
    public static final class Builder {
        private String region;
        private LegacyAccount legacy;
        private String newAccountId;
        private final Map<Side, SideResources> resources = new EnumMap<>(Side.class);
        private AppConfigLocation appConfig;
        private List<Operation> operations;
        private RouterSettings router;
        private Optional<JwtAuthorizer> jwtAuthorizer;

        private Builder(CutoverConfig from) {
            region = from.region;
            legacy = from.accounts.legacy();
            newAccountId = from.accounts.newAccountId();
            resources.putAll(from.resources);
            appConfig = from.appConfig;
            operations = from.operations;
            router = from.router;
            jwtAuthorizer = from.jwtAuthorizer;
        }

        public Builder region(String region) {
            this.region = region;
            return this;
        }

        public Builder legacyAccount(LegacyAccount legacy) {
            this.legacy = legacy;
            return this;
        }

        /** Changes the legacy account, e.g. {@code c -> c.sessionName("x")}. */
        public Builder legacyAccount(Consumer<LegacyAccount.Builder> change) {
            LegacyAccount.Builder b = legacy.toBuilder();
            change.accept(b);
            this.legacy = b.build();
            return this;
        }

        public Builder newAccountId(String newAccountId) {
            this.newAccountId = newAccountId;
            return this;
        }

        public Builder resources(Side side, SideResources sideResources) {
            resources.put(side, sideResources);
            return this;
        }

        /** Changes one side's resources, e.g. {@code r -> r.table("orders", table)}. */
        public Builder resources(Side side, Consumer<SideResources.Builder> change) {
            SideResources.Builder b = resources.get(side).toBuilder();
            change.accept(b);
            resources.put(side, b.build());
            return this;
        }

        public Builder appConfig(AppConfigLocation appConfig) {
            this.appConfig = appConfig;
            return this;
        }

        /** Changes the flags location, e.g. {@code a -> a.withPollInterval(Duration.ofSeconds(1))}. */
        public Builder appConfig(UnaryOperator<AppConfigLocation> change) {
            this.appConfig = change.apply(appConfig);
            return this;
        }

        public Builder operations(List<Operation> operations) {
            this.operations = operations;
            return this;
        }

        public Builder router(RouterSettings router) {
            this.router = router;
            return this;
        }

        /** Changes the router settings, e.g. {@code r -> r.secondaryTimeout(Duration.ofSeconds(5))}. */
        public Builder router(Consumer<RouterSettings.Builder> change) {
            RouterSettings.Builder b = router.toBuilder();
            change.accept(b);
            this.router = b.build();
            return this;
        }

        /** The JWT authorizer of operations with {@code auth: jwt}. */
        public Builder jwtAuthorizer(JwtAuthorizer jwtAuthorizer) {
            this.jwtAuthorizer = Optional.ofNullable(jwtAuthorizer);
            return this;
        }

        public CutoverConfig build() {
            return new CutoverConfig(region, new Accounts(legacy, newAccountId), resources, appConfig, operations, router,
                    jwtAuthorizer);
        }
    }
}
