package dev.cutover.sandbox.internal.stepfunctions;

import java.time.Instant;

/** One execution of a state machine: its identity, input, and (once it ends) its status, output or error. */
final class Execution {
    final String arn;
    final String name;
    final StateMachine stateMachine;
    final String input;
    final Instant startDate;
    private String status = "RUNNING";
    private Instant stopDate;
    private String output;
    private String error;
    private String cause;
    private volatile boolean stopRequested;

    Execution(String arn, String name, StateMachine stateMachine, String input, Instant startDate) {
        this.arn = arn;
        this.name = name;
        this.stateMachine = stateMachine;
        this.input = input;
        this.startDate = startDate;
    }

    /** Ends the execution unless it already ended; returns whether this call ended it. */
    synchronized boolean finish(String finalStatus, String finalOutput, String finalError, String finalCause, Instant at) {
        if (!status.equals("RUNNING")) {
            return false;
        }
        this.status = finalStatus;
        this.output = finalOutput;
        this.error = finalError;
        this.cause = finalCause;
        this.stopDate = at;
        return true;
    }

    void requestStop() {
        stopRequested = true;
    }

    boolean isStopRequested() {
        return stopRequested;
    }

    synchronized String status() {
        return status;
    }

    synchronized Instant stopDate() {
        return stopDate;
    }

    synchronized String output() {
        return output;
    }

    synchronized String error() {
        return error;
    }

    synchronized String cause() {
        return cause;
    }
}
