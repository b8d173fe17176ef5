package dev.cutover.sandbox.internal.stepfunctions;

/** A failure inside an execution, named as Step Functions names it ("States.Runtime", "Lambda.ResourceNotFoundException", ...). */
final class StatesError extends RuntimeException {
    private static final long serialVersionUID = 1L;

    private final String error;
    private final String cause;

    StatesError(String error, String cause) {
        super(error + ": " + cause, null, false, false);
        this.error = error;
        this.cause = cause;
    }

    String error() {
        return error;
    }

    String cause() {
        return cause;
    }

    static StatesError runtime(String cause) {
        return new StatesError("States.Runtime", cause);
    }
}
