package dev.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyDocumentTest {

    @Test
    void of_permissions_rendersOneAllowStatementEachWithExactActionResourceAndConditions() throws Exception {
        Permission get = Permission.of("dynamodb:GetItem", "arn:aws:dynamodb:eu-west-1:111111111111:table/items", "getItem");
        Permission decrypt = new Permission("kms:Decrypt", "arn:aws:kms:eu-west-1:111111111111:key/k",
                Map.of("kms:ViaService", "ssm.eu-west-1.amazonaws.com"), "getSetting");

        JsonNode policy = new ObjectMapper().readTree(PolicyDocument.of(List.of(get, decrypt)));

        assertThat(policy.path("Version").asText()).isEqualTo("2012-10-17");
        assertThat(policy.path("Statement")).hasSize(2);
        JsonNode first = policy.path("Statement").get(0);
        assertThat(first.path("Effect").asText()).isEqualTo("Allow");
        assertThat(first.path("Action").asText()).isEqualTo("dynamodb:GetItem");
        assertThat(first.path("Resource").asText()).isEqualTo(get.resource());
        assertThat(first.has("Condition")).isFalse();
        JsonNode second = policy.path("Statement").get(1);
        assertThat(second.path("Condition").path("StringEquals").path("kms:ViaService").asText())
                .isEqualTo("ssm.eu-west-1.amazonaws.com");
    }

    @Test
    void of_noPermissions_allowsNothing() throws Exception {
        JsonNode policy = new ObjectMapper().readTree(PolicyDocument.of(List.of()));

        assertThat(policy.path("Statement")).isEmpty();
    }
}
