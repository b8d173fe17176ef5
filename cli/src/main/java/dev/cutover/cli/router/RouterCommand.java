package dev.cutover.cli.router;

import dev.cutover.cli.CommonOptions;
import dev.cutover.config.CutoverConfig;
import dev.cutover.config.aws.AwsClientFactory;
import dev.cutover.router.LocalAuthorizer;
import dev.cutover.router.LocalRouterServer;
import dev.cutover.router.SandboxLocalAuthorizer;
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
            "  curl http://127.0.0.1:8080/items/item-000042",
            "  curl --aws-sigv4 \"aws:amz:us-east-1:execute-api\" --user \"$AWS_ACCESS_KEY_ID:$AWS_SECRET_ACCESS_KEY\" \\",
            "       http://127.0.0.1:8080/settings/currency      (auth: iam routes need SigV4, verified by the sandbox)"})
public final class RouterCommand implements Callable<Integer> {
    @Mixin
    CommonOptions options;
    @Spec
    CommandSpec spec;

    @Option(names = "--port", defaultValue = "8080", description = "Port on 127.0.0.1 (default ${DEFAULT-VALUE}; 0 = any free port).")
    int port;

    @Option(names = "--no-auth", description = {"Serve auth: iam and auth: jwt routes to anyone, unchecked (for experiments only).",
        "By default auth: iam routes need a SigV4 signature (service execute-api) that the sandbox at --endpoint verifies,",
        "from a principal allowed execute-api:Invoke on the route; auth: jwt routes answer 401 (only API Gateway verifies JWTs)."})
    boolean noAuth;

    @Override
    public Integer call() throws Exception {
        CutoverConfig config = options.loadConfig();
        AwsClientFactory.Builder factory = AwsClientFactory.builder()
                .newAccountCredentials(options.newAccountCredentials())
                .apiCallTimeout(config.router().backendTimeout()); // as the Lambda handler does
        if (options.endpointOrNull() != null) {
            factory.endpoint(options.endpointOrNull());
        }
        PrintWriter out = spec.commandLine().getOut();
        LocalAuthorizer authorizer = authorizer(spec.commandLine().getErr());
        LocalRouterServer server = LocalRouterServer.start(config, factory.build(config), port, authorizer);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            server.close();
            stopped.countDown();
        }, "router-shutdown"));
        out.printf("router listening on %s (%d operations)%n", server.url(), config.operations().size());
        config.operations().forEach(op -> out.printf("  %-28s %s%n", op.route(), op.name()));
        out.printf("auth: %s%n", noAuth ? "OFF (--no-auth): every route answers anyone on 127.0.0.1"
                : options.endpointOrNull() != null ? "enforced; auth: iam routes verified by the sandbox at " + options.endpointOrNull()
                + " (execute-api:Invoke on arn:aws:execute-api:" + config.region() + ":" + config.accounts().newAccountId() + ":"
                + LocalRouterServer.LOCAL_API_ID + "/" + LocalRouterServer.LOCAL_STAGE + "/METHOD/PATH)"
                : "enforced; no --endpoint, so nothing can verify SigV4 here: auth: iam routes answer 403");
        out.println("Ctrl-C stops it.");
        out.flush();
        stopped.await();
        return 0;
    }

    private LocalAuthorizer authorizer(PrintWriter err) {
        if (noAuth) {
            err.println("WARNING: --no-auth: the router serves auth: iam and auth: jwt routes (SecureStrings included) to anyone who"
                    + " reaches 127.0.0.1, without checking signatures or tokens. Use it for experiments only.");
            err.flush();
            return LocalAuthorizer.off();
        }
        if (options.endpointOrNull() == null) {
            return LocalAuthorizer.unavailable("this route requires SigV4 (auth: iam); the local router verifies signatures only"
                    + " against a cutover sandbox (./cutover router --endpoint URL); against AWS, call the route through API Gateway");
        }
        return new SandboxLocalAuthorizer(options.endpointOrNull());
    }
}
