package dev.cutover.migrations.lambda;

import com.amazonaws.services.lambda.runtime.Context;
import com.amazonaws.services.lambda.runtime.RequestHandler;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.Side;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.migrations.MigrationException;
import dev.cutover.migrations.dynamodb.CopyReport;
import dev.cutover.migrations.dynamodb.DynamoDbCopyOptions;
import dev.cutover.migrations.dynamodb.DynamoDbTableCopier;
import dev.cutover.migrations.dynamodb.RateLimit;
import dev.cutover.migrations.dynamodb.WriteMode;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A migration worker as a Lambda function (handler {@code dev.cutover.migrations.lambda.MigrationWorkerHandler::handleRequest}):
 * one invocation runs one worker slice of a table copy until its deadline, the function's remaining time
 * minus a margin, and returns whether that worker's segments are all done. The state machine in the new
 * account's stack invokes it again until they are; the checkpoint table carries the progress between
 * invocations, as it does between CLI workers.
 *
 * <p>Input: {@code table} (logical name from the configuration), {@code workers}, {@code workerIndex},
 * {@code checkpointTable} (else environment {@code CUTOVER_CHECKPOINT_TABLE}); optional {@code segments},
 * {@code rate} ("500" or "200wcu"), {@code mode}, {@code versionAttribute}, {@code pageSize},
 * {@code marginSeconds} (default 60). Output: {@code done} plus the copy report's counts for the slice.
 *
 * <p>Configuration as the router's: {@code CUTOVER_CONFIG} (YAML or JSON), optional {@code CUTOVER_ENDPOINT_URL}.
 */
public final class MigrationWorkerHandler implements RequestHandler<Map<String, Object>, Map<String, Object>> {
    public static final String CHECKPOINT_TABLE_ENV = "CUTOVER_CHECKPOINT_TABLE";
    static final Duration DEFAULT_MARGIN = Duration.ofSeconds(60);

    private final CutoverConfig config;
    private final DynamoDbClient legacy;
    private final DynamoDbClient target;
    private final String defaultCheckpointTable;

    /** Lambda's constructor: configuration and clients from the environment; the clients live as long as the sandbox. */
    public MigrationWorkerHandler() {
        this(fromEnvironment(), null, System.getenv(CHECKPOINT_TABLE_ENV));
    }

    /** A handler with the given configuration and client factory (tests, other runtimes); null factory: the default chain. */
    public MigrationWorkerHandler(CutoverConfig config, AwsClientFactory factory, String defaultCheckpointTable) {
        AwsClientFactory clients = factory != null ? factory : defaultFactory(config);
        this.config = config;
        this.legacy = clients.build(DynamoDbClient.builder(), Side.LEGACY);
        this.target = clients.build(DynamoDbClient.builder(), Side.NEW);
        this.defaultCheckpointTable = defaultCheckpointTable;
    }

    @Override
    public Map<String, Object> handleRequest(Map<String, Object> input, Context context) {
        String table = text(input, "table");
        if (table == null) {
            throw new IllegalArgumentException("input field 'table' (the logical table name from the configuration) is required");
        }
        String checkpointTable = input.get("checkpointTable") != null ? text(input, "checkpointTable") : defaultCheckpointTable;
        Duration margin = input.get("marginSeconds") != null ? Duration.ofSeconds(number(input, "marginSeconds")) : DEFAULT_MARGIN;
        Duration budget = Duration.ofMillis(context.getRemainingTimeInMillis()).minus(margin);
        if (budget.compareTo(Duration.ofSeconds(1)) < 0) {
            throw new IllegalArgumentException("the function has " + context.getRemainingTimeInMillis() + " ms left, not enough for a "
                    + "margin of " + margin.toSeconds() + " s: raise the function's timeout (15 min recommended) or lower marginSeconds");
        }
        String source = config.resources(Side.LEGACY).table(table).name();
        String targetName = config.resources(Side.NEW).table(table).name();
        Integer workers = input.get("workers") != null ? (int) number(input, "workers") : 1;
        int index = input.get("workerIndex") != null ? (int) number(input, "workerIndex") : 0;
        Path tmp = Path.of(System.getProperty("java.io.tmpdir"), "cutover");
        DynamoDbCopyOptions options = DynamoDbCopyOptions.builder().sourceTable(source).targetTable(targetName)
                .mode(input.get("mode") != null ? WriteMode.fromId(text(input, "mode")) : WriteMode.OVERWRITE)
                .versionAttribute(text(input, "versionAttribute"))
                .segments(input.get("segments") != null ? (int) number(input, "segments") : null)
                .rateLimit(input.get("rate") != null ? RateLimit.parse(text(input, "rate")) : null)
                .pageSize(input.get("pageSize") != null ? (int) number(input, "pageSize") : 500)
                .checkpointTable(checkpointTable).workers(workers).workerIndex(index).stopAfter(budget)
                .deadLetterFile(tmp.resolve(source + "-to-" + targetName + "-" + index + ".dead.jsonl"))
                .log(new PrintWriter(System.out, true)).quiet(true)
                .build();
        CopyReport report = new DynamoDbTableCopier(legacy, target).copy(options);
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("done", !report.hasMoreToDo());
        out.put("status", report.status());
        out.put("table", table);
        out.put("workers", workers);
        out.put("workerIndex", index);
        out.put("workerSegments", report.workerSegments());
        out.put("scanned", report.scanned());
        out.put("written", report.written());
        out.put("deadLettered", report.deadLettered());
        out.put("thisRunItems", report.thisRunItems());
        out.put("itemsPerSecond", Math.round(report.itemsPerSecond()));
        return out;
    }

    private static String text(Map<String, Object> input, String field) {
        Object v = input.get(field);
        return v == null ? null : v.toString();
    }

    private static long number(Map<String, Object> input, String field) {
        Object v = input.get(field);
        if (v instanceof Number n) {
            return n.longValue();
        }
        try {
            return Long.parseLong(String.valueOf(v));
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("input field '" + field + "' must be a whole number, but was '" + v + "'");
        }
    }

    private static CutoverConfig fromEnvironment() {
        String inline = System.getenv("CUTOVER_CONFIG");
        if (inline == null || inline.isBlank()) {
            throw new MigrationException("no configuration: set CUTOVER_CONFIG to the cutover configuration (YAML or JSON)");
        }
        return CutoverConfig.parse(inline, "CUTOVER_CONFIG");
    }

    private static AwsClientFactory defaultFactory(CutoverConfig config) {
        AwsClientFactory.Builder factory = AwsClientFactory.builder().legacyRole(LegacyAccount.Job.MIGRATION)
                .maxAttempts(10).apiCallAttemptTimeout(Duration.ofSeconds(20))
                .apiCallTimeout(Duration.ofMinutes(2));
        String endpoint = System.getenv("CUTOVER_ENDPOINT_URL");
        if (endpoint != null && !endpoint.isBlank()) {
            factory.endpoint(java.net.URI.create(endpoint));
        }
        return factory.build(config);
    }
}
