package dev.cutover.router.internal.backend;

import dev.cutover.config.Side;
import dev.cutover.router.RouterClients;
import dev.cutover.router.internal.telemetry.Telemetry;
import java.util.function.Supplier;

/**
 * Runs a call on one side. Retries live in the SDK (standard mode); the only other one is {@link CredentialRefresh},
 * after the legacy account rejected credentials the cache still trusted.
 */
public final class Backends {
    private final CredentialRefresh credentialRefresh;

    public Backends(RouterClients clients, Telemetry telemetry) {
        this.credentialRefresh = new CredentialRefresh(clients.factory().legacyCredentials(), telemetry);
    }

    /**
     * Runs {@code call} against {@code side}. On the legacy side, a rejection of credentials the cache still
     * considered valid (ExpiredToken, InvalidClientTokenId, or their JSON spellings) refreshes them and runs the
     * call once more ({@link CredentialRefresh}). Call it once per request and side.
     */
    public <T> T withFreshCredentials(Side side, Supplier<T> call) {
        return side == Side.LEGACY ? credentialRefresh.call(call) : call.get();
    }
}
