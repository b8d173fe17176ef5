package dev.cutover.sandbox;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.BucketAlreadyExistsException;
import software.amazon.awssdk.services.s3.model.CompletedPart;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.NoSuchBucketException;
import software.amazon.awssdk.services.s3.model.NoSuchKeyException;
import software.amazon.awssdk.services.s3.model.S3Exception;
import software.amazon.awssdk.services.s3.model.S3Object;

/** The S3 stand-in through the edge with the real SDK v2 S3 client (path-style, SigV4, aws-chunked bodies). */
class S3Test {

    static final String LEGACY = "111111111111";
    static final String NEW = "222222222222";

    @RegisterExtension
    static final SandboxExtension SANDBOX = SandboxExtension.withDefaults();

    private static S3Client legacy;
    private static S3Client fresh;

    @BeforeAll
    static void clients() {
        legacy = s3(SANDBOX.sandbox(), LEGACY);
        fresh = s3(SANDBOX.sandbox(), NEW);
    }

    static S3Client s3(Sandbox sandbox, String account) {
        return TestClients.build(S3Client.builder().forcePathStyle(true), sandbox, TestClients.root(sandbox, account));
    }

    private static String bucket() {
        String name = "bucket-" + UUID.randomUUID();
        fresh.createBucket(b -> b.bucket(name));
        return name;
    }

