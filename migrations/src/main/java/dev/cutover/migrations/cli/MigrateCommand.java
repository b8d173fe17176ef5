package dev.cutover.migrations.cli;

import picocli.CommandLine.Command;

/** {@code migrate}: the copy jobs. Mount it as a subcommand of the project's CLI. */
@Command(name = "migrate", mixinStandardHelpOptions = true, subcommands = {MigrateDynamoDbCommand.class, MigrateStatusCommand.class,
        MigrateSsmCommand.class},
        description = "Copy data from the legacy account to the new one: DynamoDB tables and SSM parameter trees.")
public final class MigrateCommand {
}
