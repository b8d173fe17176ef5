package dev.cutover.sandbox.internal.sqs;

import java.net.URI;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

class StartTimeExploreTest {
    @Test
    void explore() {
        URI edge = URI.create("http://127.0.0.1:4566");
        long s0 = System.nanoTime();
        var system = org.apache.pekko.actor.ActorSystem.create("probe");
        long s1 = System.nanoTime();
        system.terminate();
        System.out.printf("cold actor system %dms%n", (s1 - s0) / 1_000_000);
        for (int round = 0; round < 3; round++) {
            long t0 = System.nanoTime();
            ElasticMqServer one = ElasticMqServer.start("111111111111", "us-east-1", edge);
            long t1 = System.nanoTime();
            var a = CompletableFuture.supplyAsync(() -> ElasticMqServer.start("111111111111", "us-east-1", edge));
            var b = CompletableFuture.supplyAsync(() -> ElasticMqServer.start("222222222222", "us-east-1", edge));
            List<ElasticMqServer> two = List.of(a.join(), b.join());
            long t2 = System.nanoTime();
            one.close();
            long t3 = System.nanoTime();
            two.parallelStream().forEach(ElasticMqServer::close);
            long t4 = System.nanoTime();
            System.out.printf("round %d: one=%dms twoParallel=%dms closeOne=%dms closeTwo=%dms%n", round,
                    (t1 - t0) / 1_000_000, (t2 - t1) / 1_000_000, (t3 - t2) / 1_000_000, (t4 - t3) / 1_000_000);
        }
    }
}
