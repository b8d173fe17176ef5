package dev.cutover.cli.demo;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.cdk.CutoverApp;
import dev.cutover.cdk.CutoverSettings;
import dev.cutover.cdk.DeployTimeIds;
import dev.cutover.cli.flags.FlagControl;
import dev.cutover.config.CutoverConfig;
import dev.cutover.sandbox.IamRole;
import dev.cutover.sandbox.Sandbox;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * The demo's IAM comes from the CDK app: both stacks are synthesized (in-process, offline) and every
 * {@code AWS::IAM::Role} of the templates is loaded into the sandbox, so the router and the jobs run
 * with exactly the policies the stacks would deploy.
 *
 * <p>Two stand-ins, because the sandbox has no Lambda, ECS or CloudFormation: the router and migration
 * roles trust the new account's root instead of lambda.amazonaws.com / ecs-tasks.amazonaws.com (the
 * demo assumes them as those services would), and the AppConfig resources the new stack's policies
 * reference by {@code Ref} resolve to the ids the sandbox gave the application, environment and profile.
 */
public final class CdkRoles {
    private static final ObjectMapper JSON = new ObjectMapper();

    /** Role names the new account's stack creates (CutoverSettings defaults). */
    public static final String ROUTER_ROLE = "cutover-router";
    public static final String MIGRATION_ROLE = "cutover-migration";

    private CdkRoles() {
    }

    /** Synthesizes both stacks for {@code configFile} into {@code outDir}; returns {new template, legacy template}. */
    public static List<Path> synthesize(Path configFile, Path outDir, Path routerCode) {
        return synthesize(configFile, outDir, routerCode, Map.of());
    }

    /**
     * As {@link #synthesize(Path, Path, Path)}, with replication ({@code cutover:replication=true}) when
     * {@code legacyStreamArns} (logical table to the legacy table's stream ARN) is not empty: the legacy role then grants
     * the stream reads the CLI replicator needs.
     */
    public static List<Path> synthesize(Path configFile, Path outDir, Path routerCode, Map<String, String> legacyStreamArns) {
        Map<String, Object> context = new java.util.HashMap<>(Map.of(CutoverSettings.CONFIG_FILE, configFile.toAbsolutePath().toString(),
                CutoverSettings.ROUTER_JAR, routerCode.toAbsolutePath().toString(),
                // The demo applies only the templates' roles: any package stands in for the workers' code.
                CutoverSettings.MIGRATION_JAR, routerCode.toAbsolutePath().toString()));
        if (!legacyStreamArns.isEmpty()) {
            context.put(CutoverSettings.REPLICATION, "true");
            context.put(CutoverSettings.LEGACY_STREAM_ARNS, legacyStreamArns);
            context.put(CutoverSettings.REPLICATOR_JAR, routerCode.toAbsolutePath().toString());
        }
        App app = new App(AppProps.builder().outdir(outDir.toString()).context(context).build());
        CutoverApp.addStacks(app, configFile.toAbsolutePath().getParent());
        app.synth();
        return List.of(outDir.resolve(CutoverApp.NEW_STACK_ID + ".template.json"),
                outDir.resolve(CutoverApp.LEGACY_STACK_ID + ".template.json"));
    }

    /** Loads both templates' roles into the sandbox (see the class comment for the two stand-ins). */
    public static void load(Sandbox sandbox, CutoverConfig config, List<Path> templates, FlagControl.Ids appConfigIds) {
        String newAccount = config.accounts().newAccountId();
        Path resolved = templates.get(0).resolveSibling("new-account.sandbox.template.json");
        try {
            JsonNode template = JSON.readTree(templates.get(0).toFile());
            JSON.writeValue(resolved.toFile(), DeployTimeIds.resolve(template, Map.of(
                    "AWS::AppConfig::Application", appConfigIds.application(),
                    "AWS::AppConfig::Environment", appConfigIds.environment(),
                    "AWS::AppConfig::ConfigurationProfile", appConfigIds.profile())));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        sandbox.iam().loadCloudFormationTemplate(newAccount, resolved);
        sandbox.iam().loadCloudFormationTemplate(config.accounts().legacy().accountId(), templates.get(1));
        for (String name : List.of(ROUTER_ROLE, MIGRATION_ROLE)) {
            IamRole role = sandbox.iam().role(newAccount, name).orElseThrow(() -> new IllegalStateException(
                    "the new account's template has no role " + name));
            sandbox.iam().putRole(role.toBuilder().trustPolicy(rootTrust(newAccount)).build());
        }
    }

    private static String rootTrust(String accountId) {
        return "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"sts:AssumeRole\","
                + "\"Principal\":{\"AWS\":\"arn:aws:iam::" + accountId + ":root\"}}]}";
    }

    /** A directory standing in for the router jar when it has not been packaged (the demo runs the router in-process). */
    public static Path routerCode(Path projectRoot, Path workDir) throws IOException {
        Path jar = projectRoot.resolve("router/target/cutover-router-lambda.jar");
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        Path placeholder = Files.createDirectories(workDir.resolve("router-asset"));
        Files.writeString(placeholder.resolve("README.txt"), "the demo runs the router in-process; this stands in for its jar\n");
        return placeholder;
    }
}
