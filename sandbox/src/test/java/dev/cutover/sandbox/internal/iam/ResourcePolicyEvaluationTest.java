package dev.cutover.sandbox.internal.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.sandbox.IamRole;
import dev.cutover.sandbox.internal.edge.AwsException;
import dev.cutover.sandbox.internal.edge.Caller;
import dev.cutover.sandbox.internal.edge.Protocol;
import dev.cutover.sandbox.internal.iam.PolicyDocument.Decision;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/** How identity-based, session and resource-based policies combine, same account and across accounts. */
class ResourcePolicyEvaluationTest {

    private static final String LEGACY = "111111111111";
    private static final String NEW = "222222222222";
    private static final String STREAM = "arn:aws:dynamodb:us-east-1:" + LEGACY + ":table/orders/stream/2026-01-01T00:00:00.000";
    private static final String READ = "dynamodb:GetRecords";
    private static final String READER_POLICY = """
            {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}]}""";

    private final RoleRegistry roles = new RoleRegistry(List.of(LEGACY, NEW), "us-east-1");
    private final IamAuthorizer authorizer = new IamAuthorizer(roles, key -> Optional.empty());

    ResourcePolicyEvaluationTest() {
        roles.putRole(IamRole.builder().accountId(NEW).name("replicator").trustAccount(NEW).inlinePolicy("All", READER_POLICY).build());
        roles.putRole(IamRole.builder().accountId(NEW).name("other").trustAccount(NEW).inlinePolicy("All", READER_POLICY).build());
        roles.putRole(IamRole.builder().accountId(NEW).name("nothing").trustAccount(NEW).build());
        roles.putRole(IamRole.builder().accountId(LEGACY).name("local").trustAccount(LEGACY).build());
    }

    private static Caller session(String account, String role) {
        return new Caller(account, "arn:aws:sts::" + account + ":assumed-role/" + role + "/s1", "ASIATESTTESTTESTTEST",
                Optional.of("arn:aws:iam::" + account + ":role/" + role), Optional.of("s1"), Optional.of(Instant.now().plusSeconds(60)));
    }

    private static String policy(String effect, String principal) {
        return """
                {"Version": "2012-10-17", "Statement": [{"Effect": "%s", "Principal": %s,
                  "Action": ["dynamodb:DescribeStream", "dynamodb:GetShardIterator", "dynamodb:GetRecords"], "Resource": "%s"}]}"""
                .formatted(effect, principal, STREAM);
    }

    private void authorize(Caller caller, Optional<String> resourcePolicy) {
        authorizer.authorize(caller, Protocol.JSON_1_0, READ, STREAM, LEGACY, resourcePolicy, Map.of());
    }

    @Test
    void denialReason_crossAccount_needsBothIdentityAndResourceAllow() {
        assertThat(ResourcePolicyEvaluation.denialReason(READ, false, Decision.ALLOW, Decision.ALLOW, Decision.ALLOW)).isEmpty();
        assertThat(ResourcePolicyEvaluation.denialReason(READ, false, Decision.ALLOW, Decision.ALLOW, Decision.IMPLICIT_DENY))
                .contains("because no resource-based policy allows the dynamodb:GetRecords action");
        assertThat(ResourcePolicyEvaluation.denialReason(READ, false, Decision.IMPLICIT_DENY, Decision.ALLOW, Decision.ALLOW))
                .contains("because no identity-based policy allows the dynamodb:GetRecords action");
        assertThat(ResourcePolicyEvaluation.denialReason(READ, false, Decision.ALLOW, Decision.IMPLICIT_DENY, Decision.ALLOW))
                .contains("because no session policy allows the dynamodb:GetRecords action");
    }

    @Test
    void denialReason_sameAccount_needsEitherAllow() {
        assertThat(ResourcePolicyEvaluation.denialReason(READ, true, Decision.IMPLICIT_DENY, Decision.ALLOW, Decision.ALLOW)).isEmpty();
        assertThat(ResourcePolicyEvaluation.denialReason(READ, true, Decision.ALLOW, Decision.ALLOW, Decision.IMPLICIT_DENY)).isEmpty();
        assertThat(ResourcePolicyEvaluation.denialReason(READ, true, Decision.IMPLICIT_DENY, Decision.ALLOW, Decision.IMPLICIT_DENY))
                .contains("because no identity-based policy allows the dynamodb:GetRecords action");
        assertThat(ResourcePolicyEvaluation.denialReason(READ, true, Decision.IMPLICIT_DENY, Decision.IMPLICIT_DENY, Decision.ALLOW))
                .contains("because no session policy allows the dynamodb:GetRecords action");
    }

    @Test
    void denialReason_explicitDenyAnywhere_refusesEvenWithAllows() {
        assertThat(ResourcePolicyEvaluation.denialReason(READ, true, Decision.ALLOW, Decision.ALLOW, Decision.EXPLICIT_DENY))
                .contains("with an explicit deny in a resource-based policy");
        assertThat(ResourcePolicyEvaluation.denialReason(READ, false, Decision.EXPLICIT_DENY, Decision.ALLOW, Decision.ALLOW))
                .contains("with an explicit deny in an identity-based policy");
        assertThat(ResourcePolicyEvaluation.denialReason(READ, true, Decision.ALLOW, Decision.EXPLICIT_DENY, Decision.ALLOW))
                .contains("with an explicit deny in a session policy");
    }

