package dev.cutover.migrations.ssm;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.migrations.TestWorld;
import dev.cutover.sandbox.SandboxExtension;
import dev.cutover.sandbox.internal.ssm.SandboxKmsKeys;
import dev.cutover.sandbox.internal.ssm.SsmServiceFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterMetadata;

/** {@code --kms-key PREFIX=KEY}: each target SecureString is encrypted with the key of its longest matching target prefix. */
class SsmKmsKeyMappingTest {
    private static final String SECRETS_ALIAS = "alias/shop-secrets";
    private static final String BILLING_ALIAS = "alias/shop-billing";

    static {
        // read by the sandbox's SSM service when SANDBOX starts: every account gets these customer keys
        System.setProperty(SsmServiceFactory.KMS_ALIASES_PROPERTY, "alias/cutover," + SECRETS_ALIAS + "," + BILLING_ALIAS);
    }

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    @TempDir
    static Path dir;

    static TestWorld world;

    @BeforeAll
    static void setUp() throws Exception {
        System.clearProperty(SsmServiceFactory.KMS_ALIASES_PROPERTY);
        world = new TestWorld(SANDBOX.sandbox(), dir, Map.of(), Map.of("kms", new String[] {"/legacy/kms", "/kms"}));
    }

    @AfterAll
    static void tearDown() {
        world.close();
    }

    @Test
    void apply_withKmsKeysByPrefix_encryptsEachSecureStringWithTheKeyOfItsLongestPrefix() throws Exception {
        String account = SANDBOX.sandbox().newAccountId();
        String billingArn = SandboxKmsKeys.keyArn(SANDBOX.sandbox().region(), account, BILLING_ALIAS);
        String defaultKey = TestWorld.cutoverKeyArn(SANDBOX.sandbox(), account);
        // target name -> the KeyId it must end up with
        Map<String, String> expectedKey = new LinkedHashMap<>();
        expectedKey.put("/kms/secrets/api-token", SECRETS_ALIAS);
        expectedKey.put("/kms/secrets/db/password", billingArn); // a longer prefix wins over /kms/secrets
        expectedKey.put("/kms/billing/stripe", billingArn);
        expectedKey.put("/kms/secrets-old/token", defaultKey); // "/kms/secrets" is a path prefix, not a string prefix
        expectedKey.put("/kms/other/secret", defaultKey);
        Map<String, String> values = new LinkedHashMap<>();
        for (String name : expectedKey.keySet()) {
            String value = "v-" + UUID.randomUUID();
            SsmCopyTest.put(world.legacySsmRoot, "/legacy" + name, "SecureString", value, null, null, "text", "Standard", Map.of());
            values.put(name, value);
        }
        SsmCopyTest.put(world.legacySsmRoot, "/legacy/kms/secrets/plain", "String", "not secret", null, null, "text", "Standard", Map.of());

        try (SsmClient legacy = world.legacySsm(); SsmClient target = world.newSsm()) {
            SsmParameterCopier copier = new SsmParameterCopier(legacy, target);
            SsmCopyOptions options = SsmCopyOptions.builder().sourcePath("/legacy/kms").targetPath("/kms").defaultKmsKeyId(defaultKey)
                    .kmsKey("/kms/secrets", SECRETS_ALIAS).kmsKey("/kms/billing/", billingArn).kmsKey("/kms/secrets/db", billingArn)
                    .maxPutRate(1_000).log(new PrintWriter(new StringWriter(), true)).build();
            SsmApplyReport report = copier.apply(copier.plan(options), options);

            assertThat(report.failed()).isZero();
            assertThat(report.created()).isEqualTo(expectedKey.size() + 1);
            Map<String, ParameterMetadata> metadata = SsmCopyTest.metadata(world.newSsmRoot, "/kms");
            for (Map.Entry<String, String> e : expectedKey.entrySet()) {
                assertThat(metadata.get(e.getKey()).keyId()).as(e.getKey()).isEqualTo(e.getValue());
                assertThat(world.newSsmRoot.getParameter(r -> r.name(e.getKey()).withDecryption(true)).parameter().value())
                        .as(e.getKey()).isEqualTo(values.get(e.getKey()));
            }
            assertThat(metadata.get("/kms/secrets/plain").keyId()).isNull();
            // the keys are part of the comparison: applied again, nothing differs
            assertThat(copier.plan(options).count(PlanEntry.Action.UNCHANGED)).isEqualTo(expectedKey.size() + 1);
        }
    }
}
