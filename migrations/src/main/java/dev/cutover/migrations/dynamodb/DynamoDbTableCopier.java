package dev.cutover.migrations.dynamodb;

import dev.cutover.migrations.MigrationException;
import dev.cutover.migrations.dynamodb.internal.CopyJob;
import dev.cutover.migrations.internal.DurableFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Copies one DynamoDB table from the legacy account to the new one: preflight (nothing is written
 * unless both tables exist, keys match and permissions suffice), a parallel scan of the source
 * through the cross-account client, paced and adaptive writes to the target, a durable checkpoint
 * per segment so that a killed job resumes with the same command, dead letters for items that cannot
 * be written, and a JSON report.
 *
 * <p>The clients come from {@code AwsClientFactory}: {@code source} with the legacy account's
 * role credentials, {@code target} with the new account's.
 */
public final class DynamoDbTableCopier {
    private final DynamoDbClient source;
    private final DynamoDbClient target;

    public DynamoDbTableCopier(DynamoDbClient source, DynamoDbClient target) {
        this.source = source;
        this.target = target;
    }

    /**
     * Runs (or resumes) the copy. Throws {@code PreflightException} (nothing written) when the tables,
     * keys, permissions or checkpoint are not right, {@code JobAbortedException} when a call failed
     * after the SDK's retries (resume by running again).
     */
    public CopyReport copy(DynamoDbCopyOptions options) {
        CopyReport report = new CopyJob(source, target, options).run();
        options.reportFile().ifPresent(file -> {
            try {
                DurableFiles.writeAtomically(file, report.toJson().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new MigrationException("the copy finished but its report cannot be written to " + file
                        + " (" + e.getMessage() + ")", e);
            }
        });
        return report;
    }
}
