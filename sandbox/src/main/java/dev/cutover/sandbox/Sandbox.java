package dev.cutover.sandbox;

import dev.cutover.sandbox.internal.edge.AccessKeys;
import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.AwsServiceFactory;
import dev.cutover.sandbox.internal.edge.Caller;
import dev.cutover.sandbox.internal.edge.EdgeServer;
import dev.cutover.sandbox.internal.edge.ExecuteApiAuthorization;
import dev.cutover.sandbox.internal.edge.FaultInjector;
import dev.cutover.sandbox.internal.edge.RequestCounter;
import dev.cutover.sandbox.internal.edge.SandboxAdmin;
import dev.cutover.sandbox.internal.edge.SandboxContext;
import dev.cutover.sandbox.internal.iam.IamAuthorizer;
import dev.cutover.sandbox.internal.iam.RoleRegistry;
import dev.cutover.sandbox.internal.stepfunctions.StepFunctionsService;
import dev.cutover.sandbox.internal.sts.CredentialStore;
import dev.cutover.sandbox.internal.sts.StsService;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * A local two-account AWS: one SigV4 endpoint on 127.0.0.1 in front of STS, IAM and every service
 * stand-in found on the class path ({@link AwsServiceFactory} via ServiceLoader).
 *
 * <pre>{@code
 * try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults())) {
 *     StsClient sts = StsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
 *             .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(
 *                     sandbox.legacyAccountId(), sandbox.rootSecretKey(sandbox.legacyAccountId()))))
 *             .build();
 * }
 * }</pre>
 *
 * <h2>Admin endpoint</h2>
 * Unsigned JSON routes under {@code /_sandbox/} on the same port, answered only to 127.0.0.1:
 * <ul>
 *   <li>{@code GET /_sandbox/health} → {@code {"status":"ready","endpoint":..,"region":..,"accounts":[..],"services":[..]}}</li>
 *   <li>{@code GET /_sandbox/faults} → the faults in force:
 *       {@code {"throttle":{"dynamodb:BatchWriteItem":0.5},"latencyMillis":{"sqs":200,"dynamodb@111111111111":300},
 *       "unavailable":["ssm"]}} (a key ending in {@code @account} applies to that account's calls only)</li>
 *   <li>{@code POST /_sandbox/faults} with
 *       {@code {"clear":false,"throttle":[{"service":"dynamodb","operation":"BatchWriteItem","fraction":0.5}],
 *       "latency":[{"service":"sqs","millis":200},{"service":"dynamodb","account":"111111111111","millis":300}],
 *       "unavailable":["ssm",{"service":"sqs","account":"222222222222"}]}} adds faults (every element optional;
 *       "operation" optional, "fraction" defaults to 1.0, "account" optional: without it the fault hits every account;
 *       "clear":true clears first); answers the faults in force</li>
 *   <li>{@code DELETE /_sandbox/faults} clears every fault</li>
 *   <li>{@code POST /_sandbox/expire-credentials} → {@code {"expired":3}}: every issued temporary credential expires now</li>
 *   <li>{@code GET /_sandbox/requests} → {@code {"sts:AssumeRole":3,"dynamodb:BatchWriteItem":120}};
 *       {@code DELETE /_sandbox/requests} resets the counts</li>
 *   <li>{@code POST /_sandbox/execute-api/authorize} with {@code {"method","path","query","headers","bodySha256","resource"}}
 *       → API Gateway's IAM authorization of that request: {@code {"allowed":true,"principal":..}} or
 *       {@code {"allowed":false,"status":403,"errorType":..,"message":..}} (the local router's check of {@code auth: iam}
 *       routes; see {@link dev.cutover.sandbox.internal.edge.ExecuteApiAuthorization})</li>
 * </ul>
 * Errors are {@code {"message":"..."}} with status 400 (bad input) or 404 (unknown route).
 */
public final class Sandbox implements AutoCloseable {

    private final SandboxConfig config;
    private final EdgeServer edge;
    private final URI endpoint;
    private final RoleRegistry roles;
    private final FaultInjector faults;
    private final RequestCounter counter;
    private final List<AwsService> services;
    private final Lambdas lambdas;
    private final Duration startupTime;
    private final AtomicBoolean closed = new AtomicBoolean();

    private Sandbox(SandboxConfig config, EdgeServer edge, RoleRegistry roles, FaultInjector faults, RequestCounter counter,
            List<AwsService> services, Lambdas lambdas, Duration startupTime) {
        this.config = config;
        this.edge = edge;
        this.endpoint = URI.create("http://127.0.0.1:" + edge.port());
        this.roles = roles;
        this.faults = faults;
        this.counter = counter;
        this.services = List.copyOf(services);
        this.lambdas = lambdas;
        this.startupTime = startupTime;
    }

    /**
     * Loads the IAM configuration, binds the edge, creates every service (factories in parallel,
     * once the endpoint is known) and starts serving. Throws {@link SandboxException} when anything
     * fails, after releasing what was already started.
     */
    public static Sandbox start(SandboxConfig config) {
        long started = System.nanoTime();
        List<String> accountIds = config.accountIds();
        RoleRegistry roles = new RoleRegistry(accountIds, config.region());
        roles.putAll(config.roles());
        config.iamConfigFiles().forEach(roles::loadConfigFile);
        config.cloudFormationTemplates().forEach(t -> roles.loadCloudFormationTemplate(t.accountId(), t.template()));

        CredentialStore credentials = new CredentialStore(config.clock());
        IamAuthorizer authorizer = new IamAuthorizer(roles,
                accessKeyId -> credentials.session(accessKeyId).flatMap(CredentialStore.Session::sessionPolicy));
        RequestCounter counter = new RequestCounter();
        List<AwsService> services = new ArrayList<>();
        FaultInjector faults = new FaultInjector(() -> serviceNames(services), accountIds, credentials::expireAll);
        AccessKeys accessKeys = accessKeyId -> accountIds.contains(accessKeyId)
                ? Optional.of(new AccessKeys.AccessKey(Caller.root(accessKeyId), config.rootSecretKey(accessKeyId), null))
                : credentials.find(accessKeyId);

        EdgeServer edge = new EdgeServer(config.port(), config.region(), config.clock(), accessKeys, authorizer, faults, counter);
        try {
            SandboxContext context = new SandboxContext(config.region(), accountIds, "http://127.0.0.1:" + edge.port(), config.clock(),
                    config.dataDir().orElse(null));
            services.add(new StsService(roles, authorizer, credentials, config.clock(), config.credentialLifetime()));
            Lambdas lambdas = new Lambdas(config.region(), accountIds);
            services.add(new StepFunctionsService(context, lambdas, config.stepFunctionsTimeScale()));
            services.addAll(createServices(context));
            requireUniqueNames(services);
            edge.register(services);
            Duration startupTime = Duration.ofNanos(System.nanoTime() - started);
            Sandbox sandbox = new Sandbox(config, edge, roles, faults, counter, services, lambdas, startupTime);
            edge.admin(new SandboxAdmin(faults, counter, sandbox::health,
                    new ExecuteApiAuthorization(edge.signatures(), authorizer, counter)));
            edge.start();
            return sandbox;
        } catch (RuntimeException e) {
            edge.close();
            closeAll(services);
            throw e instanceof SandboxException ? e : new SandboxException("the sandbox failed to start: " + e.getMessage(), e);
        }
    }

    private static List<AwsService> createServices(SandboxContext context) {
        List<AwsServiceFactory> factories = new ArrayList<>();
        ServiceLoader.load(AwsServiceFactory.class).forEach(factories::add);
        if (factories.isEmpty()) {
            return List.of();
        }
        ExecutorService pool = Executors.newFixedThreadPool(factories.size(), runnable -> {
            Thread thread = new Thread(runnable, "sandbox-start");
            thread.setDaemon(true);
            return thread;
        });
        try {
            List<CompletableFuture<List<AwsService>>> futures = new ArrayList<>();
            for (AwsServiceFactory factory : factories) {
                futures.add(CompletableFuture.supplyAsync(() -> {
                    try {
                        return factory.create(context);
                    } catch (RuntimeException e) {
                        throw new SandboxException(factory.getClass().getName() + " failed to start: " + e.getMessage(), e);
                    }
                }, pool));
            }
            List<AwsService> created = new ArrayList<>();
            SandboxException failure = null;
            for (CompletableFuture<List<AwsService>> future : futures) {
                try {
                    created.addAll(future.join());
                } catch (CompletionException e) {
                    Throwable cause = e.getCause() == null ? e : e.getCause();
                    if (failure == null) {
                        failure = cause instanceof SandboxException s ? s : new SandboxException(cause.getMessage(), cause);
                    } else {
                        failure.addSuppressed(cause);
                    }
                }
            }
            if (failure != null) {
                closeAll(created);
                throw failure;
            }
            return created;
        } finally {
            pool.shutdown();
        }
    }

    private static void requireUniqueNames(List<AwsService> services) {
        Set<String> names = new TreeSet<>();
        for (AwsService service : services) {
            if (!names.add(service.serviceName())) {
                throw new SandboxException("two services are named '" + service.serviceName() + "' (" + service.getClass().getName()
                        + " is the second); every AwsService needs its own serviceName()");
            }
        }
    }

    private static Set<String> serviceNames(List<AwsService> services) {
        Set<String> names = new TreeSet<>();
        for (AwsService service : List.copyOf(services)) {
            names.add(service.serviceName());
        }
        return names;
    }

    /** {@code http://127.0.0.1:PORT}, for {@code endpointOverride}. */
    public URI endpoint() {
        return endpoint;
    }

    public int port() {
        return edge.port();
    }

    public String region() {
        return config.region();
    }

    public String legacyAccountId() {
        return config.legacyAccountId();
    }

    public String newAccountId() {
        return config.newAccountId();
    }

    public List<String> accountIds() {
        return config.accountIds();
    }

    /** The secret of an account's root credentials (the access key id is the account id itself). */
    public String rootSecretKey(String accountId) {
        if (!config.accountIds().contains(accountId)) {
            throw new SandboxException("no account " + accountId + " in the sandbox; accounts: " + config.accountIds());
        }
        return config.rootSecretKey(accountId);
    }

    public Iam iam() {
        return roles;
    }

    public Faults faults() {
        return faults;
    }

    /** The Lambda functions the Step Functions stand-in can invoke: handler objects in this JVM, registered by the caller. */
    public Lambdas lambdas() {
        return lambdas;
    }

    /**
     * Requests signed with credentials of {@code accountId} (root or any role session of it) that reached
     * {@code service} ({@code null}: every service) and {@code operation} ({@code null}: every operation).
     */
    public long requestCountForAccount(String accountId, String service, String operation) {
        return counter.countForAccount(accountId, service, operation);
    }

    /** Requests that reached {@code service}'s {@code operation} (faulted ones included), e.g. ("sts", "AssumeRole"). */
    public long requestCount(String service, String operation) {
        return counter.count(service, operation);
    }

    /** Every count so far, keyed "service:Operation". */
    public Map<String, Long> requestCounts() {
        return counter.snapshot();
    }

    public void resetRequestCounts() {
        counter.reset();
    }

    /** The names services are known by in faults and counts ("sts", "dynamodb", ...). */
    public Set<String> serviceNames() {
        return serviceNames(services);
    }

    /** From {@link #start} being called to the edge serving. */
    public Duration startupTime() {
        return startupTime;
    }

    public SandboxConfig config() {
        return config;
    }

    /** Stops the edge, then closes every service. Idempotent. */
    @Override
    public void close() {
        if (closed.compareAndSet(false, true)) {
            edge.close();
            closeAll(services);
        }
    }

    private Map<String, Object> health() {
        Map<String, Object> health = new LinkedHashMap<>();
        health.put("status", closed.get() ? "closed" : "ready");
        health.put("endpoint", endpoint.toString());
        health.put("region", config.region());
        health.put("accounts", config.accountIds());
        health.put("services", serviceNames());
        return health;
    }

    private static void closeAll(List<AwsService> services) {
        SandboxException failure = null;
        for (AwsService service : List.copyOf(services)) {
            try {
                service.close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new SandboxException("closing " + service.serviceName() + " failed: " + e.getMessage(), e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
