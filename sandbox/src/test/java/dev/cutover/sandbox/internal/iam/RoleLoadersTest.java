package dev.cutover.sandbox.internal.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.sandbox.IamRole;
import dev.cutover.sandbox.SandboxException;
import dev.cutover.sandbox.internal.edge.AwsException;
import dev.cutover.sandbox.internal.edge.Caller;
import dev.cutover.sandbox.internal.edge.Protocol;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RoleLoadersTest {

    private static final String NEW = "222222222222";
    private static final String ITEMS = "arn:aws:dynamodb:us-east-1:222222222222:table/items";

    private final RoleRegistry registry = new RoleRegistry(List.of("111111111111", NEW), "us-east-1");
    private final IamAuthorizer authorizer = new IamAuthorizer(registry, key -> Optional.empty());

    @Test
    void loadCloudFormationTemplate_cdkStyleTemplate_loadsRolesWithResolvedPolicies() throws Exception {
        List<IamRole> roles = registry.loadCloudFormationTemplate(NEW, fixture("cloudformation/CutoverNewAccount.template.json"));

        assertThat(roles).extracting(IamRole::name).containsExactly("cutover-router", "MigrationRoleC0FFEE12");
        IamRole router = registry.role(NEW, "cutover-router").orElseThrow();
        assertThat(router.maxSessionDuration()).isEqualTo(Duration.ofHours(2));
        assertThat(router.trustPolicy()).contains("\"arn:aws:iam::111111111111:root\"").contains("\"sts:ExternalId\":\"cutover\"");
        assertThat(router.inlinePolicies()).containsOnlyKeys("RouterRoleDefaultPolicy7E1A2B3C");
        assertThat(router.inlinePolicies().get("RouterRoleDefaultPolicy7E1A2B3C"))
                .contains("\"" + ITEMS + "\"", "\"" + ITEMS + "/index/*\"", "\"arn:aws:sqs:us-east-1:222222222222:cutover-events\"");
        assertThat(registry.role(NEW, "MigrationRoleC0FFEE12").orElseThrow().inlinePolicies().get("ReadParameters"))
                .contains("\"arn:aws:ssm:us-east-1:222222222222:parameter/cutover/*\"")
                .contains("\"arn:aws:dynamodb:us-east-1:222222222222:table/*\"");
    }

    @Test
    void loadCloudFormationTemplate_loadedPolicies_areEnforced() throws Exception {
        registry.loadCloudFormationTemplate(NEW, fixture("cloudformation/CutoverNewAccount.template.json"));
        Caller router = session("cutover-router");
        Caller migration = session("MigrationRoleC0FFEE12");

        authorizer.authorize(router, Protocol.JSON_1_0, "dynamodb:GetItem", ITEMS, Map.of());
        authorizer.authorize(router, Protocol.JSON_1_0, "dynamodb:Query", ITEMS + "/index/byOwner", Map.of());
        authorizer.authorize(migration, Protocol.JSON_1_1, "ssm:GetParameter", "arn:aws:ssm:us-east-1:222222222222:parameter/cutover/a",
                Map.of());
        assertThatThrownBy(() -> authorizer.authorize(router, Protocol.JSON_1_0, "dynamodb:DeleteItem", ITEMS, Map.of()))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("AccessDeniedException");
                    assertThat(e.status()).isEqualTo(400);
                    assertThat(e.getMessage()).isEqualTo("User: arn:aws:sts::222222222222:assumed-role/cutover-router/s1 is not authorized "
                            + "to perform: dynamodb:DeleteItem on resource: " + ITEMS
                            + " because no identity-based policy allows the dynamodb:DeleteItem action");
                });
        assertThatThrownBy(() -> authorizer.authorize(migration, Protocol.QUERY, "dynamodb:DeleteTable", ITEMS, Map.of()))
                .isInstanceOfSatisfying(AwsException.class, e -> {
                    assertThat(e.code()).isEqualTo("AccessDenied");
                    assertThat(e.status()).isEqualTo(403);
                    assertThat(e.getMessage()).endsWith("with an explicit deny in an identity-based policy");
                });
    }

    @Test
    void loadCloudFormationTemplate_getAttOfUnnamedResource_failsNamingResourceAndPath(@TempDir Path dir) throws IOException {
        Path template = dir.resolve("Broken.template.json");
        Files.writeString(template, """
                {"Resources": {
                  "Table1": {"Type": "AWS::DynamoDB::Table", "Properties": {}},
                  "Role1": {"Type": "AWS::IAM::Role", "Properties": {
                    "AssumeRolePolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                      "Principal": {"AWS": "arn:aws:iam::111111111111:root"}}]},
                    "Policies": [{"PolicyName": "P", "PolicyDocument": {"Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem",
                      "Resource": {"Fn::GetAtt": ["Table1", "Arn"]}}]}}]}}}}""");

        assertThatThrownBy(() -> registry.loadCloudFormationTemplate(NEW, template))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("Broken.template.json")
                .hasMessageContaining("Resources.Role1.Properties.Policies[0].PolicyDocument.Statement[0].Resource.Fn::GetAtt")
                .hasMessageContaining("resource Table1 has no TableName");
        assertThat(registry.roles()).isEmpty();
    }

    @Test
    void loadCloudFormationTemplate_unsupportedIntrinsic_failsNamingIt(@TempDir Path dir) throws IOException {
        Path template = dir.resolve("If.template.json");
        Files.writeString(template, """
                {"Resources": {"Role1": {"Type": "AWS::IAM::Role", "Properties": {"RoleName": {"Fn::ImportValue": "x"},
                    "AssumeRolePolicyDocument": {"Statement": []}}}}}""");

        assertThatThrownBy(() -> registry.loadCloudFormationTemplate(NEW, template))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("Resources.Role1.Properties.RoleName.Fn::ImportValue: the sandbox cannot resolve Fn::ImportValue");
    }

    @Test
    void loadConfigFile_rolesWithTrustAndPolicies_areLoaded(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("iam.json");
        Files.writeString(file, """
                {"roles": [
                  {"account": "222222222222", "name": "router", "trustAccounts": ["111111111111"], "maxSessionDurationSeconds": 7200,
                   "policies": {"Items": {"Version": "2012-10-17",
                     "Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem", "Resource": "%s"}]}}},
                  {"account": "111111111111", "name": "reader",
                   "trust": {"Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole", "Principal": {"AWS": "222222222222"}}]}}]}
                """.formatted(ITEMS));

        List<IamRole> roles = registry.loadConfigFile(file);

        assertThat(roles).extracting(IamRole::arn)
                .containsExactly("arn:aws:iam::222222222222:role/router", "arn:aws:iam::111111111111:role/reader");
        assertThat(roles.get(0).maxSessionDuration()).isEqualTo(Duration.ofHours(2));
        authorizer.authorize(session("router"), Protocol.JSON_1_0, "dynamodb:GetItem", ITEMS, Map.of());
    }

    @Test
    void loadConfigFile_badPolicy_failsNamingRoleAndPolicy(@TempDir Path dir) throws IOException {
        Path file = dir.resolve("iam.json");
        Files.writeString(file, """
                {"roles": [{"account": "222222222222", "name": "router", "trustAccounts": ["111111111111"],
                   "policies": {"Items": {"Statement": [{"Effect": "Allow", "Action": "dynamodb:GetItem"}]}}}]}""");

        assertThatThrownBy(() -> registry.loadConfigFile(file))
                .isInstanceOf(SandboxException.class)
                .hasMessage("role arn:aws:iam::222222222222:role/router policy Items: Statement[0] needs a Resource (or NotResource), "
                        + "e.g. \"Resource\": \"*\"");
    }

    @Test
    void putRole_forUnknownAccount_failsNamingTheFix() {
        assertThatThrownBy(() -> registry.putRole(IamRole.builder().accountId("333333333333").name("x").trustAccount(NEW).build()))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("extraAccount(\"333333333333\")");
    }

    private static Caller session(String roleName) {
        return new Caller(NEW, "arn:aws:sts::" + NEW + ":assumed-role/" + roleName + "/s1", "ASIATESTTESTTESTTEST",
                Optional.of("arn:aws:iam::" + NEW + ":role/" + roleName), Optional.of("s1"), Optional.of(Instant.now().plusSeconds(60)));
    }

    private static Path fixture(String name) throws URISyntaxException {
        return Path.of(RoleLoadersTest.class.getClassLoader().getResource(name).toURI());
    }
}
