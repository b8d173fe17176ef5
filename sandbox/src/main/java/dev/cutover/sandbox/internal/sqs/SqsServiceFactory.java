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

/** Starts one ElasticMQ per account, all at once (each start is mostly waiting on its own actor system). */
public final class SqsServiceFactory implements AwsServiceFactory {

    @Override
    public List<AwsService> create(SandboxContext context) {
        URI edge = URI.create(context.endpoint());
        Map<String, CompletableFuture<ElasticMqServer>> starting = new LinkedHashMap<>();
        for (String account : context.accountIds()) {
            CompletableFuture<ElasticMqServer> future = new CompletableFuture<>();
            Thread starter = new Thread(() -> {
                try {
                    future.complete(ElasticMqServer.start(account, context.region(), edge));
                } catch (RuntimeException e) {
                    future.completeExceptionally(e);
                }
            }, "elasticmq-start-" + account);
            starter.setDaemon(true);
            starter.start();
            starting.put(account, future);
        }
        Map<String, ElasticMqServer> started = new LinkedHashMap<>();
        List<RuntimeException> failures = new ArrayList<>();
        starting.forEach((account, future) -> {
            try {
                started.put(account, future.join());
            } catch (CompletionException e) {
                failures.add(e.getCause() instanceof RuntimeException r ? r : e);
            }
        });
        if (!failures.isEmpty()) {
            started.values().forEach(ElasticMqServer::close);
            RuntimeException first = failures.get(0);
            failures.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        return List.of(new SqsService(context.region(), started));
    }
}
