package dev.cutover.migrations.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/**
 * The migration commands on their own ({@code java -cp ... dev.cutover.migrations.cli.MigrationsMain migrate dynamodb ...});
 * the project's {@code ./cutover} mounts {@link MigrateCommand}, {@link VerifyCommand} and {@link ReplicateCommand} the same way,
 * with {@link ExitCodes#handler()} as its execution exception handler.
 */
@Command(name = "cutover-migrations", mixinStandardHelpOptions = true,
        subcommands = {MigrateCommand.class, VerifyCommand.class, ReplicateCommand.class},
        description = "Resumable, verifiable copies of DynamoDB tables and SSM parameter trees from the legacy account to the new one.",
        footer = ExitCodes.HELP)
public final class MigrationsMain {

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs a command line and returns its exit code (for tests and embedding). */
    public static int run(String... args) {
        return commandLine().execute(args);
    }

    /** The command tree with the module's exit-code handling. */
    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new MigrationsMain());
        cl.setExecutionExceptionHandler(ExitCodes.handler());
        cl.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return ExitCodes.USAGE;
        });
        return cl;
    }
}
