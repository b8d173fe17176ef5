package dev.cutover.sandbox.internal.edge;

import java.util.Optional;

/** Resolves a SigV4 access key id to its owner and secret: root keys of the accounts, or STS-issued keys. */
public interface AccessKeys {

    /**
     * @param caller who the key belongs to (with its expiration for temporary keys)
     * @param secretKey the secret that signs with this key
     * @param sessionToken the X-Amz-Security-Token that must accompany a temporary key; null for root keys
     */
    record AccessKey(Caller caller, String secretKey, String sessionToken) {
    }

    Optional<AccessKey> find(String accessKeyId);
}
