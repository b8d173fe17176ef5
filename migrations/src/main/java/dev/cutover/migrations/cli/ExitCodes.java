package dev.cutover.migrations.cli;

import dev.cutover.config.ConfigException;
import dev.cutover.migrations.JobAbortedException;
import dev.cutover.migrations.PreflightException;
import dev.cutover.migrations.replication.StreamTrimmedException;
import dev.cutover.migrations.ssm.SsmConflictException;
import picocli.CommandLine;

/** The exit codes of the migration commands (also listed in every command's --help). */
public final class ExitCodes {
    /** Done; verify: the tables are equal; ssm --plan: nothing conflicts. */
    public static final int OK = 0;
    /** verify: the tables differ; ssm: parameters conflict under --conflict fail. */
    public static final int DIFFERENT = 1;
    /** Bad options or configuration file. */
    public static final int USAGE = 2;
    /** A check before the first write failed (missing table, key schema, permission, role, checkpoint). Nothing was written. */
    public static final int PREFLIGHT = 3;
    /** The copy completed, but some items are in the dead-letter file. */
    public static final int DEAD_LETTERS = 4;
    /** The job stopped part-way (an AWS call kept failing); run the same command again to resume. */
    public static final int ABORTED = 5;
    /** ssm --apply completed, but some parameters could not be written. */
    public static final int FAILURES = 6;
    /** replicate: the legacy stream no longer holds the records after the checkpoint (trimmed, or the stream replaced): re-copy. */
    public static final int RECOPY_NEEDED = 7;
    /** The copy stopped at --stop-after with segments left (progress saved): run the same command again. */
    public static final int MORE_TO_DO = 8;
    /** --in-aws: the Step Functions execution failed, timed out or was stopped (its error is printed); progress is checkpointed. */
    public static final int WORKFLOW_FAILED = 9;

    public static final String HELP = "%nExit codes:%n"
            + "  0  done (verify: equal)%n"
            + "  1  verify: tables differ; ssm: conflicts under --conflict fail%n"
            + "  2  usage or configuration error%n"
            + "  3  preflight failed: nothing was written%n"
            + "  4  completed with dead letters (see --dead-letter file)%n"
            + "  5  stopped part-way: run the same command again to resume%n"
            + "  6  ssm --apply: some parameters failed%n"
            + "  7  replicate: stream trimmed past the checkpoint, re-copy needed (see the message's time)%n"
            + "  8  stopped at --stop-after with work left (progress saved): run the same command again%n"
            + "  9  --in-aws: the execution failed, timed out or was stopped (error printed; progress saved): run again%n";

    private ExitCodes() {
    }

    /** The exit code of a copy that returned a report. */
    public static int forCopy(dev.cutover.migrations.dynamodb.CopyReport report) {
        if (report.hasMoreToDo()) {
            return MORE_TO_DO;
        }
        return report.hasDeadLetters() ? DEAD_LETTERS : OK;
    }

    /** The exit code for an exception a command threw. */
    public static int forException(Throwable e) {
        if (e instanceof CommandLine.ParameterException || e instanceof ConfigException || e instanceof IllegalArgumentException) {
            return USAGE;
        }
        if (e instanceof SsmConflictException) {
            return DIFFERENT;
        }
        if (e instanceof StreamTrimmedException) {
            return RECOPY_NEEDED;
        }
        if (e instanceof PreflightException) {
            return PREFLIGHT;
        }
        if (e instanceof JobAbortedException) {
            return ABORTED;
        }
        return ABORTED;
    }

    /** Prints "error: message" (no stack trace: messages say what to do) and returns the exit code. */
    public static CommandLine.IExecutionExceptionHandler handler() {
        return (e, commandLine, parseResult) -> {
            commandLine.getErr().println("error: " + e.getMessage());
            return forException(e);
        };
    }
}
