package dev.cutover.sandbox.internal.sqs;

import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.AwsServiceFactory;
import dev.cutover.sandbox.internal.edge.SandboxContext;
import java.net.URI;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * One ElasticMQ per account, all started at once on background threads; the first SQS request waits
 * for them. A cold start is 1.5-3 s of Pekko class loading on a busy 2-core machine (later instances in
 * the same JVM take under 100 ms), so starting in the background keeps it out of the sandbox's start time.
 */
public final class SqsServiceFactory implements AwsServiceFactory {

    @Override
    public List<AwsService> create(SandboxContext context) {
        URI edge = URI.create(context.endpoint());
        Map<String, CompletableFuture<ElasticMqServer>> starting = new LinkedHashMap<>();
        for (String account : context.accountIds()) {
            starting.put(account, startInBackground(account, context.region(), edge));
        }
        CompletableFuture<Map<String, ElasticMqServer>> all = CompletableFuture
                .allOf(starting.values().toArray(CompletableFuture[]::new))
                .handle((ignored, failure) -> collect(starting));
        return List.of(new SqsService(context.region(), all));
    }

    private static CompletableFuture<ElasticMqServer> startInBackground(String account, String region, URI edge) {
        CompletableFuture<ElasticMqServer> future = new CompletableFuture<>();
        Thread starter = new Thread(() -> {
            try {
                future.complete(ElasticMqServer.start(account, region, edge));
            } catch (RuntimeException | Error e) {
                future.completeExceptionally(e);
            }
        }, "elasticmq-start-" + account);
        starter.setDaemon(true);
        starter.start();
        return future;
    }

    /** All servers, or (after closing the ones that did start) the first failure with the others suppressed. */
    private static Map<String, ElasticMqServer> collect(Map<String, CompletableFuture<ElasticMqServer>> starting) {
        Map<String, ElasticMqServer> started = new LinkedHashMap<>();
        List<Throwable> failures = new ArrayList<>();
        starting.forEach((account, future) -> {
            try {
                started.put(account, future.join());
            } catch (CompletionException e) {
                failures.add(e.getCause());
            }
        });
        if (failures.isEmpty()) {
            return Map.copyOf(started);
        }
        started.values().forEach(ElasticMqServer::close);
        IllegalStateException failure = new IllegalStateException("ElasticMQ failed to start: " + failures.get(0).getMessage());
        failures.forEach(failure::addSuppressed);
        throw failure;
    }
}
