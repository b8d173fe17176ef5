package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class SandboxConfigTest {

    @Test
    void defaults_areTheDocumentedAccountsRegionAndSecrets() {
        SandboxConfig config = SandboxConfig.defaults();

        assertThat(config.port()).isZero();
        assertThat(config.region()).isEqualTo("us-east-1");
        assertThat(config.accountIds()).containsExactly("111111111111", "222222222222");
        assertThat(config.rootSecretKey("111111111111")).isEqualTo("sandbox-root-secret-111111111111");
        assertThat(config.credentialLifetime()).isNull();
    }

    @Test
    void toBuilder_keepsEverySetting() {
        SandboxConfig config = SandboxConfig.builder().port(4566).extraAccount("333333333333").credentialLifetime(Duration.ofSeconds(5))
                .rootSecretKey("333333333333", "s3cret").build();

        SandboxConfig copy = config.toBuilder().build();

        assertThat(copy.port()).isEqualTo(4566);
        assertThat(copy.accountIds()).containsExactly("111111111111", "222222222222", "333333333333");
        assertThat(copy.credentialLifetime()).isEqualTo(Duration.ofSeconds(5));
        assertThat(copy.rootSecretKey("333333333333")).isEqualTo("s3cret");
    }

    @Test
    void build_invalidValues_failNamingFieldAndValue() {
        assertThatThrownBy(() -> SandboxConfig.builder().legacyAccountId("1234").build())
                .isInstanceOf(SandboxException.class).hasMessage("legacyAccountId must be a 12-digit AWS account id but was '1234'");
        assertThatThrownBy(() -> SandboxConfig.builder().newAccountId("111111111111").build())
                .isInstanceOf(SandboxException.class).hasMessageContaining("newAccountId must differ from legacyAccountId");
        assertThatThrownBy(() -> SandboxConfig.builder().credentialLifetime(Duration.ZERO).build())
                .isInstanceOf(SandboxException.class).hasMessageContaining("credentialLifetime must be positive");
        assertThatThrownBy(() -> SandboxConfig.builder().iamConfigFile(Path.of("no-such-iam.json")).build())
                .isInstanceOf(SandboxException.class).hasMessageContaining("no-such-iam.json does not exist");
        assertThatThrownBy(() -> SandboxConfig.builder().region("mars").build())
                .isInstanceOf(SandboxException.class).hasMessage("region must look like us-east-1 but was 'mars'");
    }

    @Test
    void start_withBadPolicy_failsBeforeBindingAndNamesThePolicy() {
        IamRole role = IamRole.builder().accountId("222222222222").name("r").trustAccount("111111111111")
                .inlinePolicy("Broken", "{\"Statement\": {\"Effect\": \"Maybe\", \"Action\": \"a:b\", \"Resource\": \"*\"}}").build();
        SandboxConfig config = SandboxConfig.builder().role(role).build();

        assertThatThrownBy(() -> Sandbox.start(config))
                .isInstanceOf(SandboxException.class)
                .hasMessage("role arn:aws:iam::222222222222:role/r policy Broken: Statement.Effect must be Allow or Deny but was 'Maybe'");
    }
}
