package dev.cutover.migrations.ssm;

import dev.cutover.migrations.internal.RetryPolicies;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What one parameter-tree copy does: {@code sourcePath} (legacy) is copied to {@code targetPath}
 * (new), names rewritten by prefix. SecureStrings are re-encrypted with the KMS key whose target
 * path prefix is the longest match in {@code kmsKeys}, else {@code defaultKmsKeyId}, else the new
 * account's default key (alias/aws/ssm).
 */
public final class SsmCopyOptions {
    /** The floor the adaptive pace never drops below; a ceiling under it could not be kept. */
    public static final double MIN_PUT_RATE = 0.5;
    /** Far above any PutParameter quota SSM grants (40/s with higher throughput enabled). */
    public static final double MAX_PUT_RATE = 10_000;

    private final String sourcePath;
    private final String targetPath;
    private final ConflictPolicy conflictPolicy;
    private final Map<String, String> kmsKeys;
    private final String defaultKmsKeyId;
    private final double maxPutRate;
    private final int maxThrottledRetries;
    private final Path reportFile;
    private final PrintWriter log;

    private SsmCopyOptions(Builder b) {
        this.sourcePath = path(b.sourcePath, "sourcePath");
        this.targetPath = path(b.targetPath, "targetPath");
        this.conflictPolicy = b.conflictPolicy;
        Map<String, String> keys = new LinkedHashMap<>();
        b.kmsKeys.entrySet().stream().sorted(Map.Entry.<String, String>comparingByKey(Comparator.comparingInt(String::length)).reversed())
                .forEach(e -> keys.put(path(e.getKey(), "kms key prefix"), e.getValue()));
        this.kmsKeys = keys;
        this.defaultKmsKeyId = b.defaultKmsKeyId;
        if (!(b.maxPutRate >= MIN_PUT_RATE && b.maxPutRate <= MAX_PUT_RATE)) {
            throw new IllegalArgumentException("maxPutRate (--max-put-rate) must be between " + MIN_PUT_RATE + " and " + MAX_PUT_RATE
                    + " PutParameter calls per second, but was " + b.maxPutRate);
        }
        this.maxPutRate = b.maxPutRate;
        if (b.maxThrottledRetries < 0 || b.maxThrottledRetries > RetryPolicies.MAX_RETRIES) {
            throw new IllegalArgumentException("maxThrottledRetries (--max-throttled-retries) must be between 0 and "
                    + RetryPolicies.MAX_RETRIES + ", but was " + b.maxThrottledRetries);
        }
        this.maxThrottledRetries = b.maxThrottledRetries;
        this.reportFile = b.reportFile;
        this.log = b.log == null ? new PrintWriter(System.err, true) : b.log;
    }

    private static String path(String p, String name) {
        if (p == null || !p.startsWith("/")) {
            throw new IllegalArgumentException(name + " must be an SSM path starting with '/', but was '" + p + "'");
        }
        return p.length() > 1 && p.endsWith("/") ? p.substring(0, p.length() - 1) : p;
    }

    public static Builder builder() {
        return new Builder();
    }

    public String sourcePath() {
        return sourcePath;
    }

    public String targetPath() {
        return targetPath;
    }

    public ConflictPolicy conflictPolicy() {
        return conflictPolicy;
    }

    /** The target name for a source parameter name. */
    public String targetName(String sourceName) {
        if (!sourceName.startsWith(sourcePath + "/")) {
            throw new IllegalArgumentException("parameter '" + sourceName + "' is not under " + sourcePath);
        }
        return ("/".equals(targetPath) ? "" : targetPath) + sourceName.substring(sourcePath.length());
    }

    /** The KMS key a SecureString at {@code targetName} is encrypted with; empty: the account's default key. */
    public Optional<String> kmsKeyFor(String targetName) {
        for (Map.Entry<String, String> e : kmsKeys.entrySet()) {
            if (targetName.equals(e.getKey()) || targetName.startsWith(e.getKey().endsWith("/") ? e.getKey() : e.getKey() + "/")) {
                return Optional.of(e.getValue());
            }
        }
        return Optional.ofNullable(defaultKmsKeyId);
    }

    public double maxPutRate() {
        return maxPutRate;
    }

    /** Times one throttled write is retried (backoff 250 ms doubling to 10 s, jitter) before the parameter counts as failed. */
    public int maxThrottledRetries() {
        return maxThrottledRetries;
    }

    public Optional<Path> reportFile() {
        return Optional.ofNullable(reportFile);
    }

    public PrintWriter log() {
        return log;
    }

    /** Options; defaults: conflict policy overwrite, at most 40 PutParameter calls per second, 30 retries of a throttled write. */
    public static final class Builder {
        private String sourcePath;
        private String targetPath;
        private ConflictPolicy conflictPolicy = ConflictPolicy.OVERWRITE;
        private final Map<String, String> kmsKeys = new LinkedHashMap<>();
        private String defaultKmsKeyId;
        private double maxPutRate = 40;
        private int maxThrottledRetries = RetryPolicies.SSM_THROTTLED_RETRIES;
        private Path reportFile;
        private PrintWriter log;

        private Builder() {
        }

        public Builder sourcePath(String path) {
            this.sourcePath = path;
            return this;
        }

        public Builder targetPath(String path) {
            this.targetPath = path;
            return this;
        }

        public Builder conflictPolicy(ConflictPolicy policy) {
            this.conflictPolicy = policy;
            return this;
        }

        /** SecureStrings at or below {@code targetPathPrefix} are encrypted with {@code keyId} (alias, id or ARN in the new account). */
        public Builder kmsKey(String targetPathPrefix, String keyId) {
            this.kmsKeys.put(targetPathPrefix, keyId);
            return this;
        }

        public Builder defaultKmsKeyId(String keyId) {
            this.defaultKmsKeyId = keyId;
            return this;
        }

        /** Ceiling of PutParameter calls per second; the pace adapts below it when SSM throttles. */
        public Builder maxPutRate(double perSecond) {
            this.maxPutRate = perSecond;
            return this;
        }

        public Builder maxThrottledRetries(int retries) {
            this.maxThrottledRetries = retries;
            return this;
        }

        public Builder reportFile(Path file) {
            this.reportFile = file;
            return this;
        }

        public Builder log(PrintWriter log) {
            this.log = log;
            return this;
        }

        public SsmCopyOptions build() {
            return new SsmCopyOptions(this);
        }
    }
}
