package dev.cutover.sandbox.bench;

import dev.cutover.sandbox.internal.dynamodb.DynamoDbLocalServer;
import dev.cutover.sandbox.internal.dynamodb.DynamoDbServiceFactory;
import dev.cutover.sandbox.internal.testedge.PassThroughEdge;
import java.net.URI;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

public final class TempPassThroughBench {
    private TempPassThroughBench() {
    }

    public static void main(String[] args) throws Exception {
        System.setProperty("sun.net.httpserver.nodelay", "true");
        var creds = StaticCredentialsProvider.create(AwsBasicCredentials.create("111111111111", "x"));
        try (PassThroughEdge edge = new PassThroughEdge(new DynamoDbServiceFactory());
             DynamoDbLocalServer direct = DynamoDbLocalServer.start();
             BatchWriteLoad viaEdge = new BatchWriteLoad(URI.create(edge.endpoint()), creds, "bench");
             BatchWriteLoad straight = new BatchWriteLoad(direct.endpoint(), creds, "bench")) {
            straight.run(4, 3000);
            viaEdge.run(4, 3000);
            for (int r = 0; r < 2; r++) {
                double d = straight.run(4, 5000);
                double e = viaEdge.run(4, 5000);
                System.out.printf("direct %.0f items/s, edge %.0f items/s, ratio %.2f%n", d, e, e / d);
            }
        }
        System.exit(0);
    }
}
