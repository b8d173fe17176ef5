package dev.cutover.migrations.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.migrations.PreflightException;
import dev.cutover.migrations.TestWorld;
import dev.cutover.sandbox.SandboxExtension;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.Parameter;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;
import software.amazon.awssdk.services.ssm.model.ParameterStringFilter;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * The SSM copy against the sandbox: real SDK clients, the legacy tree read through the cross-account role
 * (decrypting with the legacy alias/cutover key), the new tree written with root credentials and re-encrypted
 * with the new account's alias/cutover key.
 */
class SsmCopyTest {
    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    private static final String SOURCE_KEY = "alias/cutover";
    private static final int BULK = 500;

    @TempDir
    static Path dir;

    static TestWorld world;
    static SsmClient legacy;
    static SsmClient target;
    static String targetKeyArn;

    @BeforeAll
    static void setUp() throws Exception {
        Map<String, String[]> trees = new TreeMap<>();
        trees.put("app", new String[] {"/legacy/app", "/app"});
        trees.put("conflict", new String[] {"/legacy/conflict", "/conflict"});
        trees.put("meanwhile", new String[] {"/legacy/meanwhile", "/meanwhile"});
        trees.put("missing", new String[] {"/legacy/missing", "/missing"});
        trees.put("described", new String[] {"/legacy/described", "/described"});
        trees.put("tagged", new String[] {"/legacy/tagged", "/tagged"});
        world = new TestWorld(SANDBOX.sandbox(), dir, Map.of(), trees);
        legacy = world.legacySsm();
        target = world.newSsm();
        targetKeyArn = TestWorld.cutoverKeyArn(SANDBOX.sandbox(), SANDBOX.sandbox().newAccountId());
    }

    @AfterAll
    static void tearDown() {
        legacy.close();
        target.close();
        world.close();
    }

    /** What one seeded parameter must look like in the target (name already rewritten). */
    record Expected(String type, String value, String description, String allowedPattern, String dataType, String tier,
            Map<String, String> tags) {
    }

    private static SsmCopyOptions.Builder options(String name) {
        return SsmCopyOptions.builder().sourcePath("/legacy/" + name).targetPath("/" + name).defaultKmsKeyId(targetKeyArn)
                .maxPutRate(1_000).log(new PrintWriter(new StringWriter(), true));
    }

