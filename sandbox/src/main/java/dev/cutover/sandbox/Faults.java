package dev.cutover.sandbox;

import java.time.Duration;

/**
 * Failure injection at the edge, for resilience tests. Faults apply to requests that passed
 * signature checks, before the service sees them; they stay until {@link #clear()}
 * ({@link SandboxExtension} clears them after each test). Service names are the ones of
 * {@link Sandbox#serviceNames()}: "sts", "dynamodb", "sqs", "ssm", "appconfig", "appconfigdata".
 * The faults here hit every account; {@link #forAccount(String)} limits them to one.
 */
public interface Faults {

    /** Answers {@code fraction} (0..1) of the service's calls with its throttling error. */
    void throttle(String service, double fraction);

    /** Like {@link #throttle(String, double)} for one operation, e.g. ("dynamodb", "BatchWriteItem", 0.2). */
    void throttle(String service, String operation, double fraction);

    /** Delays every call of the service by {@code latency} before it is handled. */
    void latency(String service, Duration latency);

    /** Answers every call of the service with 503 ServiceUnavailable in its protocol. */
    void unavailable(String service);

    /**
     * The same faults for the calls of one account only, e.g. to make the secondary side of a shadow
     * read or dual write slow or failing while the primary side stays healthy. Throws
     * {@link SandboxException} for an account the sandbox does not have.
     */
    AccountFaults forAccount(String accountId);

    /**
     * Leaves each write request of a DynamoDB BatchWriteItem unwritten with probability {@code fraction}
     * (0..1) and returns it in the response's UnprocessedItems, as DynamoDB does under load; only the
     * other requests reach the table. {@code service} must be "dynamodb".
     */
    void unprocessedItems(String service, double fraction);

    /** Expires every temporary credential issued so far; new AssumeRole calls get fresh, valid ones. Returns how many. */
    int expireAllCredentials();

    /**
     * Removes every throttle, latency, unavailability and unprocessed-items fault, for every account and
     * for single ones (expired credentials stay expired).
     */
    void clear();
}
