package dev.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PermissionsTest {
    private final CutoverConfig config = CutoverConfig.example();
    private final Permissions permissions = new Permissions(config);

    @Test
    void forOperation_query_grantsQueryOnTheIndexOnly() {
        List<Permission> perms = permissions.forOperation(config.operation("listOwnerItems").orElseThrow(), Side.LEGACY);

        assertThat(perms).containsExactly(Permission.of("dynamodb:Query",
                "arn:aws:dynamodb:us-east-1:111111111111:table/legacy-shop-items/index/byOwner", "listOwnerItems"));
    }

    @Test
    void forOperation_decryptingParameterRead_addsKmsDecryptViaSsmOnly() {
        List<Permission> perms = permissions.forOperation(config.operation("getSetting").orElseThrow(), Side.NEW);

        assertThat(perms).containsExactly(
                Permission.of("ssm:GetParameter", "arn:aws:ssm:us-east-1:222222222222:parameter/shop/*", "getSetting"),
                new Permission("kms:Decrypt", "arn:aws:kms:us-east-1:222222222222:key/c51798c5-d3c6-36b6-8bb5-fc15bc6091b0",
                        Map.of("kms:ViaService", "ssm.us-east-1.amazonaws.com"), "getSetting"));
    }

    @Test
    void forApiInvoke_grantsInvokeOnEachIamRouteOnlyWithVariablesAsStar() {
        List<Permission> perms = permissions.forApiInvoke("local", "$default");

        // The example's one auth: iam route; getItem, createOrder and the others are open (auth: none) and need no grant.
        assertThat(perms).containsExactly(Permission.of("execute-api:Invoke",
                "arn:aws:execute-api:us-east-1:222222222222:local/$default/GET/settings/*", "getSetting"));
    }

    @Test
    void forLegacyRole_eachJob_hasNoWildcardActionsNorBareStarResources() {
        for (LegacyAccount.Job job : LegacyAccount.Job.values()) {
            List<Permission> perms = permissions.forLegacyRole(job);

            assertThat(perms).as(job.name()).isNotEmpty().allSatisfy(p -> {
                assertThat(p.action()).doesNotContain("*");
                assertThat(p.resource()).isNotEqualTo("*").contains(":111111111111:");
            });
        }
    }

    @Test
    void forLegacyRole_router_grantsExactlyTheRoutersLegacyCallsAndNoMigrationOrStreamReads() {
        List<Permission> router = permissions.forLegacyRole(LegacyAccount.Job.ROUTER);

        assertThat(router).isEqualTo(permissions.forRouter(Side.LEGACY));
        assertThat(router).extracting(Permission::action).contains("dynamodb:GetItem", "dynamodb:Query", "sqs:SendMessage",
                "ssm:GetParameter", "kms:Decrypt").doesNotContain("dynamodb:Scan", "ssm:GetParametersByPath", "ssm:DescribeParameters",
                "dynamodb:GetRecords");
        assertThat(permissions.forLegacyRole(LegacyAccount.Job.MIGRATION)).isEqualTo(permissions.forMigrationSource())
                .extracting(Permission::action).doesNotContain("dynamodb:GetRecords", "sqs:SendMessage");
        assertThat(permissions.forLegacyRole(LegacyAccount.Job.REPLICATION)).extracting(Permission::action)
                .containsExactlyInAnyOrder("dynamodb:DescribeTable", "dynamodb:DescribeStream", "dynamodb:GetShardIterator",
                        "dynamodb:GetRecords");
    }

    @Test
    void forLegacyRole_reverseReplication_grantsOnlyDescribeTableAndBatchWriteItemOnEachLegacyTable() {
        String table = "arn:aws:dynamodb:us-east-1:111111111111:table/legacy-shop-items";

        assertThat(permissions.forLegacyRole(LegacyAccount.Job.REVERSE_REPLICATION)).containsExactly(
                Permission.of("dynamodb:DescribeTable", table, Permissions.REVERSE_REPLICATE_DYNAMODB),
                Permission.of("dynamodb:BatchWriteItem", table, Permissions.REVERSE_REPLICATE_DYNAMODB));
    }

    @Test
    void forMigrationRole_withReverseReplication_addsOnlyTheNewTablesStreamReads() {
        String table = "arn:aws:dynamodb:us-east-1:222222222222:table/shop-items";
        List<Permission> without = permissions.forMigrationRole("cutover-checkpoints", false);
        List<Permission> with = permissions.forMigrationRole("cutover-checkpoints", true);

        assertThat(without).containsAll(permissions.forMigrationTarget()).containsAll(permissions.forCheckpointTable("cutover-checkpoints"))
                .extracting(Permission::action).doesNotContain("dynamodb:GetRecords");
        assertThat(with.subList(without.size(), with.size())).containsExactly(
                Permission.of("dynamodb:DescribeStream", table + "/stream/*", Permissions.REVERSE_REPLICATE_DYNAMODB),
                Permission.of("dynamodb:GetShardIterator", table + "/stream/*", Permissions.REVERSE_REPLICATE_DYNAMODB),
                Permission.of("dynamodb:GetRecords", table + "/stream/*", Permissions.REVERSE_REPLICATE_DYNAMODB));
        assertThat(with).startsWith(without.toArray(Permission[]::new));
    }

    @Test
    void forLegacyRoles_whenJobsShareARoleArn_mergesTheirGrantsIntoThatRole() {
        String arn = config.accounts().legacy().roleArn();
        Permissions single = new Permissions(config.toBuilder().legacyAccount(l -> l.migrationRoleArn(arn)).build());
        Permissions split = new Permissions(config);

        Map<String, List<Permission>> one = single.forLegacyRoles(EnumSet.of(LegacyAccount.Job.ROUTER, LegacyAccount.Job.MIGRATION));
        Map<String, List<Permission>> two = split.forLegacyRoles(EnumSet.of(LegacyAccount.Job.ROUTER, LegacyAccount.Job.MIGRATION));

        assertThat(one).containsOnlyKeys(arn);
        assertThat(grants(one.get(arn))).containsAll(grants(split.forRouter(Side.LEGACY))).containsAll(grants(split.forMigrationSource()));
        assertThat(two).containsOnlyKeys(arn, config.accounts().legacy().migrationRoleArn());
    }

    @Test
    void forRouter_coversEveryOperation() {
        List<Permission> perms = permissions.forRouter(Side.LEGACY);

        assertThat(perms).extracting(Permission::neededBy).containsAll(config.operations().stream().map(Operation::name).toList());
    }

    @Test
    void forReplicationSource_grantsTheFourStreamReadsOnEachLegacyTablesStreamsOnly() {
        List<Permission> perms = permissions.forReplicationSource();

        String streams = "arn:aws:dynamodb:us-east-1:111111111111:table/legacy-shop-items/stream/*";
        assertThat(perms).containsExactly(
                Permission.of("dynamodb:DescribeStream", streams, Permissions.REPLICATE_DYNAMODB),
                Permission.of("dynamodb:GetShardIterator", streams, Permissions.REPLICATE_DYNAMODB),
                Permission.of("dynamodb:GetRecords", streams, Permissions.REPLICATE_DYNAMODB),
                Permission.of("dynamodb:ListStreams", streams, Permissions.REPLICATE_DYNAMODB));
        assertThat(permissions.forLegacyRole(LegacyAccount.Job.ROUTER)).doesNotContainAnyElementsOf(perms);
        assertThat(permissions.forLegacyRole(LegacyAccount.Job.MIGRATION)).doesNotContainAnyElementsOf(perms);
    }

    @Test
    void forMigrationTarget_withRemapKmsKeyArns_grantsEncryptViaSsmOnEachAndItsOwnKey() {
        String text = CutoverConfig.exampleText();
        String anchor = "        kmsKeyArn: arn:aws:kms:us-east-1:222222222222:key/c51798c5-d3c6-36b6-8bb5-fc15bc6091b0\n";
        assertThat(text).as("the example still has the new tree's key").containsOnlyOnce(anchor);
        String remap = "arn:aws:kms:us-east-1:222222222222:key/secrets-key";
        CutoverConfig remapped = CutoverConfig.parse(text.replace(anchor, anchor + "        remapKmsKeyArns: [" + remap + "]\n"), "t.yaml");

        List<Permission> target = new Permissions(remapped).forMigrationTarget();

        Map<String, String> viaSsm = Map.of("kms:ViaService", "ssm.us-east-1.amazonaws.com");
        assertThat(target).contains(new Permission("kms:Encrypt", remap, viaSsm, Permissions.MIGRATE_SSM),
                new Permission("kms:Encrypt", "arn:aws:kms:us-east-1:222222222222:key/c51798c5-d3c6-36b6-8bb5-fc15bc6091b0", viaSsm,
                        Permissions.MIGRATE_SSM));
        assertThat(permissions.forMigrationTarget()).extracting(Permission::resource).doesNotContain(remap);
        assertThatThrownBy(() -> CutoverConfig.parse(text.replace(anchor, anchor + "        remapKmsKeyArns: [alias/x]\n"), "t.yaml"))
                .hasMessageContaining("resources.new.parameters.settings.remapKmsKeyArns[0]").hasMessageContaining("'alias/x'");
    }

    /** What IAM sees of each permission: (action, resource, conditions), not which caller needs it. */
    private static List<List<Object>> grants(List<Permission> permissions) {
        return permissions.stream().map(p -> List.<Object>of(p.action(), p.resource(), p.stringEquals())).toList();
    }

    @Test
    void forExportSource_grantsTheExportOnEachLegacyTableAndWritesUnderThePrefixOnly() {
        List<Permission> perms = permissions.forExportSource("shop-export", "cutover-export");

        String table = "arn:aws:dynamodb:us-east-1:111111111111:table/legacy-shop-items";
        String objects = "arn:aws:s3:::shop-export/cutover-export/*";
        assertThat(perms).containsExactly(
                Permission.of("dynamodb:DescribeContinuousBackups", table, Permissions.EXPORT_DYNAMODB),
                Permission.of("dynamodb:ExportTableToPointInTime", table, Permissions.EXPORT_DYNAMODB),
                Permission.of("dynamodb:DescribeExport", table + "/export/*", Permissions.EXPORT_DYNAMODB),
                Permission.of("s3:PutObject", objects, Permissions.EXPORT_DYNAMODB),
                Permission.of("s3:AbortMultipartUpload", objects, Permissions.EXPORT_DYNAMODB));
        List<Permission> everyRole = Arrays.stream(LegacyAccount.Job.values()).flatMap(j -> permissions.forLegacyRole(j).stream()).toList();
        assertThat(everyRole).as("opt-in: in no legacy role by default").doesNotContainAnyElementsOf(perms);
    }

    @Test
    void forImportTarget_grantsTheImportOnTheNamedNewTablesAndReadsUnderThePrefixOnly() {
        List<Permission> perms = permissions.forImportTarget("shop-export", "cutover-export", List.of("items"));

        String table = "arn:aws:dynamodb:us-east-1:222222222222:table/shop-items";
        String logs = "arn:aws:logs:us-east-1:222222222222:log-group:/aws-dynamodb/imports:*";
        assertThat(perms).containsExactly(
                Permission.of("dynamodb:ImportTable", table, Permissions.IMPORT_DYNAMODB),
                Permission.of("dynamodb:DescribeImport", table + "/import/*", Permissions.IMPORT_DYNAMODB),
                Permission.of("s3:GetObject", "arn:aws:s3:::shop-export/cutover-export/*", Permissions.IMPORT_DYNAMODB),
                Permission.of("s3:ListBucket", "arn:aws:s3:::shop-export", Permissions.IMPORT_DYNAMODB),
                Permission.of("logs:CreateLogGroup", logs, Permissions.IMPORT_DYNAMODB),
                Permission.of("logs:CreateLogStream", logs, Permissions.IMPORT_DYNAMODB),
                Permission.of("logs:DescribeLogStreams", logs, Permissions.IMPORT_DYNAMODB),
                Permission.of("logs:PutLogEvents", logs, Permissions.IMPORT_DYNAMODB),
                Permission.of("logs:PutRetentionPolicy", logs, Permissions.IMPORT_DYNAMODB),
                Permission.of("logs:DescribeLogGroups", "arn:aws:logs:us-east-1:222222222222:log-group:*", Permissions.IMPORT_DYNAMODB));
        assertThat(permissions.forImportTarget("shop-export", "cutover-export", List.of())).isEmpty();
        assertThat(permissions.forImportTarget("shop-export", "cutover-export")).extracting(Permission::resource).contains(table);
        assertThat(permissions.forMigrationTarget()).as("opt-in: not in the migration grants").doesNotContainAnyElementsOf(perms);
        assertThatThrownBy(() -> permissions.forImportTarget("shop-export", "cutover-export", List.of("nope")))
                .isInstanceOf(ConfigException.class).hasMessageContaining("'nope'").hasMessageContaining("items");
    }
}
