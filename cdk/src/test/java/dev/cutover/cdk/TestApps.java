package dev.cutover.cdk;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
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

    private static final List<Path> TEMP_DIRS = new ArrayList<>();

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

    /**
     * A temporary directory removed with everything in it when the test JVM exits (File.deleteOnExit cannot remove a
     * directory that is not empty, and synthesized cloud assemblies are not).
     */
    static Path tempDir(String prefix) {
        try {
            Path dir = Files.createTempDirectory(prefix);
            synchronized (TEMP_DIRS) {
                if (TEMP_DIRS.isEmpty()) {
                    Runtime.getRuntime().addShutdownHook(new Thread(TestApps::deleteTempDirs, "cdk-test-temp-cleanup"));
                }
                TEMP_DIRS.add(dir);
            }
            return dir;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void deleteTempDirs() {
        synchronized (TEMP_DIRS) {
            for (Path dir : TEMP_DIRS) {
                try (Stream<Path> tree = Files.walk(dir)) {
                    tree.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
                } catch (IOException | UncheckedIOException e) {
                    // best effort at JVM exit: a directory left behind is only litter in the temp folder
                }
            }
        }
    }
}
