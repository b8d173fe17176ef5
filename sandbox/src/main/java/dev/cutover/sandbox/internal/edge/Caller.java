package dev.cutover.sandbox.internal.edge;

import java.time.Instant;
import java.util.Optional;

/**
 * Who signed a request, resolved from the SigV4 access key id.
 *
 * @param accountId the account the credentials belong to (the assumed role's account for a role session)
 * @param arn the principal ARN: {@code arn:aws:iam::ACCOUNT:root} or
 *     {@code arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION}
 * @param accessKeyId the access key id that signed the request
 * @param roleArn for a role session, {@code arn:aws:iam::ACCOUNT:role/ROLE}; empty for root
 * @param sessionName for a role session, the session name
 * @param expiration for a role session, when its credentials expire
 */
public record Caller(
        String accountId,
        String arn,
        String accessKeyId,
        Optional<String> roleArn,
        Optional<String> sessionName,
        Optional<Instant> expiration) {

    public boolean isRoot() {
        return roleArn.isEmpty();
    }

    public static Caller root(String accountId) {
        return new Caller(accountId, "arn:aws:iam::" + accountId + ":root", accountId,
                Optional.empty(), Optional.empty(), Optional.empty());
    }
}
