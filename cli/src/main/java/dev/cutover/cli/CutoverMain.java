package dev.cutover.cli;

import dev.cutover.cli.flags.FlagsCommand;
import dev.cutover.config.ConfigException;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code ./cutover} command line. */
@Command(name = "cutover", mixinStandardHelpOptions = true, version = "cutover 0.1.0",
        description = "Move a serverless app from a legacy AWS account to a new one, one operation at a time.",
        subcommands = {FlagsCommand.class, CommandLine.HelpCommand.class},
        footer = {"", "Exit codes: 0 success, 1 verify found differences, 2 usage or configuration error,"
            + " 3 refused (preflight or safety check), 4 finished with failures (e.g. dead letters)."})
public final class CutoverMain {

    private CutoverMain() {
    }

    public static CommandLine commandLine() {
        CommandLine cli = new CommandLine(new CutoverMain());
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            if (e instanceof ConfigException || e instanceof IllegalArgumentException) {
                commandLine.getErr().println("error: " + e.getMessage());
                return 2;
            }
            if (e instanceof software.amazon.awssdk.core.exception.SdkException) {
                commandLine.getErr().println("error: AWS call failed: " + e.getMessage());
                return 4;
            }
            throw e;
        });
        return cli;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
