package dev.cutover.sandbox.internal.dynamodb;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.NetworkInterface;
import java.net.Socket;
import java.net.SocketException;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

class DynamoDbLocalServerTest {

    @Test
    void start_listensOnLoopbackOnly() throws IOException {
        Optional<InetAddress> external = nonLoopbackAddress();
        assumeTrue(external.isPresent(), "this machine has no non-loopback IPv4 address to probe");

        try (DynamoDbLocalServer server = DynamoDbLocalServer.start()) {
            int port = server.endpoint().getPort();
            assertThat(server.endpoint().getHost()).isEqualTo("127.0.0.1");
            try (Socket loopback = new Socket()) {
                loopback.connect(new InetSocketAddress("127.0.0.1", port), 2000);
                assertThat(loopback.isConnected()).isTrue();
            }
            assertThatThrownBy(() -> {
                try (Socket outside = new Socket()) {
                    outside.connect(new InetSocketAddress(external.get(), port), 2000);
                }
            }).isInstanceOf(IOException.class);
        }
    }

    @Test
    void close_afterTablesWereCreated_leavesNoNonDaemonThreadsBehind() throws Exception {
        long before = liveSqliteThreads();
        try (DynamoDbLocalServer server = DynamoDbLocalServer.start();
                DynamoDbClient client = DynamoDbClient.builder()
                        .endpointOverride(server.endpoint())
                        .region(Region.US_EAST_1)
                        .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("111111111111", "s")))
                        .httpClient(UrlConnectionHttpClient.create())
                        .build()) {
            client.createTable(b -> b.tableName("close-test").billingMode(BillingMode.PAY_PER_REQUEST)
                    .keySchema(k -> k.attributeName("id").keyType(KeyType.HASH))
                    .attributeDefinitions(a -> a.attributeName("id").attributeType(ScalarAttributeType.S)));
            assertThat(liveSqliteThreads()).as("a database thread per access key while running").isGreaterThan(before);
        }
        long deadline = System.nanoTime() + 5_000_000_000L;
        while (liveSqliteThreads() > before && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(liveSqliteThreads()).as("non-daemon SQLite threads left after close (they keep the JVM alive)").isEqualTo(before);
    }

    private static long liveSqliteThreads() {
        return Thread.getAllStackTraces().keySet().stream()
                .filter(t -> t.isAlive() && !t.isDaemon() && t.getName().startsWith("SQLiteQueue"))
                .count();
    }

    /** An address of this host that is not 127.0.0.0/8. */
    static Optional<InetAddress> nonLoopbackAddress() throws SocketException {
        return NetworkInterface.networkInterfaces()
                .flatMap(NetworkInterface::inetAddresses)
                .filter(a -> a instanceof Inet4Address && !a.isLoopbackAddress() && !a.isLinkLocalAddress())
                .findFirst();
    }
}
