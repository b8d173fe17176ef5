package dev.cutover.cli.sandbox;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount.Job;
import dev.cutover.sandbox.IamRole;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The legacy roles the sandbox is seeded with: one per job the example config names, the reverse replicator's included. */
class SandboxSeederRolesTest {

    @Test
    void legacyRoles_example_putsOneRolePerJobWithTheReverseReplicationRoleGrantingOnlyItsLegacyWrites() {
        CutoverConfig config = CutoverConfig.example();

        Map<String, IamRole> roles = SandboxSeeder.legacyRoles(config).stream().collect(Collectors.toMap(IamRole::name, r -> r));

        assertThat(roles).containsOnlyKeys("cutover-legacy-access", "cutover-legacy-migration", "cutover-legacy-replication",
                "cutover-legacy-reverse-replication");
        assertThat(config.accounts().legacy().roleArn(Job.REVERSE_REPLICATION)).endsWith("/cutover-legacy-reverse-replication");
        String reverse = String.join("\n", roles.get("cutover-legacy-reverse-replication").inlinePolicies().values());
        assertThat(reverse).contains("dynamodb:BatchWriteItem", "dynamodb:DescribeTable", "table/legacy-shop-items")
                .doesNotContain("dynamodb:GetRecords", "dynamodb:Scan", "dynamodb:PutItem");
        for (String other : List.of("cutover-legacy-access", "cutover-legacy-migration", "cutover-legacy-replication")) {
            assertThat(String.join("\n", roles.get(other).inlinePolicies().values())).as(other).doesNotContain("dynamodb:BatchWriteItem");
        }
    }
}
