package dev.cutover.migrations.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.cutover.config.CutoverConfig;
import dev.cutover.migrations.CheckpointException;
import dev.cutover.migrations.PreflightException;
import dev.cutover.migrations.dynamodb.CopyStatus;
import dev.cutover.migrations.dynamodb.CopyStatusReader;
import dev.cutover.migrations.internal.Json;
import java.io.IOException;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.OptionalLong;
import java.util.function.Supplier;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.sfn.SfnClient;
import software.amazon.awssdk.services.sfn.model.DescribeExecutionResponse;
import software.amazon.awssdk.services.sfn.model.ExecutionStatus;
import software.amazon.awssdk.services.sfn.model.StateMachineDoesNotExistException;

/**
 * {@code migrate dynamodb --in-aws}: starts the new account's migration state machine (cdk MigrationWorkflow) for one
 * table, prints the execution's ARN, follows it (DescribeExecution plus the checkpoint's status, as {@code migrate status}
 * shows it) and answers the exit code of its outcome.
 */
final class InAwsCopy {
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss", Locale.ROOT);

    /** What to run: the logical table, how many workers, and the optional caps the state machine passes to each worker. */
    record Request(String table, int workers, Integer segments, String rate) {
        Request {
            if (workers < 1 || workers > 1000) {
                throw new IllegalArgumentException("--workers must be between 1 and 1000 with --in-aws, but was " + workers);
            }
            if (segments != null && segments < workers) {
                throw new IllegalArgumentException("--segments must be at least --workers (" + workers + ") so that every worker has a "
                        + "segment, but was " + segments);
            }
        }

        /** The execution input the state machine's ItemSelector reads (every field present: a missing path fails the Map). */
        String input() {
            ObjectNode in = Json.MAPPER.createObjectNode();
            in.put("table", table);
            in.put("workers", workers);
            ArrayNode indexes = in.putArray("workerIndexes");
            for (int i = 0; i < workers; i++) {
                indexes.add(i);
            }
            if (segments == null) {
                in.putNull("segments");
            } else {
                in.put("segments", segments);
            }
            if (rate == null) {
                in.putNull("rate");
            } else {
                in.put("rate", rate);
            }
            return in.toString();
        }
    }

    private final SfnClient sfn;
    private final DynamoDbClient checkpoints;
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean quiet;

    InAwsCopy(SfnClient sfn, DynamoDbClient checkpoints, PrintWriter out, PrintWriter err, boolean quiet) {
        this.sfn = sfn;
        this.checkpoints = checkpoints;
        this.out = out;
        this.err = err;
        this.quiet = quiet;
    }

    /** The state machine's ARN as the new account's stack names it (output MigrationStateMachineArn). */
    static String defaultStateMachineArn(CutoverConfig config) {
        return "arn:aws:states:" + config.region() + ":" + config.accounts().newAccountId() + ":stateMachine:"
                + MigrateDynamoDbCommand.IN_AWS_STATE_MACHINE_NAME;
    }

    /**
     * Starts the execution and follows it until it ends.
     *
     * @param source and target: the table names, to read the checkpoint's status with
     * @param sourceItems the legacy table's approximate item count, for the status's estimate
     */
    int run(String stateMachineArn, Request request, String checkpointTable, String source, String target,
            Supplier<OptionalLong> sourceItems, Duration pollInterval) {
        String name = request.table() + "-" + request.workers() + "w-" + STAMP.format(ZonedDateTime.now(ZoneOffset.UTC));
        String executionArn;
        try {
            executionArn = sfn.startExecution(r -> r.stateMachineArn(stateMachineArn).name(name).input(request.input())).executionArn();
        } catch (StateMachineDoesNotExistException e) {
            throw new PreflightException("the state machine " + stateMachineArn + " does not exist: deploy the new account's stack "
                    + "(docs/cdk.md), or give --state-machine-arn with its output MigrationStateMachineArn", e);
        }
        out.println(executionArn);
        out.flush();
        OptionalLong items = sourceItems.get();
        DescribeExecutionResponse execution;
        String lastStatus = "";
        while (true) {
            execution = sfn.describeExecution(r -> r.executionArn(executionArn));
            if (!quiet) {
                String status = status(checkpointTable, source, target, items);
                if (!status.equals(lastStatus)) {
                    err.print(status);
                    err.flush();
                    lastStatus = status;
                }
            }
            if (execution.status() != ExecutionStatus.RUNNING) {
                break;
            }
            sleep(pollInterval);
        }
        return outcome(execution, checkpointTable, source, target, items);
    }

    private int outcome(DescribeExecutionResponse execution, String checkpointTable, String source, String target, OptionalLong items) {
        ObjectNode report = Json.MAPPER.createObjectNode();
        report.put("executionArn", execution.executionArn());
        report.put("status", execution.statusAsString());
        if (execution.error() != null) {
            report.put("error", execution.error());
            report.put("cause", execution.cause());
        }
        long deadLettered = 0;
        if (execution.status() == ExecutionStatus.SUCCEEDED && execution.output() != null) {
            try {
                for (JsonNode worker : Json.MAPPER.readTree(execution.output())) {
                    deadLettered += worker.path("result").path("deadLettered").asLong(0);
                }
            } catch (IOException e) {
                throw new IllegalStateException("the execution's output is not JSON: " + e.getMessage(), e);
            }
            report.put("deadLettered", deadLettered);
        }
        try {
            CopyStatus status = CopyStatusReader.fromTable(checkpoints, checkpointTable, source, target, items);
            report.set("copy", Json.MAPPER.readTree(status.toJson()));
        } catch (CheckpointException | IOException e) {
            report.put("copy", "no status: " + e.getMessage());
        }
        out.println(report.toPrettyString());
        out.flush();
        return switch (execution.status()) {
            case SUCCEEDED -> deadLettered > 0 ? ExitCodes.DEAD_LETTERS : ExitCodes.OK;
            default -> {
                err.println("error: the execution ended " + execution.statusAsString() + (execution.error() == null ? ""
                        : " with " + execution.error() + ": " + execution.cause()) + ". Progress is checkpointed per segment: run the "
                        + "same command again to resume; the workers' own errors are in the log group /aws/lambda/"
                        + "cutover-migration-worker.");
                err.flush();
                yield ExitCodes.WORKFLOW_FAILED;
            }
        };
    }

    private String status(String checkpointTable, String source, String target, OptionalLong items) {
        try {
            return CopyStatusReader.fromTable(checkpoints, checkpointTable, source, target, items).toText();
        } catch (CheckpointException e) {
            return "copy " + source + " -> " + target + ": no checkpoint in " + checkpointTable + " yet (workers starting)\n";
        }
    }

    private static void sleep(Duration pause) {
        try {
            Thread.sleep(pause.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while following the execution (it goes on running in AWS)", e);
        }
    }
}
