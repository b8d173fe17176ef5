package dev.cutover.cli.flags;

import dev.cutover.cli.CommonOptions;
import dev.cutover.config.ConfigException;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Operation;
import dev.cutover.config.flags.OperationFlag;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.migrations.replication.ReplicationOptions;
import dev.cutover.migrations.workflow.DataEvidence;
import dev.cutover.migrations.workflow.FlagSafety;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.appconfig.AppConfigClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/** {@code cutover flags show | set | init}: the routing flags in AppConfig. */
@Command(name = "flags", mixinStandardHelpOptions = true,
        description = "Show or change which account serves each operation (AppConfig feature flags in the new account).",
        subcommands = {FlagsCommand.Show.class, FlagsCommand.Set.class, FlagsCommand.Init.class})
public final class FlagsCommand {

    /** The new account's DynamoDB, where the replication checkpoints are. */
    static DynamoDbClient dynamoDb(CommonOptions options, CutoverConfig config) {
        var builder = DynamoDbClient.builder().region(Region.of(config.region())).credentialsProvider(options.newAccountCredentials());
        if (options.endpointOrNull() != null) {
            builder.endpointOverride(options.endpointOrNull());
        }
        return builder.build();
    }

    static AppConfigClient client(CommonOptions options, CutoverConfig config) {
        var builder = AppConfigClient.builder().region(Region.of(config.region())).credentialsProvider(options.newAccountCredentials());
        if (options.endpointOrNull() != null) {
            builder.endpointOverride(options.endpointOrNull());
        }
        return builder.build();
    }

    static void print(PrintWriter out, CutoverConfig config, FlagControl.LiveFlags live) {
        out.printf("flags version %d, deployment %d, live since %s%n", live.version(), live.deploymentNumber(), live.completedAt());
        out.printf("kill switch: %s%n", live.flags().killSwitch() ? "ON (everything is served by legacy)" : "off");
        out.printf("%-18s %-26s %-6s %s%n", "OPERATION", "ROUTE", "KIND", "PHASE");
        for (Operation op : config.operations()) {
            out.printf("%-18s %-26s %-6s %s%n", op.name(), op.route(), op.isRead() ? "read" : "write",
                    live.flags().flag(op.name()).describe());
        }
        out.flush();
    }

