package dev.cutover.sandbox.bench;

import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import dev.cutover.sandbox.dynalite.Dynalite;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * BatchWriteItem items/s through the sandbox edge (SigV4 check, account mapping, IAM, the project's own DynamoDB engine)
 * against the same SDK client code straight to dynalite (npm, an independent DynamoDB implementation) on the same machine,
 * rounds interleaved (dynalite, edge, dynalite, edge, ...) so drift on a shared machine hits both alike. Run like
 * {@link StartupBench}, class dev.cutover.sandbox.bench.EdgeBatchWriteBench [threads] [secondsPerRound] [rounds].
 */
public final class EdgeBatchWriteBench {

    private EdgeBatchWriteBench() {
    }

    public static void main(String[] args) throws Exception {
        int threads = args.length > 0 ? Integer.parseInt(args[0]) : 4;
        long millis = (args.length > 1 ? Long.parseLong(args[1]) : 10) * 1000L;
        int rounds = args.length > 2 ? Integer.parseInt(args[2]) : 3;
        var root = StaticCredentialsProvider.create(AwsBasicCredentials.create("111111111111", "sandbox-root-secret-111111111111"));
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults());
                Dynalite bare = Dynalite.start();
                BatchWriteLoad direct = new BatchWriteLoad(bare.endpoint(), root, "bench-direct");
                BatchWriteLoad viaEdge = new BatchWriteLoad(sandbox.endpoint(), root, "bench-edge")) {
            // Warm both paths (JIT, connection pools) for one round's length each before measuring: with a 3 s warm-up the
            // edge's first measured round still ran partly interpreted (its rounds climbed 21k, 25k, 34k items/s).
            direct.run(threads, millis);
            viaEdge.run(threads, millis);
            double directSum = 0;
            double edgeSum = 0;
            for (int round = 0; round < rounds; round++) {
                double d = direct.run(threads, millis);
                double e = viaEdge.run(threads, millis);
                directSum += d;
                edgeSum += e;
                System.out.printf("round=%d threads=%d dynalite=%.0f items/s edge=%.0f items/s edge/dynalite=%.2f%n", round, threads, d, e,
                        e / d);
            }
            System.out.printf("mean dynalite=%.0f items/s edge=%.0f items/s edge/dynalite=%.2f%n", directSum / rounds, edgeSum / rounds,
                    edgeSum / directSum);
        }
    }
}
