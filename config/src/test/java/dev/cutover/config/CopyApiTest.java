package dev.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class CopyApiTest {

    @Test
    void toBuilder_withoutChanges_buildsAnEqualConfiguration() {
        CutoverConfig example = CutoverConfig.example();

        assertThat(example.toBuilder().build()).isEqualTo(example);
    }

    @Test
    void toBuilder_changedFields_changeOnlyThoseInTheCopy() {
        CutoverConfig example = CutoverConfig.example();

        CutoverConfig copy = example.toBuilder()
                .legacyAccount(l -> l.sessionName("renamed").prefetchTime(Duration.ofSeconds(4)))
                .appConfig(a -> a.withPollInterval(Duration.ofSeconds(1)))
                .router(r -> r.secondaryTimeout(Duration.ofSeconds(5)))
                .region("eu-west-1")
                .build();

        assertThat(copy.accounts().legacy().sessionName()).isEqualTo("renamed");
        assertThat(copy.accounts().legacy().prefetchTime()).isEqualTo(Duration.ofSeconds(4));
        assertThat(copy.accounts().legacy().roleArn()).isEqualTo(example.accounts().legacy().roleArn());
        assertThat(copy.accounts().legacy().externalId()).isEqualTo(example.accounts().legacy().externalId());
        assertThat(copy.appConfig().pollInterval()).isEqualTo(Duration.ofSeconds(1));
        assertThat(copy.appConfig().application()).isEqualTo(example.appConfig().application());
        assertThat(copy.router().secondaryTimeout()).isEqualTo(Duration.ofSeconds(5));
        assertThat(copy.router().backendTimeout()).isEqualTo(example.router().backendTimeout());
        assertThat(copy.region()).isEqualTo("eu-west-1");
        assertThat(copy.operations()).isEqualTo(example.operations());
        assertThat(example.accounts().legacy().sessionName()).isEqualTo("cutover-router");
        assertThat(example.appConfig().pollInterval()).isEqualTo(Duration.ofSeconds(15));
    }

    @Test
    void resourcesBuilder_addedTableAndChangedKeys_appearOnlyOnThatSide() {
        CutoverConfig example = CutoverConfig.example();
        Table orders = new Table("legacy-orders", new KeyAttribute("id", "S"), Optional.empty(), List.of());
        String key = "arn:aws:kms:us-east-1:111111111111:key/other";

        CutoverConfig copy = example.toBuilder()
                .resources(Side.LEGACY, r -> r.table("orders", orders).parameterTrees(t -> t.withKmsKeyArn(key)))
                .build();

        assertThat(copy.resources(Side.LEGACY).table("orders")).isEqualTo(orders);
        assertThat(copy.resources(Side.LEGACY).table("items")).isEqualTo(example.resources(Side.LEGACY).table("items"));
        assertThat(copy.resources(Side.LEGACY).parameterTree("settings").kmsKeyArn()).contains(key);
        assertThat(copy.resources(Side.NEW)).isEqualTo(example.resources(Side.NEW));
    }
}
