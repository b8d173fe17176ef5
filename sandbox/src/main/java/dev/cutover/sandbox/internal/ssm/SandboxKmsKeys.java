package dev.cutover.sandbox.internal.ssm;

import java.nio.charset.StandardCharsets;
import java.util.UUID;

/**
 * The sandbox's KMS key ids, so IAM policies in tests and CDK code can name the keys that encrypt
 * SecureString parameters.
 *
 * <p>Rule: the key behind an alias in an account has the id
 * {@code UUID.nameUUIDFromBytes("cutover-sandbox-kms|" + accountId + "|" + alias)} (a version 3 UUID), so
 * it is the same on every run. Its ARN is {@code arn:aws:kms:REGION:ACCOUNT:key/<id>}. The AWS managed
 * default key for Parameter Store is the one behind {@value #DEFAULT_SSM_ALIAS}.
 */
public final class SandboxKmsKeys {

    /** The alias of the AWS managed key Parameter Store uses when PutParameter names no KeyId. */
    public static final String DEFAULT_SSM_ALIAS = "alias/aws/ssm";

    private SandboxKmsKeys() {
    }

    /** The key id (a UUID) behind {@code alias} (e.g. "alias/aws/ssm") in {@code accountId}. */
    public static String keyId(String accountId, String alias) {
        if (accountId == null || !accountId.matches("\\d{12}")) {
            throw new IllegalArgumentException("accountId must be 12 digits, but was '" + accountId + "'");
        }
        if (alias == null || !alias.startsWith("alias/")) {
            throw new IllegalArgumentException("alias must start with 'alias/', but was '" + alias + "'");
        }
        return UUID.nameUUIDFromBytes(("cutover-sandbox-kms|" + accountId + "|" + alias).getBytes(StandardCharsets.UTF_8)).toString();
    }

    /** {@code arn:aws:kms:REGION:ACCOUNT:key/<keyId(accountId, alias)>}. */
    public static String keyArn(String region, String accountId, String alias) {
        return "arn:aws:kms:" + region + ":" + accountId + ":key/" + keyId(accountId, alias);
    }

    /** The ARN of the key behind {@code alias/aws/ssm}: the key a policy must allow kms:Decrypt on to read default SecureStrings. */
    public static String defaultSsmKeyArn(String region, String accountId) {
        return keyArn(region, accountId, DEFAULT_SSM_ALIAS);
    }
}
