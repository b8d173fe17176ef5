package dev.cutover.sandbox.internal.s3;

import dev.cutover.sandbox.SandboxException;
import dev.cutover.sandbox.internal.edge.AwsException;
import dev.cutover.sandbox.internal.edge.AwsService;
import dev.cutover.sandbox.internal.edge.Caller;
import dev.cutover.sandbox.internal.edge.EdgeRequest;
import dev.cutover.sandbox.internal.edge.EdgeResponse;
import dev.cutover.sandbox.internal.edge.Protocol;
import dev.cutover.sandbox.internal.iam.PolicyDocument;
import java.io.ByteArrayOutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * S3 behind the edge (signing name "s3", REST-XML, path-style addressing: {@code /BUCKET/KEY}): buckets per account,
 * bucket policies (which is what lets another account write, e.g. DynamoDB's cross-account export), objects,
 * ListObjectsV2 and multipart uploads. Request bodies in the SDK's {@code aws-chunked} encoding are decoded (chunk
 * signatures are not checked: the edge has checked the request's seed signature). Object ownership is "bucket owner
 * enforced": ACLs other than {@code bucket-owner-full-control} are refused with AccessControlListNotSupported.
 *
 * <p>IAM: every operation is authorised as S3 does, on {@code arn:aws:s3:::BUCKET} (bucket operations, ListObjectsV2) or
 * {@code arn:aws:s3:::BUCKET/KEY} (object operations), with the bucket policy: in the bucket owner's account either the
 * identity-based or the bucket policy may allow; from another account both must.
 */
final class S3Service implements AwsService {

    private static final String NS = "http://s3.amazonaws.com/doc/2006-03-01/";
    private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME.withZone(ZoneOffset.UTC);
    private static final Pattern PART = Pattern.compile("<Part>(.*?)</Part>", Pattern.DOTALL);
    private static final Pattern PART_NUMBER = Pattern.compile("<PartNumber>\\s*(\\d+)\\s*</PartNumber>");
    private static final Pattern ETAG = Pattern.compile("<ETag>(.*?)</ETag>", Pattern.DOTALL);
    private static final int MAX_KEYS = 1000;
    private static final Pattern BYTE_RANGE = Pattern.compile("bytes=(\\d*)-(\\d*)");

    private final S3Buckets buckets;
    private final Clock clock;

    S3Service(S3Buckets buckets, Clock clock) {
        this.buckets = buckets;
        this.clock = clock;
    }

    @Override
    public String signingName() {
        return "s3";
    }

    @Override
    public Protocol protocol(String method, String path, Map<String, String> lowerCaseHeaders) {
        return Protocol.REST_XML;
    }

    @Override
    public String throttlingErrorCode(String operation) {
        return "SlowDown";
    }

    /** The path's bucket and key (decoded); the key is "" for a bucket request, the bucket "" for the service. */
    private static String[] target(String rawPath) {
        String path = rawPath.startsWith("/") ? rawPath.substring(1) : rawPath;
        int slash = path.indexOf('/');
        String bucket = decode(slash < 0 ? path : path.substring(0, slash));
        String key = slash < 0 ? "" : decode(path.substring(slash + 1));
        return new String[] {bucket, key};
    }

    private static String decode(String raw) {
        return URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    }

    @Override
    public String operationName(EdgeRequest request) {
        String[] t = target(request.path());
        Map<String, List<String>> q = request.query();
        String method = request.method();
        if (t[0].isEmpty()) {
            return "GET".equals(method) ? "ListBuckets" : "Unknown";
        }
        if (t[1].isEmpty()) {
            if (q.containsKey("policy")) {
                return switch (method) {
                    case "PUT" -> "PutBucketPolicy";
                    case "GET" -> "GetBucketPolicy";
                    case "DELETE" -> "DeleteBucketPolicy";
                    default -> "Unknown";
                };
            }
            if (q.containsKey("location") && "GET".equals(method)) {
                return "GetBucketLocation";
            }
            return switch (method) {
                case "PUT" -> "CreateBucket";
                case "HEAD" -> "HeadBucket";
                case "DELETE" -> "DeleteBucket";
                case "GET" -> q.containsKey("list-type") ? "ListObjectsV2" : "ListObjects";
                default -> "Unknown";
            };
        }
        if (q.containsKey("uploads") && "POST".equals(method)) {
            return "CreateMultipartUpload";
        }
        if (q.containsKey("uploadId")) {
            return switch (method) {
                case "PUT" -> "UploadPart";
                case "POST" -> "CompleteMultipartUpload";
                case "DELETE" -> "AbortMultipartUpload";
                case "GET" -> "ListParts";
                default -> "Unknown";
            };
        }
        return switch (method) {
            case "PUT" -> "PutObject";
            case "GET" -> "GetObject";
            case "HEAD" -> "HeadObject";
            case "DELETE" -> "DeleteObject";
            default -> "Unknown";
        };
    }

    @Override
    public EdgeResponse handle(EdgeRequest request) {
        String operation = operationName(request);
        String[] t = target(request.path());
        String bucketName = t[0];
        String key = t[1];
        switch (operation) {
            case "ListBuckets":
                request.authorize("s3:ListAllMyBuckets", "arn:aws:s3:::*");
                return listBuckets(request.accountId());
            case "CreateBucket":
                return createBucket(request, bucketName);
            case "Unknown":
            case "ListObjects":
            case "ListParts":
                throw new AwsException(501, "NotImplemented", "The sandbox's S3 does not implement " + request.method() + " "
                        + request.path() + " (" + operation + "); it serves buckets, bucket policies, objects, ListObjectsV2 and"
                        + " multipart uploads");
            default:
                break;
        }
        S3Buckets.Bucket bucket = buckets.bucket(bucketName).orElseThrow(() -> new AwsException(404, "NoSuchBucket",
                "The specified bucket does not exist: " + bucketName));
        String bucketArn = "arn:aws:s3:::" + bucketName;
        String objectArn = bucketArn + "/" + key;
        switch (operation) {
            case "HeadBucket":
                authorize(request, bucket, "s3:ListBucket", bucketArn);
                return new EdgeResponse(200, Map.of("x-amz-bucket-region", request.region()), null);
            case "GetBucketLocation":
                authorize(request, bucket, "s3:GetBucketLocation", bucketArn);
                return xml("<LocationConstraint xmlns=\"" + NS + "\">" + request.region() + "</LocationConstraint>");
            case "DeleteBucket":
                authorize(request, bucket, "s3:DeleteBucket", bucketArn);
                if (!bucket.objects.isEmpty()) {
                    throw new AwsException(409, "BucketNotEmpty", "The bucket you tried to delete is not empty: " + bucketName);
                }
                buckets.remove(bucket);
                return new EdgeResponse(204, Map.of(), null);
            case "PutBucketPolicy":
                authorizePolicyChange(request, bucket, "s3:PutBucketPolicy", bucketArn);
                String policy = request.bodyAsString();
                try {
                    PolicyDocument.parse(policy, PolicyDocument.Kind.RESOURCE, "the bucket policy of " + bucketName);
                } catch (SandboxException e) {
                    throw new AwsException(400, "MalformedPolicy", e.getMessage());
                }
                bucket.policy = policy;
                return new EdgeResponse(204, Map.of(), null);
            case "GetBucketPolicy":
                authorizePolicyChange(request, bucket, "s3:GetBucketPolicy", bucketArn);
                String current = bucket.policy;
                if (current == null) {
                    throw new AwsException(404, "NoSuchBucketPolicy", "The bucket policy does not exist: " + bucketName);
                }
                return new EdgeResponse(200, Map.of("Content-Type", "application/json"), current.getBytes(StandardCharsets.UTF_8));
            case "DeleteBucketPolicy":
                authorizePolicyChange(request, bucket, "s3:DeleteBucketPolicy", bucketArn);
                bucket.policy = null;
                return new EdgeResponse(204, Map.of(), null);
            case "ListObjectsV2":
                authorize(request, bucket, "s3:ListBucket", bucketArn);
                return listObjectsV2(request, bucket);
            case "PutObject":
                authorize(request, bucket, "s3:PutObject", objectArn);
                checkAcl(request);
                byte[] content = AwsChunked.body(request);
                S3Buckets.S3Object stored = new S3Buckets.S3Object(content, S3Buckets.md5Hex(content),
                        request.header("content-type").orElse("binary/octet-stream"), clock.instant());
                bucket.objects.put(key, stored);
                return new EdgeResponse(200, Map.of("ETag", quote(stored.etag())), null);
            case "GetObject":
            case "HeadObject":
                authorize(request, bucket, "s3:GetObject", objectArn);
                S3Buckets.S3Object object = bucket.objects.get(key);
                if (object == null) {
                    throw new AwsException(404, "NoSuchKey", "The specified key does not exist: " + key);
                }
                Map<String, String> headers = new LinkedHashMap<>();
                headers.put("Content-Type", object.contentType());
                headers.put("ETag", quote(object.etag()));
                headers.put("Last-Modified", HTTP_DATE.format(object.lastModified()));
                headers.put("Accept-Ranges", "bytes");
                if ("HeadObject".equals(operation)) {
                    headers.put("Content-Length", Integer.toString(object.content().length));
                    return new EdgeResponse(200, headers, null);
                }
                Optional<String> range = request.header("range");
                if (range.isPresent()) {
                    // ranged GETs: the AWS CLI's `s3 cp` downloads a large object in parts, each a GET with Range
                    long[] span = byteRange(range.get(), object.content().length);
                    if (span != null) {
                        headers.put("Content-Range", "bytes " + span[0] + "-" + span[1] + "/" + object.content().length);
                        return new EdgeResponse(206, headers, Arrays.copyOfRange(object.content(), (int) span[0], (int) span[1] + 1));
                    }
                }
                return new EdgeResponse(200, headers, object.content());
            case "DeleteObject":
                authorize(request, bucket, "s3:DeleteObject", objectArn);
                bucket.objects.remove(key);
                return new EdgeResponse(204, Map.of(), null);
            case "CreateMultipartUpload":
                authorize(request, bucket, "s3:PutObject", objectArn);
                checkAcl(request);
                String uploadId = UUID.randomUUID().toString().replace("-", "");
                bucket.uploads.put(uploadId, new S3Buckets.Upload(key, request.header("content-type").orElse("binary/octet-stream"),
                        new ConcurrentSkipListMap<>()));
                return xml("<InitiateMultipartUploadResult xmlns=\"" + NS + "\"><Bucket>" + esc(bucketName) + "</Bucket><Key>" + esc(key)
                        + "</Key><UploadId>" + uploadId + "</UploadId></InitiateMultipartUploadResult>");
            case "UploadPart":
                authorize(request, bucket, "s3:PutObject", objectArn);
                S3Buckets.Upload upload = upload(request, bucket, key);
                int partNumber = partNumber(request);
                byte[] part = AwsChunked.body(request);
                S3Buckets.S3Object partObject = new S3Buckets.S3Object(part, S3Buckets.md5Hex(part), upload.contentType(), clock.instant());
                upload.parts().put(partNumber, partObject);
                return new EdgeResponse(200, Map.of("ETag", quote(partObject.etag())), null);
            case "CompleteMultipartUpload":
                authorize(request, bucket, "s3:PutObject", objectArn);
                return complete(request, bucket, key);
            case "AbortMultipartUpload":
                authorize(request, bucket, "s3:AbortMultipartUpload", objectArn);
                upload(request, bucket, key);
                bucket.uploads.remove(request.queryParam("uploadId").orElseThrow());
                return new EdgeResponse(204, Map.of(), null);
            default:
                throw new IllegalStateException(operation);
        }
    }

    private EdgeResponse createBucket(EdgeRequest request, String name) {
        if (name.length() < 3 || name.length() > 63 || !name.matches("[a-z0-9][a-z0-9.-]*[a-z0-9]")) {
            throw new AwsException(400, "InvalidBucketName", "The specified bucket is not valid: '" + name + "'; bucket names are 3-63"
                    + " characters of lower-case letters, digits, '.' and '-', starting and ending with a letter or digit");
        }
        request.authorize("s3:CreateBucket", "arn:aws:s3:::" + name);
        String account = request.accountId();
        S3Buckets.Bucket existing = buckets.createIfAbsent(name, account, clock.instant());
        if (existing != null && !existing.owner.equals(account)) {
            throw new AwsException(409, "BucketAlreadyExists", "The requested bucket name is not available: " + name
                    + " belongs to another account. Bucket names are shared by all accounts; choose another name");
        }
        if (existing != null) {
            throw new AwsException(409, "BucketAlreadyOwnedByYou", "Your previous request to create the named bucket succeeded and you"
                    + " already own it: " + name);
        }
        return new EdgeResponse(200, Map.of("Location", "/" + name), null);
    }

    private EdgeResponse listBuckets(String account) {
        StringBuilder out = new StringBuilder("<ListAllMyBucketsResult xmlns=\"" + NS + "\"><Owner><ID>").append(account)
                .append("</ID></Owner><Buckets>");
        for (S3Buckets.Bucket b : buckets.ownedBy(account)) {
            out.append("<Bucket><Name>").append(esc(b.name)).append("</Name><CreationDate>").append(b.created)
                    .append("</CreationDate></Bucket>");
        }
        return xml(out.append("</Buckets></ListAllMyBucketsResult>").toString());
    }

    private static EdgeResponse listObjectsV2(EdgeRequest request, S3Buckets.Bucket bucket) {
        String prefix = request.queryParam("prefix").orElse("");
        String delimiter = request.queryParam("delimiter").filter(d -> !d.isEmpty()).orElse(null);
        String token = request.queryParam("continuation-token").orElse(null);
        String startAfter = request.queryParam("start-after").orElse(null);
        int maxKeys;
        try {
            maxKeys = Math.min(MAX_KEYS, Integer.parseInt(request.queryParam("max-keys").orElse("1000")));
        } catch (NumberFormatException e) {
            throw new AwsException(400, "InvalidArgument", "max-keys must be a whole number, but was '"
                    + request.queryParam("max-keys").orElse("") + "'");
        }
        String after = token != null ? new String(HexFormat.of().parseHex(token), StandardCharsets.UTF_8) : startAfter;
        StringBuilder contents = new StringBuilder();
        List<String> commonPrefixes = new ArrayList<>();
        int count = 0;
        String last = null;
        boolean truncated = false;
        Map<String, S3Buckets.S3Object> view = after == null ? bucket.objects.tailMap(prefix, true)
                : bucket.objects.tailMap(after, false);
        for (Map.Entry<String, S3Buckets.S3Object> e : view.entrySet()) {
            String key = e.getKey();
            if (!key.startsWith(prefix)) {
                if (key.compareTo(prefix) > 0) {
                    break;
                }
                continue;
            }
            if (count == maxKeys) {
                truncated = true;
                break;
            }
            if (delimiter != null) {
                int at = key.indexOf(delimiter, prefix.length());
                if (at >= 0) {
                    String common = key.substring(0, at + delimiter.length());
                    if (!commonPrefixes.contains(common)) {
                        commonPrefixes.add(common);
                        count++;
                    }
                    last = key;
                    continue;
                }
            }
            S3Buckets.S3Object o = e.getValue();
            contents.append("<Contents><Key>").append(esc(key)).append("</Key><LastModified>").append(o.lastModified())
                    .append("</LastModified><ETag>").append(esc(quote(o.etag()))).append("</ETag><Size>").append(o.content().length)
                    .append("</Size><StorageClass>STANDARD</StorageClass></Contents>");
            count++;
            last = key;
        }
        StringBuilder out = new StringBuilder("<ListBucketResult xmlns=\"" + NS + "\"><Name>").append(esc(bucket.name)).append("</Name>")
                .append("<Prefix>").append(esc(prefix)).append("</Prefix><KeyCount>").append(count).append("</KeyCount><MaxKeys>")
                .append(maxKeys).append("</MaxKeys>");
        if (delimiter != null) {
            out.append("<Delimiter>").append(esc(delimiter)).append("</Delimiter>");
        }
        out.append("<IsTruncated>").append(truncated).append("</IsTruncated>");
        if (token != null) {
            out.append("<ContinuationToken>").append(esc(token)).append("</ContinuationToken>");
        }
        if (truncated && last != null) {
            out.append("<NextContinuationToken>").append(HexFormat.of().formatHex(last.getBytes(StandardCharsets.UTF_8)))
                    .append("</NextContinuationToken>");
        }
        if (startAfter != null) {
            out.append("<StartAfter>").append(esc(startAfter)).append("</StartAfter>");
        }
        out.append(contents);
        for (String common : commonPrefixes) {
            out.append("<CommonPrefixes><Prefix>").append(esc(common)).append("</Prefix></CommonPrefixes>");
        }
        return xml(out.append("</ListBucketResult>").toString());
    }

    private EdgeResponse complete(EdgeRequest request, S3Buckets.Bucket bucket, String key) {
        S3Buckets.Upload upload = upload(request, bucket, key);
        Matcher parts = PART.matcher(request.bodyAsString());
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        ByteArrayOutputStream md5s = new ByteArrayOutputStream();
        int previous = 0;
        int count = 0;
        while (parts.find()) {
            Matcher number = PART_NUMBER.matcher(parts.group(1));
            Matcher etag = ETAG.matcher(parts.group(1));
            if (!number.find()) {
                throw new AwsException(400, "MalformedXML", "each Part of CompleteMultipartUpload needs a PartNumber");
            }
            int n = Integer.parseInt(number.group(1));
            if (n <= previous) {
                throw new AwsException(400, "InvalidPartOrder", "The list of parts was not in ascending order: part " + n
                        + " follows part " + previous);
            }
            previous = n;
            S3Buckets.S3Object part = upload.parts().get(n);
            String given = etag.find() ? etag.group(1).replace("&quot;", "").replace("\"", "").trim() : null;
            if (part == null || given != null && !given.equals(part.etag())) {
                throw new AwsException(400, "InvalidPart", "One or more of the specified parts could not be found: part " + n
                        + (part == null ? " was not uploaded" : " has ETag " + part.etag() + ", not " + given));
            }
            content.writeBytes(part.content());
            md5s.writeBytes(HexFormat.of().parseHex(part.etag()));
            count++;
        }
        if (count == 0) {
            throw new AwsException(400, "MalformedXML", "CompleteMultipartUpload needs at least one Part");
        }
        String etag = S3Buckets.md5Hex(md5s.toByteArray()) + "-" + count;
        bucket.objects.put(key, new S3Buckets.S3Object(content.toByteArray(), etag, upload.contentType(), clock.instant()));
        bucket.uploads.remove(request.queryParam("uploadId").orElseThrow());
        return xml("<CompleteMultipartUploadResult xmlns=\"" + NS + "\"><Location>/" + esc(bucket.name) + "/" + esc(key)
                + "</Location><Bucket>" + esc(bucket.name) + "</Bucket><Key>" + esc(key) + "</Key><ETag>" + esc(quote(etag))
                + "</ETag></CompleteMultipartUploadResult>");
    }

    private static S3Buckets.Upload upload(EdgeRequest request, S3Buckets.Bucket bucket, String key) {
        String id = request.queryParam("uploadId").orElse("");
        S3Buckets.Upload upload = bucket.uploads.get(id);
        if (upload == null || !upload.key().equals(key)) {
            throw new AwsException(404, "NoSuchUpload", "The specified upload does not exist: uploadId '" + id + "' for key '" + key
                    + "'. It may have been completed or aborted");
        }
        return upload;
    }

    private static int partNumber(EdgeRequest request) {
        String raw = request.queryParam("partNumber").orElse("");
        try {
            int n = Integer.parseInt(raw);
            if (n >= 1 && n <= 10_000) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw new AwsException(400, "InvalidArgument", "Part number must be an integer between 1 and 10000, inclusive, but was '"
                + raw + "'");
    }

    /**
     * The first and last byte of a {@code Range: bytes=FIRST-LAST} header ({@code FIRST-}, {@code -SUFFIX_LENGTH} too) in an
     * object of {@code length} bytes, clipped to the object as S3 does; null when the header is not one byte range (S3 then
     * ignores it and sends the whole object). A range that starts past the end is refused with InvalidRange (416).
     */
    static long[] byteRange(String header, long length) {
        Matcher m = BYTE_RANGE.matcher(header.trim());
        if (!m.matches() || m.group(1).isEmpty() && m.group(2).isEmpty()) {
            return null;
        }
        long first;
        long last;
        if (m.group(1).isEmpty()) {
            long suffix = Long.parseLong(m.group(2));
            if (suffix == 0) {
                throw invalidRange(header, length);
            }
            first = Math.max(0, length - suffix);
            last = length - 1;
        } else {
            first = Long.parseLong(m.group(1));
            last = m.group(2).isEmpty() ? length - 1 : Math.min(Long.parseLong(m.group(2)), length - 1);
            if (last < first && !m.group(2).isEmpty() && Long.parseLong(m.group(2)) < first) {
                return null;
            }
        }
        if (first >= length) {
            throw invalidRange(header, length);
        }
        return new long[] {first, last};
    }

    private static AwsException invalidRange(String header, long length) {
        return new AwsException(416, "InvalidRange", "The requested range is not satisfiable: '" + header + "' for an object of "
                + length + " bytes");
    }

    private static void checkAcl(EdgeRequest request) {
        Optional<String> acl = request.header("x-amz-acl");
        if (acl.isPresent() && !"bucket-owner-full-control".equals(acl.get())) {
            throw new AwsException(400, "AccessControlListNotSupported", "The bucket does not allow ACLs (object ownership is bucket"
                    + " owner enforced); leave x-amz-acl out or use bucket-owner-full-control, but it was '" + acl.get() + "'");
        }
    }

    /**
     * IAM with the bucket policy. The bucket owner's callers without a bucket policy are decided by their identity-based
     * policies alone (root passes); otherwise the bucket policy takes part as AWS combines them.
     */
    private static void authorize(EdgeRequest request, S3Buckets.Bucket bucket, String action, String arn) {
        Caller caller = request.caller();
        String policy = bucket.policy;
        if (bucket.owner.equals(caller.accountId()) && policy == null) {
            if (!caller.isRoot()) {
                request.authorize(action, arn);
            }
            return;
        }
        request.authorize(action, arn, bucket.owner, Optional.ofNullable(policy));
    }

    /** The bucket owner's root may always read, replace and delete the bucket policy, so that a policy cannot lock it out. */
    private static void authorizePolicyChange(EdgeRequest request, S3Buckets.Bucket bucket, String action, String arn) {
        if (request.caller().isRoot() && bucket.owner.equals(request.accountId())) {
            return;
        }
        authorize(request, bucket, action, arn);
    }

    private static EdgeResponse xml(String body) {
        return new EdgeResponse(200, Map.of("Content-Type", "application/xml"),
                ("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + body).getBytes(StandardCharsets.UTF_8));
    }

    private static String quote(String etag) {
        return "\"" + etag + "\"";
    }

    static String esc(String value) {
        StringBuilder out = new StringBuilder(value.length() + 8);
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            switch (c) {
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '&' -> out.append("&amp;");
                case '"' -> out.append("&quot;");
                case '\'' -> out.append("&apos;");
                default -> out.append(c);
            }
        }
        return out.toString();
    }
}