    /** Seeds /legacy/app with {@link #BULK} parameters of every kind; returns them keyed by their target name. */
    private static Map<String, Expected> seedBulk() throws Exception {
        Map<String, Expected> expected = new ConcurrentSkipListMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(8);
        List<Future<?>> seeded = new ArrayList<>();
        for (int n = 0; n < BULK; n++) {
            int i = n;
            seeded.add(pool.submit(() -> seedOne(i, expected)));
        }
        try {
            for (Future<?> f : seeded) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        // Over 4 KB: SSM keeps it only on the Advanced tier, and the target must be Advanced too.
        String big = "big-" + "x".repeat(6_000);
        put(world.legacySsmRoot, "/legacy/app/svc0/big", "String", big, "over 4 KB", null, "text", "Advanced", Map.of("size", "6k"));
        expected.put("/app/svc0/big", new Expected("String", big, "over 4 KB", null, "text", "Advanced", Map.of("size", "6k")));
        String bigSecret = "big-secret-" + UUID.randomUUID() + "y".repeat(5_000);
        put(world.legacySsmRoot, "/legacy/app/svc1/big-secret", "SecureString", bigSecret, null, null, "text", "Advanced", Map.of());
        expected.put("/app/svc1/big-secret", new Expected("SecureString", bigSecret, null, null, "text", "Advanced", Map.of()));
        return expected;
    }

    private static void seedOne(int i, Map<String, Expected> expected) {
        String relative = "/svc" + (i % 10) + "/env" + (i % 3) + (i % 4 == 0 ? "/deep/er" : "") + "/p" + i;
        String type = i % 5 == 0 ? "SecureString" : i % 5 == 1 ? "StringList" : "String";
        String value = switch (type) {
            case "SecureString" -> "secret-" + i + "-" + UUID.randomUUID();
            case "StringList" -> "a" + i + ",b" + i + ",c";
            default -> i % 7 == 2 ? "ami-" + String.format("%017x", i) : "value-" + i;
        };
        String dataType = "String".equals(type) && i % 7 == 2 ? "aws:ec2:image" : "text";
        String description = i % 2 == 0 ? "parameter number " + i : null;
        String pattern = "String".equals(type) && i % 7 == 3 ? "^value-[0-9]+$" : null;
        String tier = i % 50 == 7 ? "Advanced" : "Standard";
        Map<String, String> tags = i % 3 == 0 ? Map.of("owner", "team-" + (i % 4), "index", Integer.toString(i)) : Map.of();
        put(world.legacySsmRoot, "/legacy/app" + relative, type, value, description, pattern, dataType, tier, tags);
        expected.put("/app" + relative, new Expected(type, value, description, pattern, dataType, tier, tags));
    }

    static void put(SsmClient client, String name, String type, String value, String description, String pattern, String dataType,
            String tier, Map<String, String> tags) {
        PutParameterRequest.Builder r = PutParameterRequest.builder().name(name).type(type).value(value).dataType(dataType).tier(tier);
        if ("SecureString".equals(type)) {
            r.keyId(SOURCE_KEY);
        }
        if (description != null) {
            r.description(description);
        }
        if (pattern != null) {
            r.allowedPattern(pattern);
        }
        if (!tags.isEmpty()) {
            r.tags(tags.entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList());
        }
        client.putParameter(r.build());
    }

    /** The target tree as the SDK reads it (decrypted), independent of the copier's own reader. */
    static Map<String, Expected> readBack(SsmClient client, String path) {
        Map<String, Parameter> values = new HashMap<>();
        client.getParametersByPathPaginator(r -> r.path(path).recursive(true).withDecryption(true))
                .forEach(page -> page.parameters().forEach(p -> values.put(p.name(), p)));
        Map<String, ParameterMetadata> metadata = metadata(client, path);
        Map<String, Expected> out = new TreeMap<>();
        for (Parameter p : values.values()) {
            ParameterMetadata m = metadata.get(p.name());
            Map<String, String> tags = new TreeMap<>();
            client.listTagsForResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId(p.name())).tagList()
                    .forEach(t -> tags.put(t.key(), t.value()));
            // an empty description is no description (an overwrite clears one by sending "")
            String description = m.description() == null || m.description().isEmpty() ? null : m.description();
            out.put(p.name(), new Expected(p.typeAsString(), p.value(), description, m.allowedPattern(), p.dataType(),
                    m.tierAsString(), Map.copyOf(tags)));
        }
        return out;
    }

    static Map<String, ParameterMetadata> metadata(SsmClient client, String path) {
        Map<String, ParameterMetadata> metadata = new HashMap<>();
        client.describeParametersPaginator(r -> r.parameterFilters(ParameterStringFilter.builder().key("Path").option("Recursive")
                .values(path).build())).forEach(page -> page.parameters().forEach(m -> metadata.put(m.name(), m)));
        return metadata;
    }

    private static long ssmWrites() {
        return SANDBOX.sandbox().requestCountForAccount(SANDBOX.sandbox().newAccountId(), "ssm", "PutParameter")
                + SANDBOX.sandbox().requestCountForAccount(SANDBOX.sandbox().newAccountId(), "ssm", "AddTagsToResource");
    }

