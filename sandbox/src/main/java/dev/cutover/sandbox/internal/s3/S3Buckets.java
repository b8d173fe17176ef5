package dev.cutover.sandbox.internal.s3;

import dev.cutover.dynamodb.ObjectStore;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentSkipListMap;

/**
 * The sandbox's S3 state: buckets in one global namespace (as S3's names are), each owned by the account that created it,
 * with an optional bucket policy, its objects (ordered by key, as ListObjectsV2 lists them) and its open multipart uploads.
 * Object ownership is always "bucket owner enforced": every object belongs to the bucket's owner, whoever wrote it.
 * Also the {@link ObjectStore} DynamoDB's export and import use.
 */
public final class S3Buckets implements ObjectStore {

    /** One stored object. */
    record S3Object(byte[] content, String etag, String contentType, Instant lastModified) {
    }

    /** One bucket; its maps are concurrent, its policy replaced whole. */
    static final class Bucket {
        final String name;
        final String owner;
        final Instant created;
        volatile String policy;
        final ConcurrentSkipListMap<String, S3Object> objects = new ConcurrentSkipListMap<>();
        final Map<String, Upload> uploads = new ConcurrentHashMap<>();

        Bucket(String name, String owner, Instant created) {
            this.name = name;
            this.owner = owner;
            this.created = created;
        }
    }

    /** An open multipart upload: its parts by number. */
    record Upload(String key, String contentType, ConcurrentSkipListMap<Integer, S3Object> parts) {
    }

    private final ConcurrentHashMap<String, Bucket> buckets = new ConcurrentHashMap<>();

    /** Creates the bucket for {@code owner}; returns null, or the existing bucket when the name is taken. */
    Bucket createIfAbsent(String name, String owner, Instant now) {
        return buckets.putIfAbsent(name, new Bucket(name, owner, now));
    }

    Optional<Bucket> bucket(String name) {
        return Optional.ofNullable(buckets.get(name));
    }

    boolean remove(Bucket bucket) {
        return buckets.remove(bucket.name, bucket);
    }

    List<Bucket> ownedBy(String account) {
        List<Bucket> owned = new ArrayList<>();
        for (Bucket b : buckets.values()) {
            if (b.owner.equals(account)) {
                owned.add(b);
            }
        }
        owned.sort((a, b) -> a.name.compareTo(b.name));
        return owned;
    }

    static String md5Hex(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("MD5").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The bucket's policy (JSON), empty when it has none or does not exist. */
    public Optional<String> policy(String bucket) {
        return bucket(bucket).map(b -> b.policy);
    }

    @Override
    public boolean bucketExists(String bucket) {
        return buckets.containsKey(bucket);
    }

    @Override
    public Optional<String> bucketOwner(String bucket) {
        return bucket(bucket).map(b -> b.owner);
    }

    @Override
    public void put(String bucket, String key, byte[] content) {
        Bucket b = bucket(bucket).orElseThrow(() -> new IllegalStateException("no bucket " + bucket));
        b.objects.put(key, new S3Object(content.clone(), md5Hex(content), "application/octet-stream", Instant.now()));
    }

    @Override
    public Optional<byte[]> get(String bucket, String key) {
        return bucket(bucket).map(b -> b.objects.get(key)).map(o -> o.content().clone());
    }

    @Override
    public List<String> keys(String bucket, String prefix) {
        Optional<Bucket> b = bucket(bucket);
        if (b.isEmpty()) {
            return List.of();
        }
        List<String> keys = new ArrayList<>();
        for (String key : b.get().objects.tailMap(prefix, true).keySet()) {
            if (!key.startsWith(prefix)) {
                break;
            }
            keys.add(key);
        }
        return keys;
    }
}
