package dev.cutover.config.aws;

import dev.cutover.config.LegacyAccount;
import java.util.concurrent.atomic.AtomicReference;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.services.sts.StsClient;
import software.amazon.awssdk.services.sts.auth.StsAssumeRoleCredentialsProvider;
import software.amazon.awssdk.services.sts.model.AssumeRoleRequest;
import software.amazon.awssdk.utils.SdkAutoCloseable;

/**
 * Credentials for the legacy account: the SDK's {@link StsAssumeRoleCredentialsProvider} (built once,
 * cached, refreshed when due) with the ExternalId and session name from the configuration.
 *
 * <p>Lambda freezes the container between invocations, so the SDK's background refresh cannot be
 * relied on: async refresh is off, and a due refresh happens on the calling thread once the
 * credentials are within {@code prefetchTime} of expiry (at most once per lifetime, other callers
 * keep using the cached ones) and blocks every caller only inside {@code staleTime}.
 *
 * <p>{@link #refreshAfterRejection} handles the rare case where AWS rejects credentials the cache
 * still considers valid (clock skew, revoked session): it replaces the provider once, however many
 * threads saw the rejection.
 */
public final class LegacyCredentialsProvider implements AwsCredentialsProvider, SdkAutoCloseable {
    private final StsClient sts;
    private final LegacyAccount account;
    private final String roleArn;
    private final AtomicReference<StsAssumeRoleCredentialsProvider> current;

    /** The router's role. */
    public LegacyCredentialsProvider(StsClient sts, LegacyAccount account) {
        this(sts, account, LegacyAccount.Job.ROUTER);
    }

    /** The role of {@code job}: each job assumes its own (accounts.legacy.roleArn, migrationRoleArn, replicationRoleArn). */
    public LegacyCredentialsProvider(StsClient sts, LegacyAccount account, LegacyAccount.Job job) {
        this.sts = sts;
        this.account = account;
        this.roleArn = account.roleArn(job);
        this.current = new AtomicReference<>(newProvider());
    }

    private StsAssumeRoleCredentialsProvider newProvider() {
        AssumeRoleRequest request = AssumeRoleRequest.builder()
                .roleArn(roleArn)
                .roleSessionName(account.sessionName())
                .externalId(account.externalId())
                .durationSeconds((int) account.sessionDuration().toSeconds())
                .build();
        return StsAssumeRoleCredentialsProvider.builder()
                .stsClient(sts)
                .refreshRequest(request)
                .prefetchTime(account.prefetchTime())
                .staleTime(account.staleTime())
                .asyncCredentialUpdateEnabled(false)
                .build();
    }

    @Override
    public AwsCredentials resolveCredentials() {
        return current.get().resolveCredentials();
    }

    /**
     * Called when AWS answered ExpiredToken or InvalidClientTokenId for {@code rejected}: replaces the
     * cached provider unless another thread already did. Returns true when a retry can use newer credentials.
     */
    public boolean refreshAfterRejection(AwsCredentials rejected) {
        StsAssumeRoleCredentialsProvider provider = current.get();
        if (!sameKey(provider.resolveCredentials(), rejected)) {
            return true;
        }
        synchronized (this) {
            if (current.get() != provider) {
                return true;
            }
            StsAssumeRoleCredentialsProvider replacement = newProvider();
            current.set(replacement);
            provider.close();
            return true;
        }
    }

    private static boolean sameKey(AwsCredentials a, AwsCredentials b) {
        return a.accessKeyId().equals(b.accessKeyId());
    }

    @Override
    public void close() {
        current.get().close();
    }

    @Override
    public String toString() {
        return "LegacyCredentialsProvider[role=" + roleArn + ", session=" + account.sessionName() + "]";
    }
}
