package dev.cutover.sandbox.internal.ssm;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.sandbox.internal.edge.AwsServiceFactory;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

class SsmServiceFactoryTest {

    @Test
    void serviceLoader_findsTheSsmFactory() {
        assertThat(ServiceLoader.load(AwsServiceFactory.class).stream().map(ServiceLoader.Provider::type))
                .contains(SsmServiceFactory.class);
    }

    @Test
    void constructor_badOptions_failAtConfigurationNamingTheValue() {
        assertThatThrownBy(() -> new SsmServiceFactory(-1, List.of())).hasMessageContaining("putParameterRate").hasMessageContaining("-1");
        assertThatThrownBy(() -> new SsmServiceFactory(0, List.of("cutover"))).hasMessageContaining("'cutover'");
    }
}
