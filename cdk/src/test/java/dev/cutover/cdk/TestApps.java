package dev.cutover.cdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import software.amazon.awscdk.App;
import software.amazon.awscdk.AppProps;

/**
 * Apps for tests. Synthesis under jsii takes seconds, so the example app is built once per JVM and
 * shared by the test classes. The router's real jar is used when the router module has been
 * packaged; otherwise a tiny placeholder directory stands in as the Lambda asset (the stacks only
 * need a path to hash and stage, not a runnable handler).
 */
final class TestApps {
    static final Path CDK_DIR = Path.of("").toAbsolutePath();
    private static CutoverApp.Stacks example;
    private static Path placeholder;

    private TestApps() {
    }

    static synchronized CutoverApp.Stacks example() {
        if (example == null) {
            example = build(Map.of());
        }
        return example;
    }

    static CutoverApp.Stacks build(Map<String, Object> context) {
        Map<String, Object> all = new LinkedHashMap<>();
        all.put(CutoverSettings.ROUTER_JAR, routerCode().toString());
        all.put(CutoverSettings.MIGRATION_JAR, routerCode().toString()); // any asset: the stacks only hash and stage it
        all.putAll(context);
        App app = new App(AppProps.builder().context(all).outdir(tempDir("cdk-out").toString()).build());
        return CutoverApp.addStacks(app, CDK_DIR);
    }

    static synchronized Path routerCode() {
        Path jar = CDK_DIR.resolve("../router/target/cutover-router-lambda.jar").normalize();
        if (Files.isRegularFile(jar)) {
            return jar;
        }
        if (placeholder == null) {
            placeholder = tempDir("router-placeholder");
            try {
                Files.writeString(placeholder.resolve("README.txt"), "placeholder for the router jar in cdk tests\n");
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return placeholder;
    }

    static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            dir.toFile().deleteOnExit();
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
