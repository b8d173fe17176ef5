package dev.cutover.migrations.cli;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.ParameterTree;
import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.migrations.ssm.ConflictPolicy;
import dev.cutover.migrations.ssm.SsmApplyReport;
import dev.cutover.migrations.ssm.SsmCopyOptions;
import dev.cutover.migrations.ssm.SsmParameterCopier;
import dev.cutover.migrations.ssm.SsmPlan;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import software.amazon.awssdk.services.ssm.SsmClient;

/** {@code migrate ssm --plan | --apply}: copy a parameter tree from the legacy account to the new one. */
@Command(name = "ssm", mixinStandardHelpOptions = true, sortOptions = false,
        description = {
            "Copies an SSM parameter tree from the legacy account to the new one, rewriting the path prefix",
            "(e.g. /legacy/shop/db/url -> /shop/db/url). --plan shows what would change; --apply does it.",
            "Values are compared by SHA-256 and never printed. SecureStrings are decrypted from the source and",
            "re-encrypted with the target's KMS key. Description, tier, allowed pattern, data type and tags are kept;",
            "values over 4 KB move to the Advanced tier. Running --apply twice changes nothing the second time."},
        footer = {
            "%nPutParameter is limited to a few calls per second by AWS: calls are paced adaptively (AIMD) and",
            "throttled calls are backed off and retried, so a large tree takes a while but completes.",
            ExitCodes.HELP})
public final class MigrateSsmCommand implements Callable<Integer> {
    @Spec
    CommandSpec spec;

    @Mixin
    AwsOptions aws = new AwsOptions();

    @ArgGroup(exclusive = true, multiplicity = "1")
    Step step;

    /** Exactly one of --plan and --apply. */
    static final class Step {
        @Option(names = "--plan", required = true, description = "Show create / update / unchanged / skip per parameter; write nothing.")
        boolean plan;

        @Option(names = "--apply", required = true, description = "Make the target match the plan.")
        boolean apply;
    }

    @Option(names = "--tree", paramLabel = "NAME", description = "Logical parameter tree from --config (e.g. settings): both sides' paths.")
    String tree;

    @Option(names = "--source-path", paramLabel = "PATH", description = "Legacy path, e.g. /legacy/shop (overrides --tree's).")
    String sourcePath;

    @Option(names = "--target-path", paramLabel = "PATH", description = "New path, e.g. /shop (overrides --tree's).")
    String targetPath;

    @Option(names = "--conflict", paramLabel = "POLICY", defaultValue = "overwrite",
            description = "When a target parameter exists with other content: overwrite | skip | fail (default ${DEFAULT-VALUE}).")
    String conflict;

    @Option(names = "--kms-key", paramLabel = "PREFIX=KEY", description = "Encrypt SecureStrings under target PREFIX with KEY"
            + " (alias, id or ARN; repeatable; longest prefix wins). Default: the tree's kmsKeyArn, else the account's alias/aws/ssm.")
    List<String> kmsKeys = new ArrayList<>();

    @Option(names = "--max-put-rate", paramLabel = "N", defaultValue = "40",
            description = "Ceiling of PutParameter calls per second (0.5-10000, default ${DEFAULT-VALUE}); the pace adapts below it.")
    double maxPutRate;

    @Option(names = "--max-throttled-retries", paramLabel = "N", defaultValue = "30",
            description = "Retries of one throttled write (backoff 250 ms doubling to 10 s) before the parameter counts as failed "
            + "(0-100, default ${DEFAULT-VALUE}).")
    int maxThrottledRetries;

    @Option(names = "--report", paramLabel = "FILE", description = "Write the JSON report of --apply here too.")
    Path report;

    @Override
    public Integer call() {
        Optional<CutoverConfig> loaded = aws.loadConfig();
        CutoverConfig config = aws.effectiveConfig(loaded, LegacyAccount.Job.MIGRATION);
        Optional<ParameterTree> sourceTree = tree(loaded, Side.LEGACY);
        Optional<ParameterTree> targetTree = tree(loaded, Side.NEW);
        String from = sourcePath != null ? sourcePath : sourceTree.map(ParameterTree::path).orElseThrow(() -> missing("--source-path"));
        String to = targetPath != null ? targetPath : targetTree.map(ParameterTree::path).orElseThrow(() -> missing("--target-path"));
        SsmCopyOptions.Builder b = SsmCopyOptions.builder().sourcePath(from).targetPath(to).conflictPolicy(ConflictPolicy.fromId(conflict))
                .maxPutRate(maxPutRate).maxThrottledRetries(maxThrottledRetries).reportFile(report).log(spec.commandLine().getErr());
        targetTree.flatMap(ParameterTree::kmsKeyArn).ifPresent(b::defaultKmsKeyId);
        for (String mapping : kmsKeys) {
            int eq = mapping.indexOf('=');
            if (eq <= 0 || eq == mapping.length() - 1) {
                throw new IllegalArgumentException("--kms-key must look like /shop/secrets=alias/shop-secrets, but was '" + mapping + "'");
            }
            b.kmsKey(mapping.substring(0, eq), mapping.substring(eq + 1));
        }
        SsmCopyOptions options = b.build();
        try (AwsClientFactory factory = aws.factory(config, LegacyAccount.Job.MIGRATION);
                SsmClient legacy = factory.build(SsmClient.builder(), Side.LEGACY);
                SsmClient fresh = factory.build(SsmClient.builder(), Side.NEW)) {
            SsmParameterCopier copier = new SsmParameterCopier(legacy, fresh);
            SsmPlan plan = copier.plan(options);
            spec.commandLine().getOut().print(plan.render());
            if (step.plan) {
                if (tree != null && plan.isUpToDate()) {
                    // The new tree holds every legacy parameter unchanged: reads may move (flags set checks this).
                    aws.state().recordVerified(tree, "ssm plan up to date: " + plan.counts());
                }
                return plan.hasConflicts() ? ExitCodes.DIFFERENT : ExitCodes.OK;
            }
            SsmApplyReport result = copier.apply(plan, options);
            spec.commandLine().getOut().println(result.toJson());
            return result.failed() > 0 ? ExitCodes.FAILURES : ExitCodes.OK;
        }
    }

    private Optional<ParameterTree> tree(Optional<CutoverConfig> loaded, Side side) {
        if (tree == null || loaded.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(loaded.get().resources(side).parameterTree(tree));
    }

    private static IllegalArgumentException missing(String flag) {
        return new IllegalArgumentException("name the parameter trees: --config FILE --tree LOGICAL_NAME, or " + flag);
    }
}