    @Test
    void apply_when500ParametersOfEveryKind_copiesThemExactlyAndASecondApplyWritesNothing() throws Exception {
        // GIVEN 500+ parameters in nested paths: SecureStrings under alias/cutover, StringLists, Advanced tier, descriptions,
        // allowed patterns, aws:ec2:image data types, tags
        long t0 = System.nanoTime();
        Map<String, Expected> expected = seedBulk();
        SsmParameterCopier copier = new SsmParameterCopier(legacy, target);
        Path reportFile = dir.resolve("app.report.json");

        // WHEN planned and applied
        long t1 = System.nanoTime();
        SsmPlan plan = copier.plan(options("app").build());
        long t2 = System.nanoTime();
        SsmApplyReport report = copier.apply(plan, options("app").reportFile(reportFile).build());
        long t3 = System.nanoTime();
        System.out.printf("ssm parameters=%d seed=%.1fs plan=%.1fs apply=%.1fs%n", expected.size(), (t1 - t0) / 1e9, (t2 - t1) / 1e9,
                (t3 - t2) / 1e9);

        // THEN the plan was all create, and the target holds exactly the source's parameters under /app
        assertThat(plan.entries()).hasSize(expected.size());
        assertThat(plan.count(PlanEntry.Action.CREATE)).isEqualTo(expected.size());
        assertThat(plan.entries()).extracting(PlanEntry::targetName).containsExactlyElementsOf(expected.keySet());
        assertThat(report.created()).isEqualTo(expected.size());
        assertThat(report.failed()).isZero();
        Map<String, Expected> actual = readBack(world.newSsmRoot, "/app");
        assertThat(actual.keySet()).containsExactlyElementsOf(expected.keySet());
        for (Map.Entry<String, Expected> e : expected.entrySet()) {
            assertThat(actual.get(e.getKey())).as(e.getKey()).isEqualTo(e.getValue());
        }
        assertThat(actual.get("/app/svc0/big").tier()).isEqualTo("Advanced");
        long t4 = System.nanoTime();

        // SecureStrings are re-encrypted under the new account's key: other KeyId, other ciphertext
        Map<String, ParameterMetadata> targetMeta = metadata(world.newSsmRoot, "/app");
        List<String> secure = expected.entrySet().stream().filter(e -> "SecureString".equals(e.getValue().type())).map(Map.Entry::getKey)
                .toList();
        assertThat(secure).hasSizeGreaterThan(100);
        for (String name : secure) {
            assertThat(targetMeta.get(name).keyId()).as(name).isEqualTo(targetKeyArn);
            String sourceCipher = world.legacySsmRoot.getParameter(r -> r.name("/legacy" + name).withDecryption(false)).parameter().value();
            String targetCipher = world.newSsmRoot.getParameter(r -> r.name(name).withDecryption(false)).parameter().value();
            assertThat(targetCipher).as(name).isNotEqualTo(sourceCipher).isNotEqualTo(expected.get(name).value());
        }
        assertThat(metadata(world.legacySsmRoot, "/legacy/app").get("/legacy/app/svc0/env0/deep/er/p0").keyId()).isEqualTo(SOURCE_KEY);

        long t5 = System.nanoTime();
        // AND planned again, everything is unchanged; applied again, nothing is written
        SsmPlan again = copier.plan(options("app").build());
        assertThat(again.count(PlanEntry.Action.UNCHANGED)).as(again.render()).isEqualTo(expected.size());
        assertThat(again.isUpToDate()).isTrue();
        long writesBefore = ssmWrites();
        SsmApplyReport second = copier.apply(again, options("app").build());
        assertThat(ssmWrites() - writesBefore).isZero();
        assertThat(second.created() + second.updated() + second.failed()).isZero();
        assertThat(second.unchanged()).isEqualTo(expected.size());
        System.out.printf("ssm readBack=%.1fs ciphertexts=%.1fs replan+apply=%.1fs%n", (t4 - t3) / 1e9, (t5 - t4) / 1e9,
                (System.nanoTime() - t5) / 1e9);
        assertThat(reportFile).content().contains("\"created\" : " + expected.size()).contains("\"failed\" : 0");
    }

    /** Copies /legacy/conflict (a, b, c) once, then changes b's value and c's description in the target. */
    private static void seedConflict() {
        for (String n : List.of("a", "b", "c")) {
            put(world.legacySsmRoot, "/legacy/conflict/" + n, "String", "source-" + n, "from legacy", null, "text", "Standard",
                    Map.of("k", n));
        }
        SsmParameterCopier copier = new SsmParameterCopier(legacy, target);
        copier.apply(copier.plan(options("conflict").build()), options("conflict").build());
        world.newSsmRoot.putParameter(r -> r.name("/conflict/b").type("String").value("changed-in-new").overwrite(true));
        world.newSsmRoot.putParameter(r -> r.name("/conflict/c").type("String").value("source-c").description("edited").overwrite(true));
    }

    private static String targetValue(String name) {
        return world.newSsmRoot.getParameter(r -> r.name(name)).parameter().value();
    }

