package dev.cutover.cli;

import dev.cutover.cli.demo.DemoCommand;
import dev.cutover.cli.flags.FlagsCommand;
import dev.cutover.cli.router.RouterCommand;
import dev.cutover.cli.sandbox.SandboxCommand;
import dev.cutover.migrations.cli.ExitCodes;
import dev.cutover.migrations.cli.MigrateCommand;
import dev.cutover.migrations.cli.ReplicateCommand;
import dev.cutover.migrations.cli.VerifyCommand;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./cutover} command line. */
@Command(name = "cutover", mixinStandardHelpOptions = true, version = "cutover 0.1.0",
        description = "Move a serverless app from a legacy AWS account to a new one, one operation at a time.",
        subcommands = {DemoCommand.class, SandboxCommand.class, RouterCommand.class, MigrateCommand.class, VerifyCommand.class,
            ReplicateCommand.class, FlagsCommand.class, CommandLine.HelpCommand.class},
        footer = ExitCodes.HELP)
public final class CutoverMain {

    private CutoverMain() {
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CutoverMain());
        cli.setExecutionExceptionHandler(ExitCodes.handler());
        cli.setParameterExceptionHandler((e, args) -> {
            e.getCommandLine().getErr().println("error: " + e.getMessage());
            e.getCommandLine().usage(e.getCommandLine().getErr());
            return ExitCodes.USAGE;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