    @Test
    void putObject_thenGetAndHead_returnsTheBytesAndTheirMd5ETag() throws Exception {
        String bucket = bucket();
        byte[] content = "hello, export".getBytes(StandardCharsets.UTF_8);

        String etag = fresh.putObject(b -> b.bucket(bucket).key("dir/a file.txt").contentType("text/plain"),
                RequestBody.fromBytes(content)).eTag();

        String md5 = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("MD5").digest(content));
        assertThat(etag).isEqualTo("\"" + md5 + "\"");
        assertThat(fresh.getObjectAsBytes(b -> b.bucket(bucket).key("dir/a file.txt")).asByteArray()).isEqualTo(content);
        assertThat(fresh.headObject(b -> b.bucket(bucket).key("dir/a file.txt")).contentLength()).isEqualTo(content.length);
        assertThatThrownBy(() -> fresh.getObjectAsBytes(b -> b.bucket(bucket).key("missing")))
                .isInstanceOf(NoSuchKeyException.class);
    }

    @Test
    void getObject_withRange_returnsOnlyThoseBytesAsPartialContent() {
        // the AWS CLI's `aws s3 cp s3://B/K .` downloads objects over 8 MB in ranged GETs; without ranges it got each part
        // as the whole object and wrote a file three times too long
        String bucket = bucket();
        byte[] content = new byte[1000];
        for (int i = 0; i < content.length; i++) {
            content[i] = (byte) i;
        }
        fresh.putObject(b -> b.bucket(bucket).key("big.bin"), RequestBody.fromBytes(content));

        var middle = fresh.getObjectAsBytes(b -> b.bucket(bucket).key("big.bin").range("bytes=100-199"));
        var open = fresh.getObjectAsBytes(b -> b.bucket(bucket).key("big.bin").range("bytes=990-"));
        var suffix = fresh.getObjectAsBytes(b -> b.bucket(bucket).key("big.bin").range("bytes=-5"));
        var clipped = fresh.getObjectAsBytes(b -> b.bucket(bucket).key("big.bin").range("bytes=998-5000"));

        assertThat(middle.asByteArray()).isEqualTo(Arrays.copyOfRange(content, 100, 200));
        assertThat(middle.response().contentRange()).isEqualTo("bytes 100-199/1000");
        assertThat(middle.response().contentLength()).isEqualTo(100);
        assertThat(middle.response().sdkHttpResponse().statusCode()).isEqualTo(206);
        assertThat(open.asByteArray()).isEqualTo(Arrays.copyOfRange(content, 990, 1000));
        assertThat(suffix.asByteArray()).isEqualTo(Arrays.copyOfRange(content, 995, 1000));
        assertThat(clipped.response().contentRange()).isEqualTo("bytes 998-999/1000");
        assertThat(fresh.getObjectAsBytes(b -> b.bucket(bucket).key("big.bin")).asByteArray()).isEqualTo(content);
        assertThatThrownBy(() -> fresh.getObjectAsBytes(b -> b.bucket(bucket).key("big.bin").range("bytes=1000-1001")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(416);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("InvalidRange");
                });
    }

    @Test
    void listObjectsV2_withPrefixAndSmallPages_listsEveryKeyOnceInOrder() {
        String bucket = bucket();
        for (int i = 0; i < 5; i++) {
            int n = i;
            fresh.putObject(b -> b.bucket(bucket).key("data/part-" + n + ".json.gz"), RequestBody.fromString("x" + n));
        }
        fresh.putObject(b -> b.bucket(bucket).key("manifest-summary.json"), RequestBody.fromString("{}"));

        List<String> keys = new ArrayList<>();
        String token = null;
        int pages = 0;
        do {
            String current = token;
            ListObjectsV2Response page = fresh.listObjectsV2(b -> b.bucket(bucket).prefix("data/").maxKeys(2).continuationToken(current));
            page.contents().stream().map(S3Object::key).forEach(keys::add);
            token = page.nextContinuationToken();
            pages++;
        } while (token != null);

        assertThat(keys).containsExactly("data/part-0.json.gz", "data/part-1.json.gz", "data/part-2.json.gz", "data/part-3.json.gz",
                "data/part-4.json.gz");
        assertThat(pages).isEqualTo(3);
    }

    @Test
    void multipartUpload_whenCompleted_storesThePartsInOrder() {
        String bucket = bucket();
        byte[] first = new byte[6 * 1024 * 1024];
        Arrays.fill(first, (byte) 'a');
        byte[] second = "tail".getBytes(StandardCharsets.UTF_8);
        String uploadId = fresh.createMultipartUpload(b -> b.bucket(bucket).key("big")).uploadId();
        String e1 = fresh.uploadPart(b -> b.bucket(bucket).key("big").uploadId(uploadId).partNumber(1), RequestBody.fromBytes(first))
                .eTag();
        String e2 = fresh.uploadPart(b -> b.bucket(bucket).key("big").uploadId(uploadId).partNumber(2), RequestBody.fromBytes(second))
                .eTag();

        String etag = fresh.completeMultipartUpload(b -> b.bucket(bucket).key("big").uploadId(uploadId).multipartUpload(m -> m.parts(
                CompletedPart.builder().partNumber(1).eTag(e1).build(), CompletedPart.builder().partNumber(2).eTag(e2).build()))).eTag();

        byte[] stored = fresh.getObjectAsBytes(b -> b.bucket(bucket).key("big")).asByteArray();
        assertThat(stored).hasSize(first.length + second.length);
        assertThat(Arrays.copyOfRange(stored, first.length, stored.length)).isEqualTo(second);
        assertThat(etag).endsWith("-2\"");
    }

    @Test
    void putObject_fromAnotherAccount_isRefusedUntilTheBucketPolicyAllowsIt() {
        String bucket = bucket();
        assertThatThrownBy(() -> legacy.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v")))
                .isInstanceOfSatisfying(S3Exception.class, e -> {
                    assertThat(e.statusCode()).isEqualTo(403);
                    assertThat(e.awsErrorDetails().errorCode()).isEqualTo("AccessDenied");
                });

        fresh.putBucketPolicy(b -> b.bucket(bucket).policy(writeFrom(LEGACY, bucket)));
        legacy.putObject(b -> b.bucket(bucket).key("k"), RequestBody.fromString("v"));

        assertThat(fresh.getObjectAsBytes(b -> b.bucket(bucket).key("k")).asUtf8String()).isEqualTo("v");
        assertThatThrownBy(() -> legacy.getObjectAsBytes(b -> b.bucket(bucket).key("k"))).isInstanceOf(S3Exception.class);
    }

    @Test
    void createBucket_whenAnotherAccountOwnsTheName_isRefused() {
        String bucket = bucket();
        assertThatThrownBy(() -> legacy.createBucket(b -> b.bucket(bucket))).isInstanceOf(BucketAlreadyExistsException.class);
        assertThatThrownBy(() -> fresh.listObjectsV2(b -> b.bucket("no-such-" + bucket))).isInstanceOf(NoSuchBucketException.class);
    }

    /** A bucket policy letting {@code account} write objects (what a cross-account DynamoDB export needs). */
    static String writeFrom(String account, String bucket) {
        return """
                {"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Principal": {"AWS": "arn:aws:iam::%s:root"},
                  "Action": ["s3:PutObject", "s3:AbortMultipartUpload"], "Resource": "arn:aws:s3:::%s/*"}]}"""
                .formatted(account, bucket);
    }
}
