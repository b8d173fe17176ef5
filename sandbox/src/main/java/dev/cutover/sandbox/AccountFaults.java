package dev.cutover.sandbox;

import java.time.Duration;

/**
 * The faults of {@link Faults} limited to the calls of one account, e.g. a slow or failing
 * secondary side: {@code sandbox.faults().forAccount("111111111111").latency("dynamodb", Duration.ofMillis(300))}
 * delays the legacy account's DynamoDB and leaves the new account's alone. The account of a call is
 * the one its credentials belong to (the role's account for an AssumeRole session). A fault for one
 * account wins over the same fault for every account; {@link Faults#clear()} removes both.
 */
public interface AccountFaults {

    /** The account these faults apply to. */
    String accountId();

    /** Answers {@code fraction} (0..1) of the account's calls to the service with its throttling error. */
    void throttle(String service, double fraction);

    /** Like {@link #throttle(String, double)} for one operation, e.g. ("dynamodb", "GetItem", 1.0). */
    void throttle(String service, String operation, double fraction);

    /** Delays every call of the account to the service by {@code latency} before it is handled. */
    void latency(String service, Duration latency);

    /** Answers every call of the account to the service with 503 ServiceUnavailable in its protocol. */
    void unavailable(String service);
}
