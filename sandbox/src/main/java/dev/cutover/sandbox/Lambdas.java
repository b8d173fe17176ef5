package dev.cutover.sandbox;

import com.amazonaws.services.lambda.runtime.ClientContext;
import com.amazonaws.services.lambda.runtime.CognitoIdentity;
import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.LambdaLogger;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/**
 * Lambda functions that run in the sandbox's own JVM, for the stand-ins that invoke functions (Step Functions'
 * {@code arn:aws:states:::lambda:invoke} tasks). There is no Lambda API behind the edge: a test registers the
 * handler object it wants the state machine to call, e.g. the migration worker:
 *
 * <pre>{@code
 * sandbox.lambdas().register(sandbox.newAccountId(), "cutover-migration-worker",
 *         new MigrationWorkerHandler(config, factory, "cutover-checkpoints"), Duration.ofMinutes(15));
 * }</pre>
 *
 * <p>An invocation round-trips the payload and the result through JSON (as the Lambda runtime does), calls the
 * handler on the invoking thread with a {@link Context} whose {@code getRemainingTimeInMillis()} counts down from the
 * registered timeout, and reports an exception as a function error with the exception's class name as errorType
 * (as the Java runtime does). The timeout is not enforced: a handler that overruns it still returns.
 */
public final class Lambdas {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]{1,64}");
    private static final ObjectMapper JSON = new ObjectMapper();

    private record Function(String arn, RequestHandler<Map<String, Object>, Map<String, Object>> handler, Duration timeout) {
    }

    /** What an invocation returned: the function's result, or the error the runtime would report. */
    public record Invocation(Optional<JsonNode> payload, Optional<String> errorType, Optional<String> errorMessage) {
        public boolean isError() {
            return errorType.isPresent();
        }
    }

    private final String region;
    private final List<String> accountIds;
    private final Map<String, Function> functions = new ConcurrentHashMap<>();

    Lambdas(String region, List<String> accountIds) {
        this.region = region;
        this.accountIds = List.copyOf(accountIds);
    }

    /**
     * Registers (or replaces) function {@code functionName} of {@code accountId}; returns its ARN.
     *
     * @param timeout the function's timeout, which its context's remaining time counts down from (1 s to 15 min)
     */
    public String register(String accountId, String functionName, RequestHandler<Map<String, Object>, Map<String, Object>> handler,
            Duration timeout) {
        if (!accountIds.contains(accountId)) {
            throw new SandboxException("no account " + accountId + " in the sandbox; accounts: " + accountIds);
        }
        if (functionName == null || !NAME.matcher(functionName).matches()) {
            throw new SandboxException("functionName must be 1-64 letters, digits, '-' or '_', but was '" + functionName + "'");
        }
        if (handler == null) {
            throw new SandboxException("handler must not be null (function " + functionName + ")");
        }
        if (timeout == null || timeout.compareTo(Duration.ofSeconds(1)) < 0 || timeout.compareTo(Duration.ofMinutes(15)) > 0) {
            throw new SandboxException("timeout must be between 1 s and 15 min (Lambda's range), but was " + timeout);
        }
        String arn = arn(accountId, functionName);
        functions.put(arn, new Function(arn, handler, timeout));
        return arn;
    }

    /** Removes a function; invoking it afterwards fails with Lambda's ResourceNotFoundException. */
    public void remove(String accountId, String functionName) {
        functions.remove(arn(accountId, functionName));
    }

    public String arn(String accountId, String functionName) {
        return "arn:aws:lambda:" + region + ":" + accountId + ":function:" + functionName;
    }

    /**
     * The function a FunctionName names: a name (in {@code callerAccount}), a function ARN, or a partial
     * {@code ACCOUNT:function:NAME}; an alias or version suffix (":$LATEST") is accepted and ignored.
     */
    public Optional<String> resolve(String functionName, String callerAccount) {
        String arn;
        if (functionName.startsWith("arn:")) {
            arn = functionName;
        } else if (functionName.contains(":function:")) {
            arn = "arn:aws:lambda:" + region + ":" + functionName;
        } else {
            arn = arn(callerAccount, functionName.contains(":") ? functionName.substring(0, functionName.indexOf(':')) : functionName);
        }
        String[] parts = arn.split(":");
        if (parts.length > 7) {
            arn = String.join(":", java.util.Arrays.copyOf(parts, 7));
        }
        return functions.containsKey(arn) ? Optional.of(arn) : Optional.empty();
    }

    /** Invokes the function with ARN {@code arn} (see {@link #resolve}); throws SandboxException when there is none. */
    public Invocation invoke(String arn, JsonNode payload) {
        Function function = functions.get(arn);
        if (function == null) {
            throw new SandboxException("Function not found: " + arn);
        }
        long deadline = System.nanoTime() + function.timeout().toNanos();
        Map<String, Object> input;
        try {
            input = payload == null || payload.isNull() ? Map.of() : JSON.convertValue(payload, JSON.getTypeFactory()
                    .constructMapType(Map.class, String.class, Object.class));
        } catch (IllegalArgumentException e) {
            return new Invocation(Optional.empty(), Optional.of("Runtime.UnmarshalError"),
                    Optional.of("the payload is not a JSON object: " + e.getMessage()));
        }
        try {
            Map<String, Object> result = function.handler().handleRequest(input, new InvocationContext(function, deadline));
            return new Invocation(Optional.of(JSON.valueToTree(result)), Optional.empty(), Optional.empty());
        } catch (RuntimeException | Error e) {
            return new Invocation(Optional.empty(), Optional.of(e.getClass().getName()), Optional.ofNullable(e.getMessage()));
        }
    }

    /** The context a handler sees: its names, and the time left until the registered timeout. */
    private static final class InvocationContext implements Context {
        private final Function function;
        private final long deadlineNanos;
        private final String requestId = UUID.randomUUID().toString();

        InvocationContext(Function function, long deadlineNanos) {
            this.function = function;
            this.deadlineNanos = deadlineNanos;
        }

        @Override
        public String getAwsRequestId() {
            return requestId;
        }

        @Override
        public String getLogGroupName() {
            return "/aws/lambda/" + getFunctionName();
        }

        @Override
        public String getLogStreamName() {
            return "sandbox/" + requestId;
        }

        @Override
        public String getFunctionName() {
            return function.arn().substring(function.arn().lastIndexOf(':') + 1);
        }

        @Override
        public String getFunctionVersion() {
            return "$LATEST";
        }

        @Override
        public String getInvokedFunctionArn() {
            return function.arn();
        }

        @Override
        public CognitoIdentity getIdentity() {
            return null;
        }

        @Override
        public ClientContext getClientContext() {
            return null;
        }

        @Override
        public int getRemainingTimeInMillis() {
            return (int) Math.max(0, (deadlineNanos - System.nanoTime()) / 1_000_000);
        }

        @Override
        public int getMemoryLimitInMB() {
            return 0;
        }

        @Override
        public LambdaLogger getLogger() {
            return new LambdaLogger() {
                @Override
                public void log(String message) {
                    System.out.print(message);
                }

                @Override
                public void log(byte[] message) {
                    System.out.print(new String(message, StandardCharsets.UTF_8));
                }
            };
        }
    }
}
