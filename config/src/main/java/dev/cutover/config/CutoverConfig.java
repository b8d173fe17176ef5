package dev.cutover.config;

import dev.cutover.config.internal.ConfigParser;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;

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
        RouterSettings router) {

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

    public SideResources resources(Side side) {
        return resources.get(side);
    }

    public Optional<Operation> operation(String name) {
        return operations.stream().filter(o -> o.name().equals(name)).findFirst();
    }

    public Arns arns(Side side) {
        return new Arns(region, accounts.accountId(side));
    }
}
