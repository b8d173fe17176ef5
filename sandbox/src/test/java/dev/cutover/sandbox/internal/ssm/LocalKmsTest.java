package dev.cutover.sandbox.internal.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.sandbox.internal.edge.AwsException;
import java.util.List;
import org.junit.jupiter.api.Test;

class LocalKmsTest {

    private static final String ACCOUNT = "111111111111";
    private static final String OTHER = "222222222222";
    private final LocalKms kms = new LocalKms(List.of("alias/cutover"));

    @Test
    void resolve_everyFormOfTheDefaultKey_givesTheSameDeterministicKey() {
        String id = SandboxKmsKeys.keyId(ACCOUNT, "alias/aws/ssm");
        String arn = "arn:aws:kms:us-east-1:" + ACCOUNT + ":key/" + id;

        assertThat(kms.resolve(ACCOUNT, "us-east-1", "alias/aws/ssm").arn()).isEqualTo(arn);
        assertThat(kms.resolve(ACCOUNT, "us-east-1", id).arn()).isEqualTo(arn);
        assertThat(kms.resolve(ACCOUNT, "us-east-1", arn).arn()).isEqualTo(arn);
        assertThat(kms.resolve(ACCOUNT, "us-east-1", "arn:aws:kms:us-east-1:" + ACCOUNT + ":alias/aws/ssm").arn()).isEqualTo(arn);
        assertThat(SandboxKmsKeys.defaultSsmKeyArn("us-east-1", ACCOUNT)).isEqualTo(arn);
        assertThat(SandboxKmsKeys.keyId(OTHER, "alias/aws/ssm")).isNotEqualTo(id);
        assertThat(new LocalKms(List.of()).resolve(ACCOUNT, "us-east-1", "alias/aws/ssm").keyId()).isEqualTo(id);
    }

    @Test
    void resolve_unknownAliasOrKey_throwsInvalidKeyId() {
        assertThat(codeOf("alias/does-not-exist")).isEqualTo("InvalidKeyId");
        assertThat(codeOf("11111111-2222-3333-4444-555555555555")).isEqualTo("InvalidKeyId");
        assertThat(codeOf("arn:aws:kms:us-east-1:" + ACCOUNT + ":key/nope")).isEqualTo("InvalidKeyId");
        assertThat(codeOf("arn:aws:s3:::bucket")).isEqualTo("InvalidKeyId");
        assertThat(kms.resolve(ACCOUNT, "us-east-1", "alias/cutover").keyId()).isEqualTo(SandboxKmsKeys.keyId(ACCOUNT, "alias/cutover"));
    }

    private String codeOf(String keyId) {
        try {
            kms.resolve(ACCOUNT, "us-east-1", keyId);
            return "none";
        } catch (AwsException e) {
            return e.code();
        }
    }

    @Test
    void encrypt_roundTripsAndIsBoundToTheParameterArn() {
        LocalKms.ResolvedKey key = kms.resolve(ACCOUNT, "us-east-1", "alias/aws/ssm");
        String blob = kms.encrypt(key, "arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/a", "s3cr3t");

        assertThat(blob).doesNotContain("s3cr3t");
        assertThat(kms.encrypt(key, "arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/a", "s3cr3t")).isNotEqualTo(blob);
        assertThat(kms.decrypt(key, "arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/a", blob)).isEqualTo("s3cr3t");
        assertThatThrownBy(() -> kms.decrypt(key, "arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/b", blob))
                .isInstanceOf(IllegalStateException.class).hasMessageNotContaining("s3cr3t");
        LocalKms.ResolvedKey other = kms.resolve(ACCOUNT, "us-east-1", "alias/cutover");
        assertThatThrownBy(() -> kms.decrypt(other, "arn:aws:ssm:us-east-1:" + ACCOUNT + ":parameter/a", blob))
                .isInstanceOf(IllegalStateException.class);
    }

    @Test
    void keyId_badArguments_nameTheField() {
        assertThatThrownBy(() -> SandboxKmsKeys.keyId("123", "alias/x")).hasMessageContaining("accountId");
        assertThatThrownBy(() -> SandboxKmsKeys.keyId(ACCOUNT, "x")).hasMessageContaining("alias");
        assertThatThrownBy(() -> new LocalKms(List.of("bad alias"))).hasMessageContaining("bad alias");
    }
}
