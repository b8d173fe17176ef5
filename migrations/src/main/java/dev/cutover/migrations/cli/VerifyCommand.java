package dev.cutover.migrations.cli;

import picocli.CommandLine.Command;

/** {@code verify}: compare what was copied. Mount it as a subcommand of the project's CLI. */
@Command(name = "verify", mixinStandardHelpOptions = true, subcommands = {VerifyDynamoDbCommand.class},
        description = "Check that the new account holds exactly what the legacy account has.")
public final class VerifyCommand {
}
