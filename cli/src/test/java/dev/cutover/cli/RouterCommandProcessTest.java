package dev.cutover.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.cli.demo.ApiSigner;
import dev.cutover.cli.sandbox.SandboxSeeder;
import dev.cutover.config.CutoverConfig;
import dev.cutover.sandbox.Sandbox;
import dev.cutover.sandbox.SandboxConfig;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;

/**
 * {@code ./cutover router --endpoint URL} in a child JVM, the seeded sandbox in this one: the router's {@code auth: iam}
 * route is checked by the sandbox in another process. A client signing as the seeded {@code cutover-api-client} role
 * (the demo's {@link ApiSigner}) reads the SecureString; an unsigned client gets API Gateway's 403; an open route stays open.
 */
class RouterCommandProcessTest {
    private static final Pattern LISTENING = Pattern.compile("router listening on (http://127\\.0\\.0\\.1:\\d+) .*");

    @Test
    void router_withSandboxEndpoint_servesIamRouteOnlyToSignedAllowedCallers() throws Exception {
        CutoverConfig config = CutoverConfig.example();
        try (Sandbox sandbox = Sandbox.start(SandboxConfig.builder().port(0).region(config.region())
                .legacyAccountId(config.accounts().legacy().accountId()).newAccountId(config.accounts().newAccountId()).build())) {
            SandboxSeeder.seed(sandbox, config, 20, 0);
            String account = sandbox.newAccountId();
            List<String> command = List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "-cp", System.getProperty("java.class.path"), "-XX:TieredStopAtLevel=1",
                    "dev.cutover.cli.CutoverMain", "router", "--port", "0", "--endpoint", sandbox.endpoint().toString());
            ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true);
            Map<String, String> env = builder.environment();
            env.keySet().removeIf(name -> name.startsWith("AWS_"));
            env.put("AWS_ACCESS_KEY_ID", account);
            env.put("AWS_SECRET_ACCESS_KEY", sandbox.rootSecretKey(account));
            env.put("AWS_REGION", sandbox.region());
            Process router = builder.start();
            List<String> output = new ArrayList<>();
            try {
                URI url = CompletableFuture.supplyAsync(() -> awaitUrl(router, output)).get(90, TimeUnit.SECONDS);
                assertThat(url).as("the router printed its URL: %s", output).isNotNull();
                assertThat(String.join("\n", output)).contains("auth: enforced; auth: iam routes verified by the sandbox at "
                        + sandbox.endpoint());
                HttpClient http = HttpClient.newHttpClient();
                URI setting = url.resolve("/settings/currency");

                HttpResponse<String> unsigned = http.send(HttpRequest.newBuilder(setting).build(), HttpResponse.BodyHandlers.ofString());
                assertThat(unsigned.statusCode()).isEqualTo(403);
                assertThat(unsigned.body()).contains("Missing Authentication Token");

                try (StsClient sts = StsClient.builder().endpointOverride(sandbox.endpoint()).region(Region.of(sandbox.region()))
                        .credentialsProvider(SandboxSeeder.root(sandbox, account)).build();
                        StsAssumeRoleCredentialsProvider client = StsAssumeRoleCredentialsProvider.builder().stsClient(sts)
                                .refreshRequest(r -> r.roleArn("arn:aws:iam::" + account + ":role/" + SandboxSeeder.API_CLIENT_ROLE)
                                        .roleSessionName("process-test")).build()) {
                    HttpRequest.Builder signed = HttpRequest.newBuilder(setting);
                    ApiSigner.forIamRoutes(config, client).sign(signed, "GET", setting, null);
                    HttpResponse<String> allowed = http.send(signed.build(), HttpResponse.BodyHandlers.ofString());
                    assertThat(allowed.statusCode()).as(allowed.body()).isEqualTo(200);
                    assertThat(allowed.body()).contains("\"name\"");
                }

                HttpResponse<String> open = http.send(HttpRequest.newBuilder(url.resolve("/items/item-000007")).build(),
                        HttpResponse.BodyHandlers.ofString());
                assertThat(open.statusCode()).as(open.body()).isEqualTo(200);
            } finally {
                router.destroy();
                if (!router.waitFor(30, TimeUnit.SECONDS)) {
                    router.destroyForcibly();
                }
            }
        }
    }

    private static URI awaitUrl(Process process, List<String> output) {
        try {
            BufferedReader lines = new BufferedReader(new InputStreamReader(process.getInputStream(), StandardCharsets.UTF_8));
            URI url = null;
            String line;
            while ((line = lines.readLine()) != null) {
                synchronized (output) {
                    output.add(line);
                }
                Matcher m = LISTENING.matcher(line);
                if (m.matches()) {
                    url = URI.create(m.group(1));
                }
                if (url != null && line.startsWith("Ctrl-C")) {
                    // keep draining so the child never blocks on a full pipe
                    Thread drain = new Thread(() -> lines.lines().forEach(l -> { }), "router-output");
                    drain.setDaemon(true);
                    drain.start();
                    return url;
                }
            }
            return null;
        } catch (java.io.IOException e) {
            return null;
        }
    }
}
