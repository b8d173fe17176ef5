package dev.cutover.sandbox.internal.iam;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.cutover.sandbox.SandboxException;
import dev.cutover.sandbox.internal.iam.PolicyDocument.Decision;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import org.junit.jupiter.api.Test;

class PolicyDocumentTest {

    private static final String TABLE = "arn:aws:dynamodb:us-east-1:111111111111:table/items";
    private static final Function<String, Optional<String>> NO_CONTEXT = key -> Optional.empty();

    @Test
    void evaluate_actionWildcards_matchCaseInsensitively() {
        PolicyDocument policy = identity("""
                {"Version": "2012-10-17",
                 "Statement": {"Effect": "Allow", "Action": ["dynamodb:Get*", "sqs:?endMessage"], "Resource": "*"}}""");

        assertThat(policy.evaluate("dynamodb:GetItem", TABLE, NO_CONTEXT)).isEqualTo(Decision.ALLOW);
        assertThat(policy.evaluate("DynamoDB:getitem", TABLE, NO_CONTEXT)).isEqualTo(Decision.ALLOW);
        assertThat(policy.evaluate("sqs:SendMessage", "arn:aws:sqs:us-east-1:111111111111:q", NO_CONTEXT)).isEqualTo(Decision.ALLOW);
        assertThat(policy.evaluate("dynamodb:PutItem", TABLE, NO_CONTEXT)).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate("sqs:SSendMessage", "arn:aws:sqs:us-east-1:111111111111:q", NO_CONTEXT))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void evaluate_resourceWildcards_matchCaseSensitively() {
        PolicyDocument policy = identity("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "dynamodb:Query",
                 "Resource": ["arn:aws:dynamodb:*:111111111111:table/items", "arn:aws:dynamodb:*:111111111111:table/items/index/*"]}]}""");

        assertThat(policy.evaluate("dynamodb:Query", TABLE, NO_CONTEXT)).isEqualTo(Decision.ALLOW);
        assertThat(policy.evaluate("dynamodb:Query", TABLE + "/index/byOwner", NO_CONTEXT)).isEqualTo(Decision.ALLOW);
        assertThat(policy.evaluate("dynamodb:Query", "arn:aws:dynamodb:us-east-1:111111111111:table/Items", NO_CONTEXT))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate("dynamodb:Query", "arn:aws:dynamodb:us-east-1:222222222222:table/items", NO_CONTEXT))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void evaluate_explicitDeny_winsOverAllow() {
        PolicyDocument policy = identity("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "Action": "dynamodb:*", "Resource": "*"},
                  {"Effect": "Deny", "Action": "dynamodb:DeleteTable", "Resource": "*"}]}""");

        assertThat(policy.evaluate("dynamodb:DeleteTable", TABLE, NO_CONTEXT)).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(policy.evaluate("dynamodb:PutItem", TABLE, NO_CONTEXT)).isEqualTo(Decision.ALLOW);
    }

    @Test
    void evaluate_notActionAndNotResource_invertTheMatch() {
        PolicyDocument policy = identity("""
                {"Version": "2012-10-17", "Statement": [
                  {"Effect": "Allow", "NotAction": "dynamodb:Delete*", "NotResource": "arn:aws:dynamodb:*:*:table/secret"}]}""");

        assertThat(policy.evaluate("dynamodb:PutItem", TABLE, NO_CONTEXT)).isEqualTo(Decision.ALLOW);
        assertThat(policy.evaluate("dynamodb:DeleteItem", TABLE, NO_CONTEXT)).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate("dynamodb:PutItem", "arn:aws:dynamodb:us-east-1:1:table/secret", NO_CONTEXT))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void evaluate_stringConditions_testTheContextKeysCaseInsensitively() {
        PolicyDocument policy = identity("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "ssm:GetParameter", "Resource": "*",
                  "Condition": {"StringEquals": {"aws:PrincipalAccount": "111111111111"},
                                "StringLike": {"kms:ViaService": "ssm.*.amazonaws.com"}}}]}""");

        assertThat(policy.evaluate("ssm:GetParameter", "p", context(Map.of("aws:principalaccount", "111111111111",
                "KMS:ViaService", "ssm.us-east-1.amazonaws.com")))).isEqualTo(Decision.ALLOW);
        assertThat(policy.evaluate("ssm:GetParameter", "p", context(Map.of("aws:principalaccount", "222222222222",
                "kms:viaservice", "ssm.us-east-1.amazonaws.com")))).isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(policy.evaluate("ssm:GetParameter", "p", context(Map.of("aws:principalaccount", "111111111111"))))
                .as("a missing key fails a positive operator").isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void evaluate_negatedAndIfExistsConditions_passWhenTheKeyIsMissing() {
        PolicyDocument policy = identity("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Deny", "Action": "*", "Resource": "*",
                  "Condition": {"StringNotEquals": {"aws:RequestedRegion": "us-east-1"}}},
                  {"Effect": "Allow", "Action": "*", "Resource": "*", "Condition": {"BoolIfExists": {"aws:SecureTransport": "true"}}}]}""");

        assertThat(policy.evaluate("s3:GetObject", "x", NO_CONTEXT)).isEqualTo(Decision.EXPLICIT_DENY);
        assertThat(policy.evaluate("s3:GetObject", "x", context(Map.of("aws:RequestedRegion", "us-east-1")))).isEqualTo(Decision.ALLOW);
        assertThat(policy.evaluate("s3:GetObject", "x", context(Map.of("aws:RequestedRegion", "us-east-1", "aws:SecureTransport",
                "false")))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void evaluate_arnLike_matchesEachArnPartSeparately() {
        PolicyDocument policy = identity("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sqs:SendMessage", "Resource": "*",
                  "Condition": {"ArnLike": {"aws:SourceArn": "arn:aws:sns:*:111111111111:*"}}}]}""");

        assertThat(policy.evaluate("sqs:SendMessage", "q", context(Map.of("aws:SourceArn", "arn:aws:sns:us-east-1:111111111111:topic"))))
                .isEqualTo(Decision.ALLOW);
        assertThat(policy.evaluate("sqs:SendMessage", "q", context(Map.of("aws:SourceArn", "arn:aws:sns:us-east-1:222222222222:topic"))))
                .isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void evaluateTrust_matchesAccountShortFormAndConditions() {
        PolicyDocument trust = PolicyDocument.parse("""
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Action": "sts:AssumeRole",
                  "Principal": {"AWS": ["111111111111"]}, "Condition": {"StringEquals": {"sts:ExternalId": "abc"}}}]}""",
                PolicyDocument.Kind.TRUST, "trust");

        List<String> legacyRoot = List.of("arn:aws:iam::111111111111:root");
        assertThat(trust.evaluateTrust("sts:AssumeRole", legacyRoot, context(Map.of("sts:ExternalId", "abc")))).isEqualTo(Decision.ALLOW);
        assertThat(trust.evaluateTrust("sts:AssumeRole", legacyRoot, context(Map.of("sts:ExternalId", "abd"))))
                .isEqualTo(Decision.IMPLICIT_DENY);
        assertThat(trust.evaluateTrust("sts:AssumeRole", List.of("arn:aws:iam::222222222222:root"), context(Map.of("sts:ExternalId",
                "abc")))).isEqualTo(Decision.IMPLICIT_DENY);
    }

    @Test
    void parse_badEffect_namesTheStatementAndValue() {
        assertThatThrownBy(() -> identity("""
                {"Statement": [{"Effect": "Allow", "Action": "a:b", "Resource": "*"},
                               {"Effect": "Alow", "Action": "a:b", "Resource": "*"}]}"""))
                .isInstanceOf(SandboxException.class)
                .hasMessage("test policy: Statement[1].Effect must be Allow or Deny but was 'Alow'");
    }

    @Test
    void parse_unsupportedConditionOperator_namesItAndTheSupportedOnes() {
        assertThatThrownBy(() -> identity("""
                {"Statement": {"Effect": "Allow", "Action": "a:b", "Resource": "*", "Condition": {"DateGreaterThan": {"k": "v"}}}}"""))
                .isInstanceOf(SandboxException.class)
                .hasMessageContaining("Statement.Condition.DateGreaterThan is not supported").hasMessageContaining("StringLike");
    }

    @Test
    void parse_identityPolicyWithoutResource_isRejected() {
        assertThatThrownBy(() -> identity("{\"Statement\": {\"Effect\": \"Allow\", \"Action\": \"a:b\"}}"))
                .isInstanceOf(SandboxException.class).hasMessageContaining("needs a Resource");
        assertThatThrownBy(() -> identity("{\"Statement\": "))
                .isInstanceOf(SandboxException.class).hasMessageContaining("test policy is not valid JSON");
    }

    private static PolicyDocument identity(String json) {
        return PolicyDocument.parse(json, PolicyDocument.Kind.IDENTITY, "test policy");
    }

    private static Function<String, Optional<String>> context(Map<String, String> values) {
        return key -> values.entrySet().stream().filter(e -> e.getKey().equalsIgnoreCase(key)).map(Map.Entry::getValue).findFirst();
    }
}
