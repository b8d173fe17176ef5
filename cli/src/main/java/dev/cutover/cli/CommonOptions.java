package dev.cutover.cli;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.state.CutoverState;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Option;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.DefaultCredentialsProvider;
import software.amazon.awssdk.auth.credentials.ProfileCredentialsProvider;

/** Options every AWS-facing command shares: the configuration file, the endpoint and the new account's profile. */
public final class CommonOptions {

    @Option(names = "--config", paramLabel = "FILE",
            description = "The operation map (YAML or JSON). Default: ./cutover.yaml if present, else the built-in example app.")
    Path config;

    @Option(names = "--endpoint", paramLabel = "URL",
            description = "Send every AWS call here, e.g. the sandbox http://127.0.0.1:4566. Default: $AWS_ENDPOINT_URL, else AWS.")
    URI endpoint;

    @Option(names = "--profile", paramLabel = "NAME",
            description = "AWS profile with the new account's credentials. Default: the SDK's default chain.")
    String profile;

    @Option(names = "--state-dir", paramLabel = "DIR",
            description = "The cutover state (what verify recorded); the same for every command."
                    + " Default: $CUTOVER_STATE_DIR, else .cutover.")
    Path stateDir;

    public CutoverState state() {
        return CutoverState.locate(stateDir);
    }

    public CutoverConfig loadConfig() {
        if (config != null) {
            return CutoverConfig.load(config);
        }
        Path local = Path.of("cutover.yaml");
        return Files.isRegularFile(local) ? CutoverConfig.load(local) : CutoverConfig.example();
    }

    public URI endpointOrNull() {
        if (endpoint != null) {
            return endpoint;
        }
        String env = System.getenv("AWS_ENDPOINT_URL");
        return env == null || env.isBlank() ? null : URI.create(env);
    }

    public AwsCredentialsProvider newAccountCredentials() {
        return profile != null ? ProfileCredentialsProvider.create(profile) : DefaultCredentialsProvider.builder().build();
    }
}