    @Test
    void authorize_crossAccountRoleNamedByTheResourcePolicy_isAllowed() {
        String policy = policy("Allow", "{\"AWS\": \"arn:aws:iam::" + NEW + ":role/replicator\"}");

        assertThatCode(() -> authorize(session(NEW, "replicator"), Optional.of(policy))).doesNotThrowAnyException();
        assertThatThrownBy(() -> authorize(session(NEW, "other"), Optional.of(policy)))
                .isInstanceOf(AwsException.class)
                .hasMessage("User: arn:aws:sts::" + NEW + ":assumed-role/other/s1 is not authorized to perform: dynamodb:GetRecords on"
                        + " resource: " + STREAM + " because no resource-based policy allows the dynamodb:GetRecords action");
    }

    @Test
    void authorize_crossAccountWithoutIdentityAllow_isDeniedEvenWhenTheResourcePolicyNamesTheRole() {
        String policy = policy("Allow", "{\"AWS\": \"arn:aws:iam::" + NEW + ":role/nothing\"}");

        assertThatThrownBy(() -> authorize(session(NEW, "nothing"), Optional.of(policy)))
                .hasMessageEndingWith("because no identity-based policy allows the dynamodb:GetRecords action");
    }

    @Test
    void authorize_crossAccountWithoutResourcePolicy_isDenied() {
        assertThatThrownBy(() -> authorize(session(NEW, "replicator"), Optional.empty()))
                .hasMessageEndingWith("because no resource-based policy allows the dynamodb:GetRecords action");
    }

    @Test
    void authorize_accountPrincipalOrBareIdOrStar_matchesAnyRoleOfThatAccount() {
        for (String principal : List.of("{\"AWS\": \"arn:aws:iam::" + NEW + ":root\"}", "{\"AWS\": \"" + NEW + "\"}", "\"*\"",
                "{\"AWS\": \"*\"}")) {
            assertThatCode(() -> authorize(session(NEW, "other"), Optional.of(policy("Allow", principal))))
                    .as(principal).doesNotThrowAnyException();
        }
        assertThatThrownBy(() -> authorize(session(NEW, "other"), Optional.of(policy("Allow", "{\"AWS\": \"333333333333\"}"))))
                .hasMessageEndingWith("because no resource-based policy allows the dynamodb:GetRecords action");
    }

    @Test
    void authorize_crossAccountRootCaller_passesTheIdentitySideOnly() {
        assertThatCode(() -> authorize(Caller.root(NEW), Optional.of(policy("Allow", "{\"AWS\": \"" + NEW + "\"}"))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> authorize(Caller.root(NEW), Optional.of(policy("Allow", "{\"AWS\": \"" + LEGACY + "\"}"))))
                .hasMessageEndingWith("because no resource-based policy allows the dynamodb:GetRecords action");
    }

    @Test
    void authorize_explicitDenyInResourcePolicy_winsOverAnAllowForTheRole() {
        String policy = """
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%1$s:role/replicator"}, "Action": "dynamodb:*",
                   "Resource": "%2$s"},
                  {"Effect": "Deny", "Principal": {"AWS": "%1$s"}, "Action": "dynamodb:GetRecords", "Resource": "%2$s"}]}"""
                .formatted(NEW, STREAM);

        assertThatThrownBy(() -> authorize(session(NEW, "replicator"), Optional.of(policy)))
                .hasMessageEndingWith("with an explicit deny in a resource-based policy");
    }

    @Test
    void authorize_sameAccountRoleWithoutIdentityAllow_isAllowedByTheResourcePolicyNamingTheRoleOnly() {
        String namingRole = policy("Allow", "{\"AWS\": \"arn:aws:iam::" + LEGACY + ":role/local\"}");
        String namingAccount = policy("Allow", "{\"AWS\": \"" + LEGACY + "\"}");

        assertThatCode(() -> authorize(session(LEGACY, "local"), Optional.of(namingRole))).doesNotThrowAnyException();
        assertThatThrownBy(() -> authorize(session(LEGACY, "local"), Optional.of(namingAccount)))
                .hasMessageEndingWith("because no identity-based policy allows the dynamodb:GetRecords action");
    }

    @Test
    void authorize_sameAccountRootCaller_isRefusedOnlyByAnExplicitDeny() {
        assertThatCode(() -> authorize(Caller.root(LEGACY), Optional.of(policy("Allow", "{\"AWS\": \"" + NEW + "\"}"))))
                .doesNotThrowAnyException();
        assertThatThrownBy(() -> authorize(Caller.root(LEGACY), Optional.of(policy("Deny", "{\"AWS\": \"" + LEGACY + "\"}"))))
                .hasMessageEndingWith("with an explicit deny in a resource-based policy");
    }

    @Test
    void authorize_conditionsInTheResourcePolicy_areEvaluated() {
        String policy = """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": "*", "Action": "dynamodb:GetRecords",
                  "Resource": "%s", "Condition": {"StringEquals": {"aws:PrincipalAccount": "%s"}}}]}""".formatted(STREAM, NEW);

        assertThatCode(() -> authorize(session(NEW, "other"), Optional.of(policy))).doesNotThrowAnyException();
        assertThatThrownBy(() -> authorize(Caller.root("333333333333"), Optional.of(policy)))
                .hasMessageEndingWith("because no resource-based policy allows the dynamodb:GetRecords action");
    }

    @Test
    void parse_resourcePolicyWithoutPrincipal_isRefused() {
        assertThatThrownBy(() -> PolicyDocument.parse("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"}]}""",
                PolicyDocument.Kind.RESOURCE, "p")).hasMessageContaining("needs a Principal");
    }
}
