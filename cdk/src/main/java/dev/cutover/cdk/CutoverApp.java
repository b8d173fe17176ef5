package dev.cutover.cdk;

import dev.cutover.cdk.internal.ContextFiles;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Side;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;
import software.amazon.awscdk.Environment;
import software.amazon.awscdk.StackProps;

/**
 * The CDK app: {@link NewAccountStack} in the new account, then {@link LegacyAccessStack} in the
 * legacy account, which trusts the new account's role ARNs. Run by the CDK CLI (cdk.json) or
 * directly ({@code ./mvnw -q -pl cdk -am package -Dsynth -DskipTests}), in which case it reads
 * cdk.json and cdk.context.json itself and writes cdk/cdk.out.
 */
public final class CutoverApp {
    public static final String NEW_STACK_ID = "CutoverNewAccount";
    public static final String LEGACY_STACK_ID = "CutoverLegacyAccess";

    private CutoverApp() {
    }

    /** Both stacks of an app, in deployment order. */
    public record Stacks(NewAccountStack newAccount, LegacyAccessStack legacyAccess) {
    }

    public static void main(String[] args) {
        Path baseDir = Path.of(System.getProperty("cutover.cdk.dir", ".")).toAbsolutePath().normalize();
        AppProps.Builder props = AppProps.builder();
        if (System.getenv("CDK_OUTDIR") == null) {
            // Not run by the CDK CLI, which would pass context and the output directory itself.
            props.context(ContextFiles.read(baseDir)).outdir(baseDir.resolve("cdk.out").toString());
        }
        App app = new App(props.build());
        Stacks stacks = addStacks(app, baseDir);
        app.synth();
        writeLegacyStreamPolicies(stacks.newAccount(), Path.of(app.getOutdir()));
    }

    /**
     * With replication, {@code legacy-stream-policy-TABLE.json} beside the templates: the stream policies the legacy
     * owners put with {@code aws dynamodb put-resource-policy} (CloudFormation cannot, on a table it does not own).
     */
    static void writeLegacyStreamPolicies(NewAccountStack stack, Path outdir) {
        for (String logical : stack.replicators().keySet()) {
            Path file = outdir.resolve("legacy-stream-policy-" + logical + ".json");
            try {
                Files.writeString(file, stack.legacyStreamPolicy(logical) + "\n");
            } catch (IOException e) {
                throw new CdkException("cannot write " + file + ": " + e.getMessage(), e);
            }
        }
    }

    /** Adds both stacks to {@code app}, reading settings from its context (relative paths against {@code baseDir}). */
    public static Stacks addStacks(App app, Path baseDir) {
        CutoverSettings settings = CutoverSettings.fromContext(app.getNode(), baseDir);
        CutoverConfig config = settings.config();
        NewAccountStack newAccount = new NewAccountStack(app, NEW_STACK_ID, props(config, Side.NEW,
                "cutover: router, API, tables, queues and routing flags in the new account"), settings);
        LegacyAccessStack legacy = new LegacyAccessStack(app, LEGACY_STACK_ID, props(config, Side.LEGACY,
                "cutover: the cross-account role the new account uses to reach the legacy resources"), newAccount.legacyAccessProps());
        return new Stacks(newAccount, legacy);
    }

    private static StackProps props(CutoverConfig config, Side side, String description) {
        return StackProps.builder()
                .env(Environment.builder().account(config.accounts().accountId(side)).region(config.region()).build())
                .description(description)
                .build();
    }
}