    /** {@code cutover flags show}. */
    @Command(name = "show", mixinStandardHelpOptions = true, description = "Print the live phase of every operation.")
    static final class Show implements Callable<Integer> {
        @Mixin
        CommonOptions options;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CutoverConfig config = options.loadConfig();
            try (AppConfigClient client = client(options, config)) {
                FlagControl control = new FlagControl(client, config);
                PrintWriter out = spec.commandLine().getOut();
                control.live(control.ids()).ifPresentOrElse(live -> print(out, config, live),
                        () -> out.println("no flags deployment yet: every operation is served by the safe default ("
                                + config.router().defaultSide().id() + ")"));
                out.flush();
                return 0;
            }
        }
    }

    /** {@code cutover flags init}. */
    @Command(name = "init", mixinStandardHelpOptions = true,
            description = "Create the AppConfig application, environment and FeatureFlags profile when missing (all legacy)."
                    + " On real AWS the new account's CDK stack does this.")
    static final class Init implements Callable<Integer> {
        @Mixin
        CommonOptions options;
        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            CutoverConfig config = options.loadConfig();
            try (AppConfigClient client = client(options, config)) {
                FlagControl control = new FlagControl(client, config);
                FlagControl.Ids ids = control.ensureExists();
                spec.commandLine().getOut().printf("AppConfig application %s, environment %s, profile %s ready%n",
                        ids.application(), ids.environment(), ids.profile());
                return 0;
            }
        }
    }

    /** {@code cutover flags set OPERATION PHASE [PERCENT]}. */
    @Command(name = "set", mixinStandardHelpOptions = true,
            description = {"Move an operation to a phase by deploying a new flags version.",
                "Phases: legacy | shadow [PERCENT] (reads) | canary PERCENT | new | dual-write (writes).",
                "Refused unless --force: reading from new before that data was verified, moving reads of a table to new while"
                    + " its writes go only to legacy and its replication is absent or lags more than --max-replication-lag,"
                    + " writing only to new while reads still hit legacy, a canary that goes backwards."},
            footer = {"", "Examples:", "  cutover flags set getItem shadow", "  cutover flags set getItem canary 10",
                "  cutover flags set createOrder dual-write", "  cutover flags set --kill-switch on"})
    static final class Set implements Callable<Integer> {
        @Mixin
        CommonOptions options;
        @Spec
        CommandSpec spec;

        @ArgGroup(exclusive = true, multiplicity = "1")
        Target target;

        static final class Target {
            @Option(names = "--kill-switch", paramLabel = "on|off", description = "Send everything to legacy (on) or stop doing so (off).")
            String killSwitch;
            @ArgGroup(exclusive = false)
            Move move;
        }

        static final class Move {
            @Parameters(index = "0", paramLabel = "OPERATION", description = "An operation name from the configuration.")
            String operation;
            @Parameters(index = "1", paramLabel = "PHASE", description = "legacy, shadow, canary, new or dual-write.")
            String phase;
            @Parameters(index = "2", arity = "0..1", paramLabel = "PERCENT", description = "For canary: the share of keys on new."
                    + " For shadow: the share of reads compared (default: unchanged).")
            Double percent;
        }

        @Option(names = "--force", description = "Make the change even if it is unsafe (e.g. a deliberate rollback).")
        boolean force;

        @Option(names = "--max-replication-lag", paramLabel = "DURATION", defaultValue = "PT5S",
                description = "Reads of a table may move to new while its writes go only to legacy if its replication lags at most"
                        + " this much (ISO-8601, default ${DEFAULT-VALUE}).")
        Duration maxReplicationLag;

        @Option(names = "--checkpoint-table", paramLabel = "TABLE", defaultValue = ReplicationOptions.DEFAULT_CHECKPOINT_TABLE,
                description = "The replication checkpoint table in the new account, as given to replicate dynamodb (default"
                        + " ${DEFAULT-VALUE}).")
        String checkpointTable;

        @Override
        public Integer call() {
            CutoverConfig config = options.loadConfig();
            PrintWriter out = spec.commandLine().getOut();
            try (AppConfigClient client = client(options, config); DynamoDbClient dynamoDb = dynamoDb(options, config)) {
                FlagControl control = new FlagControl(client, config);
                FlagControl.Ids ids = control.ids();
                RoutingFlags live = control.live(ids).map(FlagControl.LiveFlags::flags).orElse(RoutingFlags.allLegacy(config));
                RoutingFlags proposed;
                String description;
                if (target.killSwitch != null) {
                    boolean on = switch (target.killSwitch) {
                        case "on" -> true;
                        case "off" -> false;
                        default -> throw new ConfigException("--kill-switch takes 'on' or 'off', but was '" + target.killSwitch + "'");
                    };
                    proposed = live.withKillSwitch(on);
                    description = "cutover: kill switch " + target.killSwitch;
                } else {
                    Move move = target.move;
                    Operation op = config.operation(move.operation).orElseThrow(() -> new ConfigException("unknown operation '"
                            + move.operation + "'; known: " + config.operations().stream().map(Operation::name).toList()));
                    OperationFlag next = Phase.parse(move.phase).apply(op, live.flag(op.name()), move.percent);
                    proposed = live.with(op.name(), next);
                    description = "cutover: " + op.name() + " -> " + next.describe();
                }
                List<String> problems = proposed.killSwitch() ? List.of() : FlagSafety.check(config, live, proposed,
                        DataEvidence.gather(config, options.state(), dynamoDb, checkpointTable, maxReplicationLag));
                if (!problems.isEmpty() && !force) {
                    PrintWriter err = spec.commandLine().getErr();
                    err.println("refused: this change is unsafe:");
                    problems.forEach(p -> err.println("  - " + p));
                    err.println("Nothing was deployed. Fix the cause, or repeat with --force if you mean it.");
                    err.flush();
                    return 3;
                }
                FlagControl.LiveFlags result = control.publish(ids, proposed, description);
                out.println(description + (problems.isEmpty() ? "" : " (forced past " + problems.size() + " safety check(s))"));
                print(out, config, result);
                return 0;
            }
        }
    }
}