    @Test
    void plan_whenTargetParametersChanged_showsUpdatesAndEachPolicyDoesWhatItSays() {
        seedConflict();
        SsmParameterCopier copier = new SsmParameterCopier(legacy, target);

        // overwrite (the default): b and c are updates naming what differs, a is unchanged
        SsmPlan overwrite = copier.plan(options("conflict").build());
        Map<String, PlanEntry> byName = new TreeMap<>();
        overwrite.entries().forEach(e -> byName.put(e.targetName(), e));
        assertThat(byName.get("/conflict/a").action()).isEqualTo(PlanEntry.Action.UNCHANGED);
        assertThat(byName.get("/conflict/b").action()).isEqualTo(PlanEntry.Action.UPDATE);
        assertThat(byName.get("/conflict/b").differences()).containsExactly("value");
        assertThat(byName.get("/conflict/c").action()).isEqualTo(PlanEntry.Action.UPDATE);
        assertThat(byName.get("/conflict/c").differences()).containsExactly("description");
        assertThat(overwrite.render()).contains("update").contains("value differ").doesNotContain("changed-in-new")
                .doesNotContain("source-b");

        // skip: both are left as the new account has them, nothing is written
        SsmPlan skip = copier.plan(options("conflict").conflictPolicy(ConflictPolicy.SKIP).build());
        assertThat(skip.count(PlanEntry.Action.SKIP)).isEqualTo(2);
        assertThat(skip.isUpToDate()).isTrue();
        long before = ssmWrites();
        SsmApplyReport skipped = copier.apply(skip, options("conflict").conflictPolicy(ConflictPolicy.SKIP).build());
        assertThat(skipped.skipped()).isEqualTo(2);
        assertThat(skipped.updated()).isZero();
        assertThat(ssmWrites()).isEqualTo(before);
        assertThat(targetValue("/conflict/b")).isEqualTo("changed-in-new");

        // fail: a clear error naming the parameters, and nothing is written
        SsmPlan fail = copier.plan(options("conflict").conflictPolicy(ConflictPolicy.FAIL).build());
        assertThat(fail.count(PlanEntry.Action.CONFLICT)).isEqualTo(2);
        assertThat(fail.hasConflicts()).isTrue();
        assertThatThrownBy(() -> copier.apply(fail, options("conflict").conflictPolicy(ConflictPolicy.FAIL).build()))
                .isInstanceOf(SsmConflictException.class)
                .hasMessageContaining("2 parameters exist in the target with different content")
                .hasMessageContaining("/conflict/b").hasMessageContaining("/conflict/c")
                .hasMessageContaining("Nothing was written")
                .satisfies(e -> assertThat(((SsmConflictException) e).names()).containsExactly("/conflict/b", "/conflict/c"));
        assertThat(ssmWrites()).isEqualTo(before);
        assertThat(targetValue("/conflict/b")).isEqualTo("changed-in-new");

        // overwrite: the source's content replaces both, tags kept
        SsmApplyReport replaced = copier.apply(overwrite, options("conflict").build());
        assertThat(replaced.updated()).isEqualTo(2);
        assertThat(replaced.unchanged()).isEqualTo(1);
        assertThat(replaced.failed()).isZero();
        Map<String, Expected> actual = readBack(world.newSsmRoot, "/conflict");
        assertThat(actual.get("/conflict/b")).isEqualTo(new Expected("String", "source-b", "from legacy", null, "text", "Standard",
                Map.of("k", "b")));
        assertThat(actual.get("/conflict/c").description()).isEqualTo("from legacy");
        assertThat(copier.plan(options("conflict").build()).count(PlanEntry.Action.UNCHANGED)).isEqualTo(3);
    }

    @Test
    void apply_whenTargetParameterIsCreatedAfterThePlan_skipKeepsItAndOverwriteReplacesIt() {
        for (String n : List.of("x", "y")) {
            put(world.legacySsmRoot, "/legacy/meanwhile/" + n, "String", "source-" + n, null, null, "text", "Standard",
                    Map.of("k", n));
        }
        SsmParameterCopier copier = new SsmParameterCopier(legacy, target);
        SsmPlan skipPlan = copier.plan(options("meanwhile").conflictPolicy(ConflictPolicy.SKIP).build());
        SsmPlan overwritePlan = copier.plan(options("meanwhile").build());
        assertThat(skipPlan.count(PlanEntry.Action.CREATE)).isEqualTo(2);
        // the new account's team writes both between plan and apply
        for (String n : List.of("x", "y")) {
            world.newSsmRoot.putParameter(r -> r.name("/meanwhile/" + n).type("String").value("new-team-" + n));
        }

        StringWriter log = new StringWriter();
        SsmApplyReport skipped = copier.apply(skipPlan, options("meanwhile").conflictPolicy(ConflictPolicy.SKIP)
                .log(new PrintWriter(log, true)).build());
        assertThat(skipped.skipped()).isEqualTo(2);
        assertThat(skipped.created()).isZero();
        assertThat(log.toString()).contains("parameter=/meanwhile/x result=skipped reason=created-in-target-meanwhile");
        assertThat(targetValue("/meanwhile/x")).isEqualTo("new-team-x");

        SsmApplyReport overwritten = copier.apply(overwritePlan, options("meanwhile").build());
        assertThat(overwritten.updated()).isEqualTo(2);
        assertThat(overwritten.failed()).isZero();
        assertThat(readBack(world.newSsmRoot, "/meanwhile").get("/meanwhile/y"))
                .isEqualTo(new Expected("String", "source-y", null, null, "text", "Standard", Map.of("k", "y")));
    }

