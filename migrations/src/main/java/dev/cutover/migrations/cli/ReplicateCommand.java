package dev.cutover.migrations.cli;

import picocli.CommandLine.Command;

/** {@code replicate}: keep the new account's tables in step with the legacy ones. Mount it as a subcommand of the project's CLI. */
@Command(name = "replicate", mixinStandardHelpOptions = true, subcommands = {ReplicateDynamoDbCommand.class, ReplicateStatusCommand.class},
        description = "Apply a legacy table's DynamoDB stream to its copy in the new account (change capture), and show where it stands.")
public final class ReplicateCommand {
}
