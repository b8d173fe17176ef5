package dev.cutover.sandbox.internal.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.sandbox.internal.edge.AwsException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ParameterStoreTest {

    private static final String ACCOUNT = "111111111111";
    private static final String REGION = "us-east-1";
    private static final Instant NOW = Instant.parse("2030-01-02T03:04:05.678Z");

    private final ParameterStore store = new ParameterStore(ACCOUNT, REGION);
    private final LocalKms kms = new LocalKms(List.of("alias/cutover"));
    private final List<String> encryptedArns = new ArrayList<>();
    private final ParameterStore.Encryptor encryptor = new ParameterStore.Encryptor() {
        @Override
        public LocalKms.ResolvedKey resolve(String keyId) {
            return kms.resolve(ACCOUNT, REGION, keyId);
        }

        @Override
        public String encrypt(LocalKms.ResolvedKey key, String parameterArn, String plaintext) {
            encryptedArns.add(parameterArn);
            return kms.encrypt(key, parameterArn, plaintext);
        }
    };

    private ParameterStore.PutResult put(String name, String value, ParameterType type) {
        return store.put(input(name, value, type, false, null, Map.of()), "arn:aws:iam::" + ACCOUNT + ":root", NOW, encryptor);
    }

    private static PutParameterInput input(String name, String value, ParameterType type, boolean overwrite, ParameterTier tier,
            Map<String, String> tags) {
        return new PutParameterInput(name, value, type, null, overwrite, null, null, tier, null, null, tags);
    }

    private ParameterStore.PutResult put(PutParameterInput input) {
        return store.put(input, "arn:aws:iam::" + ACCOUNT + ":root", NOW, encryptor);
    }

    private static String code(Throwable t) {
        return ((AwsException) t).code();
    }

    @Test
    void put_newParameter_returnsVersion1AndStandardTier() {
        ParameterStore.PutResult result = put("/legacy/app/url", "https://x", ParameterType.STRING);

        assertThat(result.version()).isEqualTo(1);
        assertThat(result.tier()).isEqualTo(ParameterTier.STANDARD);
        ParameterVersion stored = store.get(ParameterReference.parse("/legacy/app/url"));
        assertThat(stored.storedValue()).isEqualTo("https://x");
        assertThat(stored.dataType()).isEqualTo("text");
        assertThat(stored.lastModified()).isEqualTo(NOW);
    }

    @Test
    void put_existingWithoutOverwrite_throwsParameterAlreadyExists() {
        put("/a", "1", ParameterType.STRING);

        assertThatThrownBy(() -> put("/a", "2", ParameterType.STRING))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ParameterAlreadyExists"));
        assertThat(store.get(ParameterReference.parse("/a")).storedValue()).isEqualTo("1");
    }

    @Test
    void put_overwrite_incrementsVersionAndKeepsTypeAndOldVersions() {
        put("/a", "1", ParameterType.SECURE_STRING);
        ParameterStore.PutResult second = put(input("/a", "2", null, true, null, Map.of()));

        assertThat(second.version()).isEqualTo(2);
        ParameterVersion latest = store.get(ParameterReference.parse("/a"));
        assertThat(latest.type()).isEqualTo(ParameterType.SECURE_STRING);
        assertThat(latest.keyId()).isEqualTo("alias/aws/ssm");
        assertThat(store.get(ParameterReference.parse("/a:1")).version()).isEqualTo(1);
        assertThatThrownBy(() -> store.get(ParameterReference.parse("/a:3")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ParameterVersionNotFound"));
    }

    @Test
    void put_secureString_storesCiphertextBoundToTheParameterArn() {
        put("/legacy/db/password", "hunter2", ParameterType.SECURE_STRING);

        ParameterVersion stored = store.get(ParameterReference.parse("/legacy/db/password"));
        assertThat(stored.storedValue()).isNotEqualTo("hunter2").doesNotContain("hunter2");
        assertThat(encryptedArns).containsExactly("arn:aws:ssm:us-east-1:111111111111:parameter/legacy/db/password");
        assertThat(kms.decrypt(stored.key(), encryptedArns.get(0), stored.storedValue())).isEqualTo("hunter2");
        assertThat(stored.key().arn()).isEqualTo(SandboxKmsKeys.defaultSsmKeyArn(REGION, ACCOUNT));
    }

    @Test
    void put_withoutTypeOnCreate_throwsValidation() {
        assertThatThrownBy(() -> put("/a", "1", null))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationException"))
                .hasMessageContaining("type is required");
    }

    @Test
    void put_badNames_areRefusedWithTheRightCodes() {
        assertThat(codeOfPut("a/b")).isEqualTo("ValidationException");
        assertThat(codeOfPut("/a b")).isEqualTo("ValidationException");
        assertThat(codeOfPut("/a/")).isEqualTo("ValidationException");
        assertThat(codeOfPut("/AWS/x")).isEqualTo("ValidationException");
        assertThat(codeOfPut("ssmThing")).isEqualTo("ValidationException");
        assertThat(codeOfPut("/x".repeat(16))).isEqualTo("HierarchyLevelLimitExceededException");
        assertThat(codeOfPut("/" + "n".repeat(2048))).isEqualTo("ValidationException");
        assertThat(put("/x".repeat(15), "v", ParameterType.STRING).version()).isEqualTo(1);
        assertThat(put("plain.name_1-2", "v", ParameterType.STRING).version()).isEqualTo(1);
    }

    private String codeOfPut(String name) {
        try {
            put(name, "v", ParameterType.STRING);
        } catch (AwsException e) {
            return e.code();
        }
        return "none";
    }

    @Test
    void put_valueNotMatchingAllowedPattern_throwsPatternMismatchWithoutTheValue() {
        PutParameterInput in = new PutParameterInput("/n", "secret-abc", ParameterType.SECURE_STRING, null, false, null,
                "^\\d+$", null, null, null, Map.of());

        assertThatThrownBy(() -> put(in))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ParameterPatternMismatchException"))
                .hasMessageNotContaining("secret-abc");
    }

    @Test
    void put_overwriteKeepsAllowedPatternOfTheExistingParameter() {
        put(new PutParameterInput("/n", "12", ParameterType.STRING, null, false, "desc", "^\\d+$", null, null, null, Map.of()));

        assertThatThrownBy(() -> put(input("/n", "abc", null, true, null, Map.of())))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ParameterPatternMismatchException"));
        put(input("/n", "34", null, true, null, Map.of()));
        assertThat(store.get(ParameterReference.parse("/n")).description()).isEqualTo("desc");
    }

    @Test
    void put_invalidAllowedPattern_throwsInvalidAllowedPattern() {
        assertThatThrownBy(() -> put(new PutParameterInput("/n", "1", ParameterType.STRING, null, false, null, "([", null, null,
                null, Map.of()))).satisfies(e -> assertThat(code(e)).isEqualTo("InvalidAllowedPatternException"));
    }

    @Test
    void put_tiers_enforceSizeLimitsAndNeverDowngrade() {
        String big = "x".repeat(4097);
        assertThatThrownBy(() -> put("/big", big, ParameterType.STRING))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationException"))
                .hasMessageContaining("Standard tier parameters support a maximum parameter value of 4096 characters");
        assertThat(put("/max", "x".repeat(4096), ParameterType.STRING).tier()).isEqualTo(ParameterTier.STANDARD);

        assertThat(put(input("/big", big, ParameterType.STRING, false, ParameterTier.INTELLIGENT_TIERING, Map.of())).tier())
                .isEqualTo(ParameterTier.ADVANCED);
        assertThat(put(input("/small", "x", ParameterType.STRING, false, ParameterTier.INTELLIGENT_TIERING, Map.of())).tier())
                .isEqualTo(ParameterTier.STANDARD);
        assertThatThrownBy(() -> put(input("/huge", "x".repeat(8193), ParameterType.STRING, false, ParameterTier.ADVANCED, Map.of())))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationException"))
                .hasMessageContaining("8192");

        assertThatThrownBy(() -> put(input("/big", "y", null, true, ParameterTier.STANDARD, Map.of())))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationException"))
                .hasMessageContaining("can't downgrade");
        assertThat(put(input("/big", "y", null, true, null, Map.of())).tier()).isEqualTo(ParameterTier.ADVANCED);
        assertThat(put(input("/big", "z", null, true, ParameterTier.INTELLIGENT_TIERING, Map.of())).tier())
                .isEqualTo(ParameterTier.ADVANCED);
    }

    @Test
    void put_tagsWithOverwrite_throwsValidation() {
        assertThatThrownBy(() -> put(input("/t", "v", ParameterType.STRING, true, null, Map.of("k", "v"))))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ValidationException"))
                .hasMessageContaining("tags and overwrite can't be used together");
    }

    @Test
    void put_dataTypes_areValidated() {
        PutParameterInput ami = new PutParameterInput("/ami", "ami-0123456789abcdef0", ParameterType.STRING, null, false, null, null,
                null, "aws:ec2:image", null, Map.of());
        assertThat(put(ami).version()).isEqualTo(1);
        assertThatThrownBy(() -> put(new PutParameterInput("/ami2", "not-an-ami", ParameterType.STRING, null, false, null, null, null,
                "aws:ec2:image", null, Map.of()))).satisfies(e -> assertThat(code(e)).isEqualTo("ValidationException"));
        assertThatThrownBy(() -> put(new PutParameterInput("/ami3", "ami-0123456789abcdef0", ParameterType.SECURE_STRING, null, false,
                null, null, null, "aws:ec2:image", null, Map.of())))
                .satisfies(e -> assertThat(code(e)).isEqualTo("UnsupportedParameterType"));
        assertThatThrownBy(() -> put(new PutParameterInput("/d", "v", ParameterType.STRING, null, false, null, null, null,
                "json", null, Map.of()))).satisfies(e -> assertThat(code(e)).isEqualTo("ValidationException"));
    }

    @Test
    void put_keyIdOnPlainString_throwsValidation() {
        assertThatThrownBy(() -> put(new PutParameterInput("/k", "v", ParameterType.STRING, "alias/aws/ssm", false, null, null, null,
                null, null, Map.of()))).satisfies(e -> assertThat(code(e)).isEqualTo("ValidationException"));
    }

    @Test
    void put_unknownKeyAlias_throwsInvalidKeyIdAndStoresNothing() {
        assertThatThrownBy(() -> put(new PutParameterInput("/k", "v", ParameterType.SECURE_STRING, "alias/does-not-exist", false,
                null, null, null, null, null, Map.of()))).satisfies(e -> assertThat(code(e)).isEqualTo("InvalidKeyId"));
        assertThat(store.find("/k")).isEmpty();
    }

    @Test
    void put_moreThan100Versions_dropsTheOldest() {
        put("/v", "0", ParameterType.STRING);
        for (int i = 1; i <= 100; i++) {
            put(input("/v", "v" + i, null, true, null, Map.of()));
        }

        assertThat(store.get(ParameterReference.parse("/v")).version()).isEqualTo(101);
        assertThat(store.get(ParameterReference.parse("/v:2")).storedValue()).isEqualTo("v1");
        assertThatThrownBy(() -> store.get(ParameterReference.parse("/v:1")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ParameterVersionNotFound"));
    }

    @Test
    void get_byArn_findsSlashedAndPlainNames() {
        put("/app/x", "1", ParameterType.STRING);
        put("plain", "2", ParameterType.STRING);

        assertThat(store.get(ParameterReference.parse("arn:aws:ssm:us-east-1:111111111111:parameter/app/x")).name()).isEqualTo("/app/x");
        assertThat(store.get(ParameterReference.parse("arn:aws:ssm:us-east-1:111111111111:parameter/plain")).name()).isEqualTo("plain");
        assertThatThrownBy(() -> store.get(ParameterReference.parse("/nope")))
                .satisfies(e -> assertThat(code(e)).isEqualTo("ParameterNotFound"));
    }

    @Test
    void byPath_pagesThroughRecursiveAndDirectChildren() {
        for (int i = 0; i < 30; i++) {
            put(String.format("/legacy/app/p%02d", i), "v", ParameterType.STRING);
        }
        for (int i = 0; i < 7; i++) {
            put(String.format("/legacy/app/deep/d%02d", i), "v", ParameterType.STRING);
        }
        put("/legacy/application", "not under /legacy/app", ParameterType.STRING);

        assertThat(collect("/legacy/app", true, 10)).hasSize(37);
        assertThat(collect("/legacy/app/", false, 10)).hasSize(30).allMatch(n -> !n.contains("/deep/"));
        assertThat(collect("/legacy", false, 10)).containsExactly("/legacy/application");
        assertThat(collect("/", true, 10)).hasSize(38);
    }

    private List<String> collect(String path, boolean recursive, int max) {
        List<String> names = new ArrayList<>();
        String after = null;
        int pages = 0;
        do {
            ParameterStore.Page<ParameterVersion> page = store.byPath(ParameterNames.normalizePath(path), recursive,
                    ParameterFilters.of(ParameterFilters.Scope.BY_PATH, List.of()), max, after);
            assertThat(page.items().size()).isLessThanOrEqualTo(max);
            page.items().forEach(p -> names.add(p.name()));
            after = page.lastName().orElse(null);
            pages++;
        } while (after != null && pages < 100);
        assertThat(names).doesNotHaveDuplicates();
        return names;
    }

    @Test
    void byPath_typeFilter_keepsOnlyMatchingTypes() {
        put("/f/a", "v", ParameterType.STRING);
        put("/f/b", "v", ParameterType.SECURE_STRING);
        put("/f/c", "v", ParameterType.STRING_LIST);

        ParameterStore.Page<ParameterVersion> page = store.byPath("/f", false, ParameterFilters.of(ParameterFilters.Scope.BY_PATH,
                List.of(new ParameterFilter("Type", "Equals", List.of("SecureString", "StringList")))), 10, null);

        assertThat(page.items()).extracting(ParameterVersion::name).containsExactly("/f/b", "/f/c");
        assertThatThrownBy(() -> ParameterFilters.of(ParameterFilters.Scope.BY_PATH, List.of(new ParameterFilter("Name", null,
                List.of("x"))))).satisfies(e -> assertThat(code(e)).isEqualTo("InvalidFilterKey"));
        assertThatThrownBy(() -> ParameterFilters.of(ParameterFilters.Scope.BY_PATH, List.of(new ParameterFilter("Type", "Contains",
                List.of("x"))))).satisfies(e -> assertThat(code(e)).isEqualTo("InvalidFilterOption"));
    }

    @Test
    void describe_filtersByNamePathTypeAndTag() {
        put(input("/d/a", "v", ParameterType.STRING, false, null, Map.of("team", "payments")));
        put("/d/b", "v", ParameterType.SECURE_STRING);
        put("/d/sub/c", "v", ParameterType.STRING);
        put("other", "v", ParameterType.STRING);

        assertThat(describeNames(new ParameterFilter("Path", "Recursive", List.of("/d")))).containsExactly("/d/a", "/d/b", "/d/sub/c");
        assertThat(describeNames(new ParameterFilter("Path", null, List.of("/d")))).containsExactly("/d/a", "/d/b");
        assertThat(describeNames(new ParameterFilter("Name", "BeginsWith", List.of("/d/s")))).containsExactly("/d/sub/c");
        assertThat(describeNames(new ParameterFilter("Name", "Contains", List.of("th")))).containsExactly("other");
        assertThat(describeNames(new ParameterFilter("Type", "Equals", List.of("SecureString")))).containsExactly("/d/b");
        assertThat(describeNames(new ParameterFilter("KeyId", "Equals", List.of("alias/aws/ssm")))).containsExactly("/d/b");
        assertThat(describeNames(new ParameterFilter("tag:team", null, List.of()))).containsExactly("/d/a");
        assertThat(describeNames(new ParameterFilter("tag:team", "Equals", List.of("other")))).isEmpty();
    }

    private List<String> describeNames(ParameterFilter filter) {
        return store.describe(ParameterFilters.of(ParameterFilters.Scope.DESCRIBE, List.of(filter)), 50, null).items().stream()
                .map(d -> d.parameter().name()).toList();
    }

    @Test
    void tags_addRemoveListAndLimits() {
        put(input("/t", "v", ParameterType.STRING, false, null, Map.of("a", "1")));

        store.addTags("/t", Map.of("b", "2", "a", "3"));
        assertThat(store.tags("/t")).containsExactly(Map.entry("a", "3"), Map.entry("b", "2"));
        store.removeTags("/t", List.of("a", "missing"));
        assertThat(store.tags("/t")).containsOnlyKeys("b");

        Map<String, String> many = new java.util.HashMap<>();
        for (int i = 0; i < 50; i++) {
            many.put("k" + i, "v");
        }
        assertThatThrownBy(() -> store.addTags("/t", many)).satisfies(e -> assertThat(code(e)).isEqualTo("TooManyTagsError"));
        assertThatThrownBy(() -> store.tags("/missing")).satisfies(e -> assertThat(code(e)).isEqualTo("InvalidResourceId"));
        assertThatThrownBy(() -> store.addTags("/t", Map.of("aws:x", "v"))).satisfies(e -> assertThat(code(e))
                .isEqualTo("ValidationException"));
    }

    @Test
    void delete_removesAndReportsMissing() {
        put("/a", "1", ParameterType.STRING);
        put("/b", "1", ParameterType.STRING);

        store.delete("/a");
        assertThat(store.find("/a")).isEmpty();
        assertThatThrownBy(() -> store.delete("/a")).satisfies(e -> assertThat(code(e)).isEqualTo("ParameterNotFound"));
        assertThat(store.deleteAll(List.of("/b", "/c"))).containsExactly("/c");
        assertThat(store.find("/b")).isEqualTo(Optional.empty());
    }

    @Test
    void put_concurrentCreatesOfOneName_exactlyOneWins() throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(8);
        AtomicInteger wins = new AtomicInteger();
        AtomicInteger conflicts = new AtomicInteger();
        try {
            List<Future<?>> futures = new ArrayList<>();
            for (int i = 0; i < 32; i++) {
                futures.add(pool.submit(() -> {
                    try {
                        put("/race", "v", ParameterType.SECURE_STRING);
                        wins.incrementAndGet();
                    } catch (AwsException e) {
                        conflicts.incrementAndGet();
                    }
                }));
            }
            for (Future<?> f : futures) {
                f.get(10, TimeUnit.SECONDS);
            }
        } finally {
            pool.shutdownNow();
        }
        assertThat(wins.get()).isEqualTo(1);
        assertThat(conflicts.get()).isEqualTo(31);
    }
}
