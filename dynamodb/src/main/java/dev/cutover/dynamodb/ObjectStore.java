package dev.cutover.dynamodb;

import java.util.List;
import java.util.Optional;

/**
 * Where ExportTableToPointInTime writes and ImportTable reads: the buckets of an S3 the engine shares with its host (the
 * sandbox's S3 stand-in). The host has already decided IAM (the caller's s3 permissions and the bucket's policy); the engine
 * only reads and writes objects. Implementations must be thread-safe.
 */
public interface ObjectStore {

    /** Whether a bucket of that name exists (in any account: bucket names are global). */
    boolean bucketExists(String bucket);

    /** The account that owns the bucket, empty when there is no such bucket. */
    Optional<String> bucketOwner(String bucket);

    /** Stores (or replaces) an object; the bucket must exist. */
    void put(String bucket, String key, byte[] content);

    /** An object's bytes, empty when the bucket or the key does not exist. */
    Optional<byte[]> get(String bucket, String key);

    /** The keys under {@code prefix} ("" for all), in lexicographic (UTF-8 binary) order, as ListObjectsV2 lists them. */
    List<String> keys(String bucket, String prefix);

    /** A store with no buckets: exports fail with S3NoSuchBucket, imports find nothing. */
    static ObjectStore none() {
        return new ObjectStore() {
            @Override
            public boolean bucketExists(String bucket) {
                return false;
            }

            @Override
            public Optional<String> bucketOwner(String bucket) {
                return Optional.empty();
            }

            @Override
            public void put(String bucket, String key, byte[] content) {
                throw new IllegalStateException("no bucket " + bucket);
            }

            @Override
            public Optional<byte[]> get(String bucket, String key) {
                return Optional.empty();
            }

            @Override
            public List<String> keys(String bucket, String prefix) {
                return List.of();
            }
        };
    }
}
