package dev.cutover.migrations.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.cutover.config.CutoverConfig;
import dev.cutover.config.LegacyAccount;
import dev.cutover.config.LegacyAccount.Job;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** Which legacy role replicate dynamodb and replicate status assume, and what --role-arn overrides. */
class ReplicateRoleTest {
    private static final String OVERRIDE = "arn:aws:iam::111111111111:role/hand-made-reverse";

    @Test
    void job_forwardAndReverse_areTheReplicationAndTheReverseReplicationRoles() {
        assertThat(ReplicateDynamoDbCommand.job(false)).isEqualTo(Job.REPLICATION);
        assertThat(ReplicateDynamoDbCommand.job(true)).isEqualTo(Job.REVERSE_REPLICATION);
    }

    @Test
    void effectiveConfig_roleArnWithReverse_replacesOnlyTheReverseReplicationRole() {
        CutoverConfig example = CutoverConfig.example();
        AwsOptions options = new AwsOptions();
        options.roleArn = OVERRIDE;

        LegacyAccount legacy = options.effectiveConfig(Optional.of(example), ReplicateDynamoDbCommand.job(true)).accounts().legacy();

        assertThat(legacy.roleArn(Job.REVERSE_REPLICATION)).isEqualTo(OVERRIDE);
        for (Job job : new Job[] {Job.ROUTER, Job.MIGRATION, Job.REPLICATION}) {
            assertThat(legacy.roleArn(job)).as(job.name()).isEqualTo(example.accounts().legacy().roleArn(job));
        }
        assertThat(example.accounts().legacy().roleArn(Job.REVERSE_REPLICATION)).isNotEqualTo(OVERRIDE)
                .endsWith("role/cutover-legacy-reverse-replication");
    }
}