    @Test
    void plan_whenSourcePathHasNoParameters_failsPreflightAndWritesNothing() {
        long before = ssmWrites();
        assertThatThrownBy(() -> new SsmParameterCopier(legacy, target).plan(options("missing").build()))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("no parameters under /legacy/missing")
                .hasMessageContaining("Nothing was written");
        assertThat(ssmWrites()).isEqualTo(before);
        assertThat(readBack(world.newSsmRoot, "/missing")).isEmpty();
    }

    @Test
    void plan_whenRoleMayNotReadTheSourcePath_failsPreflightNamingTheAction() {
        put(world.legacySsmRoot, "/legacy/private/token", "String", "v", null, null, "text", "Standard", Map.of());
        assertThatThrownBy(() -> new SsmParameterCopier(legacy, target).plan(SsmCopyOptions.builder().sourcePath("/legacy/private")
                .targetPath("/private").log(new PrintWriter(new StringWriter())).build()))
                .isInstanceOf(PreflightException.class)
                .hasMessageContaining("may not ssm:GetParametersByPath")
                .hasMessageContaining("/legacy/private")
                .hasMessageContaining("Nothing was written");
        assertThat(readBack(world.newSsmRoot, "/private")).isEmpty();
    }

    @Test
    void apply_whenTargetGainedADescriptionTheSourceLacks_overwriteClearsItAndThePlanConverges() {
        put(world.legacySsmRoot, "/legacy/described/plain", "String", "v", null, null, "text", "Standard", Map.of());
        SsmParameterCopier copier = new SsmParameterCopier(legacy, target);
        copier.apply(copier.plan(options("described").build()), options("described").build());
        world.newSsmRoot.putParameter(r -> r.name("/described/plain").type("String").value("v").description("added in new")
                .overwrite(true));

        SsmPlan plan = copier.plan(options("described").build());
        assertThat(plan.entries()).singleElement().satisfies(e -> assertThat(e.differences()).containsExactly("description"));
        SsmApplyReport report = copier.apply(plan, options("described").build());

        assertThat(report.updated()).isEqualTo(1);
        assertThat(readBack(world.newSsmRoot, "/described").get("/described/plain").description()).isNull();
        assertThat(copier.plan(options("described").build()).isUpToDate()).isTrue();
    }

    @Test
    void apply_whenOnlyTagsDiffer_retagsWithoutWritingANewVersion() {
        put(world.legacySsmRoot, "/legacy/tagged/p", "SecureString", "tagged-" + UUID.randomUUID(), null, null, "text", "Standard",
                Map.of("team", "payments"));
        SsmParameterCopier copier = new SsmParameterCopier(legacy, target);
        copier.apply(copier.plan(options("tagged").build()), options("tagged").build());
        world.newSsmRoot.addTagsToResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER).resourceId("/tagged/p")
                .tags(Tag.builder().key("team").value("someone-else").build()));
        long version = world.newSsmRoot.getParameter(r -> r.name("/tagged/p")).parameter().version();
        String account = SANDBOX.sandbox().newAccountId();
        long puts = SANDBOX.sandbox().requestCountForAccount(account, "ssm", "PutParameter");

        SsmPlan plan = copier.plan(options("tagged").build());
        SsmApplyReport report = copier.apply(plan, options("tagged").build());

        assertThat(plan.entries()).singleElement().satisfies(e -> assertThat(e.differences()).containsExactly("tags"));
        assertThat(report.updated()).isEqualTo(1);
        assertThat(SANDBOX.sandbox().requestCountForAccount(account, "ssm", "PutParameter")).isEqualTo(puts);
        assertThat(world.newSsmRoot.getParameter(r -> r.name("/tagged/p")).parameter().version()).isEqualTo(version);
        assertThat(readBack(world.newSsmRoot, "/tagged").get("/tagged/p").tags()).isEqualTo(Map.of("team", "payments"));
        assertThat(copier.plan(options("tagged").build()).isUpToDate()).isTrue();
    }
}
