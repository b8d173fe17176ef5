package dev.cutover.config;

import static org.assertj.core.api.Assertions.assertThat;

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
    void forLegacyRole_hasNoWildcardActionsNorBareStarResources() {
        List<Permission> perms = permissions.forLegacyRole();

        assertThat(perms).isNotEmpty();
        assertThat(perms).allSatisfy(p -> {
            assertThat(p.action()).doesNotContain("*");
            assertThat(p.resource()).isNotEqualTo("*").contains(":111111111111:");
        });
        assertThat(perms).extracting(Permission::action).contains("dynamodb:GetItem", "dynamodb:Query", "sqs:SendMessage",
                "ssm:GetParameter", "kms:Decrypt", "dynamodb:Scan", "ssm:GetParametersByPath");
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
        assertThat(permissions.forLegacyRole()).as("opt-in: not in the role by default").doesNotContainAnyElementsOf(perms);
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
        assertThat(permissions.forLegacyRole()).as("opt-in: not in the role by default").doesNotContainAnyElementsOf(perms);
    }
}
