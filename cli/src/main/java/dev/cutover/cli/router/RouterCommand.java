package dev.cutover.cli.router;

import dev.cutover.cli.CommonOptions;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.router.LocalRouterServer;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/** {@code cutover router}: the router's Lambda handler behind a local HTTP adapter on 127.0.0.1. */
@Command(name = "router", mixinStandardHelpOptions = true,
        description = {"Serve the router on 127.0.0.1 for development: the same handler the Lambda runs, behind a small HTTP adapter.",
            "Credentials of the new account come from --profile or the default chain; the legacy account is reached by",
            "assuming the configured role with its ExternalId. Ctrl-C stops it."},
        footer = {"", "Against the sandbox:", "  ./cutover sandbox --env-file .cutover/sandbox.env &",
            "  set -a; . .cutover/sandbox.env; set +a", "  ./cutover router --port 8080",
            "  curl http://127.0.0.1:8080/items/item-000042"})
public final class RouterCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Override
    public Integer call() throws Exception {
        CutoverConfig config = options.loadConfig();
        AwsClientFactory.Builder factory = AwsClientFactory.builder()
                .newAccountCredentials(options.newAccountCredentials())
                .apiCallTimeout(config.router().backendTimeout()); // as the Lambda handler does
        if (options.endpointOrNull() != null) {
            factory.endpoint(options.endpointOrNull());
        }
        LocalRouterServer server = LocalRouterServer.start(config, factory.build(config), port);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "router-shutdown"));
        PrintWriter out = spec.commandLine().getOut();
        out.printf("router listening on %s (%d operations)%n", server.url(), config.operations().size());
        config.operations().forEach(op -> out.printf("  %-28s %s%n", op.route(), op.name()));
        out.println("Ctrl-C stops it.");
        out.flush();
        stopped.await();
        return 0;
    }
}
