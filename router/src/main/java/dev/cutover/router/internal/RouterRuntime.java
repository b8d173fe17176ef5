package dev.cutover.router.internal;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.Operation;
import dev.cutover.config.Permissions;
import dev.cutover.config.Side;
import dev.cutover.config.action.DynamoDbQuery;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.config.flags.OperationFlag;
import dev.cutover.config.flags.RoutingFlags;
import dev.cutover.router.RouterClients;
import dev.cutover.router.RoutingException;
import dev.cutover.router.internal.action.CursorCodec;
import dev.cutover.router.internal.backend.CredentialRefresh;
import dev.cutover.router.internal.flags.FlagPoller;
import dev.cutover.router.internal.routing.Decider;
import dev.cutover.router.internal.routing.Execution;
import dev.cutover.router.internal.routing.Secondaries;
import dev.cutover.router.internal.telemetry.Telemetry;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.services.appconfigdata.AppConfigDataClient;

/**
 * Everything the router builds once, at init, and shares between requests: the clients of both sides, the AppConfig
 * session behind the {@link Decider}, the {@link Execution} unit (credential refresh, secondary executor), the telemetry
 * and the cursor codec. Nothing here is built per request.
 */
public final class RouterRuntime implements AutoCloseable {
    /** The environment variable holding the secret that Query cursors are encrypted with. */
    public static final String CURSOR_KEY_ENV = "CUTOVER_CURSOR_KEY";

    private final CutoverConfig config;
    private final Map<String, Operation> operations = new LinkedHashMap<>();
    private final RouterClients clients;
    private final AppConfigDataClient appConfig;
    private final Telemetry telemetry;
    private final Decider decider;
    private final Execution execution;
    private final CursorCodec cursors;

    /** Options of the runtime; see {@code CutoverRouting.Builder}. */
    public record Options(ObjectMapper json, Consumer<String> logSink, Duration flagsFetchTimeout, int secondaryThreads,
            byte[] cursorSecret) {
    }

    public RouterRuntime(CutoverConfig config, AwsClientFactory factory, Options options) {
        this.config = config;
        config.operations().forEach(o -> operations.put(o.name(), o));
        this.telemetry = new Telemetry(options.json(), options.logSink());
        this.clients = RouterClients.create(config, factory);
        // The flags fetch runs on the request path when due: a short deadline keeps an AppConfig outage cheap.
        this.appConfig = factory.build(AppConfigDataClient.builder(), Side.NEW, o -> o.apiCallTimeout(options.flagsFetchTimeout()));
        this.decider = new Decider(new FlagPoller(appConfig, config, safeDefault(config), telemetry, System::nanoTime));
        this.execution = new Execution(new CredentialRefresh(clients.factory().legacyCredentials(), telemetry),
                new Secondaries(options.secondaryThreads(), options.secondaryThreads() * 16), telemetry, new Permissions(config),
                config.router().secondaryTimeout());
        this.cursors = options.cursorSecret() != null ? new CursorCodec(options.cursorSecret()) : cursorsFromEnvironment(config, telemetry);
    }

    /** Before the first successful flags fetch: every operation on {@code router.defaultSide}, no shadow, no dual write. */
    private static RoutingFlags safeDefault(CutoverConfig config) {
        RoutingFlags all = RoutingFlags.allLegacy(config);
        if (config.router().defaultSide() == Side.LEGACY) {
            return all;
        }
        OperationFlag onNew = new OperationFlag(Side.NEW, 0, false, false);
        for (Operation op : config.operations()) {
            all = all.with(op.name(), onNew);
        }
        return all;
    }

    /**
     * The cursor secret from $CUTOVER_CURSOR_KEY; without it, a random secret, valid only in this process (a WARN says
     * so when some operation pages with cursors).
     */
    private static CursorCodec cursorsFromEnvironment(CutoverConfig config, Telemetry telemetry) {
        String secret = System.getenv(CURSOR_KEY_ENV);
        if (secret != null && secret.length() >= 16) {
            return new CursorCodec(secret.getBytes(StandardCharsets.UTF_8));
        }
        config.operations().stream().filter(o -> o.action() instanceof DynamoDbQuery).findFirst()
                .ifPresent(o -> telemetry.warn("cursor_key_ephemeral", null, o.name(), Map.of("fix", "set " + CURSOR_KEY_ENV
                        + " (16 or more characters, the same on every instance) so that a cursor stays valid on any instance")));
        return CursorCodec.ephemeral();
    }

    public CutoverConfig config() {
        return config;
    }

    /** The operation named {@code name}; a clear error naming the known ones otherwise. */
    public Operation operation(String name) {
        Operation op = operations.get(name);
        if (op == null) {
            throw new RoutingException("no operation named '" + name + "'; known: " + operations.keySet());
        }
        return op;
    }

    public RouterClients clients() {
        return clients;
    }

    public Telemetry telemetry() {
        return telemetry;
    }

    public Decider decider() {
        return decider;
    }

    public Execution execution() {
        return execution;
    }

    public CursorCodec cursors() {
        return cursors;
    }

    @Override
    public void close() {
        execution.close();
        appConfig.close();
        clients.close();
    }
}
