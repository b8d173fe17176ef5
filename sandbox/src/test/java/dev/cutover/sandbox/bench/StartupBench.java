package dev.cutover.sandbox.bench;

import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import java.io.InputStream;
import java.lang.management.ManagementFactory;
import java.net.HttpURLConnection;

/**
 * Time from a fresh JVM to a serving sandbox (every AwsServiceFactory on the class path included).
 * Run in its own JVM, e.g.:
 *
 * <pre>
 * ./mvnw -q -pl sandbox test-compile dependency:build-classpath -Dmdep.outputFile=target/cp.txt -Dmdep.includeScope=test
 * java -cp sandbox/target/test-classes:sandbox/target/classes:$(cat sandbox/target/cp.txt) dev.cutover.sandbox.bench.StartupBench
 * </pre>
 */
public final class StartupBench {

    private StartupBench() {
    }

    public static void main(String[] args) throws Exception {
        long jvmStart = ManagementFactory.getRuntimeMXBean().getStartTime();
        long beforeStart = System.currentTimeMillis();
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.defaults())) {
            // HttpURLConnection, not java.net.http.HttpClient: the latter's first use initialises TLS and costs seconds.
            HttpURLConnection health = (HttpURLConnection) sandbox.endpoint().resolve("/_sandbox/health").toURL().openConnection();
            int status = health.getResponseCode();
            try (InputStream body = health.getInputStream()) {
                body.readAllBytes();
            }
            long ready = System.currentTimeMillis();
            if (status != 200) {
                throw new IllegalStateException("health answered " + status);
            }
            System.out.printf("services=%s%n", sandbox.serviceNames());
            System.out.printf("Sandbox.start() ms=%d%n", sandbox.startupTime().toMillis());
            System.out.printf("start() call to healthy ms=%d%n", ready - beforeStart);
            System.out.printf("JVM start to healthy ms=%d%n", ready - jvmStart);
        }
    }
}
