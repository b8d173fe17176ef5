package dev.cutover.migrations.ssm;

import dev.cutover.migrations.MigrationException;
import dev.cutover.migrations.PreflightException;
import dev.cutover.migrations.internal.AdaptiveRateLimiter;
import dev.cutover.migrations.internal.AwsErrors;
import dev.cutover.migrations.internal.CallMetrics;
import dev.cutover.migrations.internal.DurableFiles;
import dev.cutover.migrations.internal.NoThrottlingRetries;
import dev.cutover.migrations.internal.RetryEvents;
import dev.cutover.migrations.internal.RetryPolicies;
import dev.cutover.migrations.internal.Ticker;
import dev.cutover.migrations.ssm.internal.Parameter;
import dev.cutover.migrations.ssm.internal.ParameterReader;
import io.github.resilience4j.retry.Retry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import software.amazon.awssdk.awscore.AwsRequestOverrideConfiguration;
import software.amazon.awssdk.services.ssm.SsmClient;
import software.amazon.awssdk.services.ssm.model.ParameterAlreadyExistsException;
import software.amazon.awssdk.services.ssm.model.PutParameterRequest;
import software.amazon.awssdk.services.ssm.model.ResourceTypeForTagging;
import software.amazon.awssdk.services.ssm.model.SsmException;
import software.amazon.awssdk.services.ssm.model.Tag;

/**
 * Copies an SSM parameter tree from the legacy account to the new one, as a plan first and then its
 * application. Values are compared by SHA-256 and never printed; SecureStrings are decrypted from the
 * source and re-encrypted with the target's KMS key. Description, tier (Advanced when a value is over
 * 4 KB), allowed pattern, data type and tags are preserved. A second apply finds everything unchanged.
 *
 * <p>PutParameter is rate-limited by AWS (a few calls per second by default): calls are paced by an
 * AIMD limiter that starts at 5/s, halves on throttling and creeps up; a throttled write is retried by the
 * resilience4j Retry {@value RetryPolicies#SSM_THROTTLED_WRITES} (backoff with jitter, up to
 * {@code maxThrottledRetries} retries per write, {@value RetryPolicies#SSM_THROTTLED_RETRIES} by default), whose
 * every retry event also slows the limiter down, so the job completes without failures. The writes carry
 * {@link NoThrottlingRetries}: the SDK does not retry those throttling errors as well (it still retries 5xx and I/O
 * errors), so the Retry is the one layer for throttling.
 */
public final class SsmParameterCopier {

    private final SsmClient source;
    private final SsmClient target;

    public SsmParameterCopier(SsmClient source, SsmClient target) {
        this.source = source;
        this.target = target;
    }

    /**
     * Reads both trees and compares them. Writes nothing. Throws {@link PreflightException} when a tree cannot be read
     * (role, ExternalId, permission) or the source tree has no parameters.
     */
    public SsmPlan plan(SsmCopyOptions options) {
        CallMetrics metrics = new CallMetrics(AdaptiveRateLimiter.unlimited());
        Map<String, Parameter> sourceTree = ParameterReader.read(source, options.sourcePath(), metrics, "source");
        if (sourceTree.isEmpty()) {
            // A typo in the path reads as "nothing to copy"; an apply would report success having copied nothing.
            throw new PreflightException("there are no parameters under " + options.sourcePath() + " in the legacy account. Check the"
                    + " source path (--source-path or the tree's path; paths are case-sensitive). Nothing was written.");
        }
        Map<String, Parameter> targetTree = ParameterReader.read(target, options.targetPath(), metrics, "target");
        List<PlanEntry> entries = new ArrayList<>();
        int matched = 0;
        for (Parameter s : sourceTree.values()) {
            String targetName = options.targetName(s.name());
            Parameter existing = targetTree.get(targetName);
            if (existing != null) {
                matched++;
            }
            Parameter desired = desired(s, targetName, existing, options);
            if (existing == null) {
                entries.add(new PlanEntry(PlanEntry.Action.CREATE, s.name(), targetName, s.type(), List.of(), desired));
                continue;
            }
            List<String> differences = differences(desired, existing, options.kmsKeyFor(targetName));
            PlanEntry.Action action;
            if (differences.isEmpty()) {
                action = PlanEntry.Action.UNCHANGED;
            } else {
                action = switch (options.conflictPolicy()) {
                    case OVERWRITE -> PlanEntry.Action.UPDATE;
                    case SKIP -> PlanEntry.Action.SKIP;
                    case FAIL -> PlanEntry.Action.CONFLICT;
                };
            }
            entries.add(new PlanEntry(action, s.name(), targetName, s.type(), differences, desired));
        }
        return new SsmPlan(options.sourcePath(), options.targetPath(), entries, targetTree.size() - matched);
    }

    /** The parameter as it should be in the target: the source's, renamed, on the right tier and KMS key. */
    private static Parameter desired(Parameter s, String targetName, Parameter existing, SsmCopyOptions options) {
        String tier = s.tier();
        if ("Standard".equals(tier) && s.valueBytes() > Parameter.STANDARD_MAX_BYTES) {
            tier = "Advanced";
        }
        if (existing != null && "Advanced".equals(existing.tier()) && "Standard".equals(tier)) {
            tier = "Advanced"; // SSM cannot move a parameter back to Standard
        }
        String keyId = s.isSecure() ? options.kmsKeyFor(targetName).orElse(null) : null;
        return new Parameter(targetName, s.type(), s.value(), s.description(), tier, s.allowedPattern(), s.dataType(), keyId, s.tags());
    }

    static List<String> differences(Parameter desired, Parameter existing, Optional<String> expectedKey) {
        List<String> out = new ArrayList<>();
        if (!desired.type().equals(existing.type())) {
            out.add("type");
        }
        if (!desired.valueHash().equals(existing.valueHash())) {
            out.add("value");
        }
        if (!Objects.equals(blankToNull(desired.description()), blankToNull(existing.description()))) {
            out.add("description");
        }
        if (!Objects.equals(blankToNull(desired.allowedPattern()), blankToNull(existing.allowedPattern()))) {
            out.add("allowed pattern");
        }
        if (!desired.dataType().equals(existing.dataType())) {
            out.add("data type");
        }
        if (!desired.tier().equals(existing.tier())) {
            out.add("tier");
        }
        if (desired.isSecure() && existing.isSecure()) {
            String expected = expectedKey.orElse("alias/aws/ssm");
            if (existing.keyId() != null && !existing.keyId().equals(expected)) {
                out.add("kms key");
            }
        }
        for (Map.Entry<String, String> tag : desired.tags().entrySet()) {
            if (!tag.getValue().equals(existing.tags().get(tag.getKey()))) {
                out.add("tags");
                break;
            }
        }
        return out;
    }

    private static String blankToNull(String s) {
        return s == null || s.isEmpty() ? null : s;
    }

    /** Executes a plan made by {@link #plan}. Throws {@link SsmConflictException} (writing nothing) when it has conflicts. */
    public SsmApplyReport apply(SsmPlan plan, SsmCopyOptions options) {
        if (plan.hasConflicts()) {
            throw new SsmConflictException(plan.entries().stream().filter(e -> e.action() == PlanEntry.Action.CONFLICT)
                    .map(PlanEntry::targetName).toList());
        }
        long started = System.nanoTime();
        AdaptiveRateLimiter limiter = new AdaptiveRateLimiter(options.maxPutRate(), SsmCopyOptions.MIN_PUT_RATE,
                Math.min(5, options.maxPutRate()), Ticker.SYSTEM);
        CallMetrics metrics = new CallMetrics(limiter);
        // Writes: throttling is retried here (paced), never also by the SDK; other transient errors stay with the SDK.
        AwsRequestOverrideConfiguration writes = metrics.override().toBuilder().addPlugin(NoThrottlingRetries.INSTANCE).build();
        Retry retry = Retry.of(RetryPolicies.SSM_THROTTLED_WRITES, RetryPolicies.ssmThrottledWrites(options.maxThrottledRetries()));
        // Each throttled attempt, as the Retry sees it, also slows the pace of every later write.
        RetryEvents throttled = RetryEvents.of(retry, limiter::recordThrottle);
        long created = 0;
        long updated = 0;
        long skipped = plan.count(PlanEntry.Action.SKIP);
        long failed = 0;
        for (PlanEntry entry : plan.entries()) {
            if (entry.action() != PlanEntry.Action.CREATE && entry.action() != PlanEntry.Action.UPDATE) {
                continue;
            }
            Parameter p = entry.desired();
            final boolean overwrite = entry.action() == PlanEntry.Action.UPDATE;
            boolean updatedExisting = overwrite;
            // Only tags differ: tag, without writing a new version of the value.
            boolean onlyTags = overwrite && entry.differences().equals(List.of("tags"));
            Outcome outcome = onlyTags ? new Outcome(null, false) : paced(retry, limiter, () -> put(p, writes, overwrite), p);
            if (outcome.alreadyExists) {
                if (options.conflictPolicy() == ConflictPolicy.OVERWRITE) {
                    outcome = paced(retry, limiter, () -> put(p, writes, true), p);
                    updatedExisting = true;
                } else {
                    options.log().println("ssm parameter=" + p.name() + " result=" + (options.conflictPolicy() == ConflictPolicy.SKIP
                            ? "skipped reason=created-in-target-meanwhile" : "failed reason=created-in-target-meanwhile"));
                    if (options.conflictPolicy() == ConflictPolicy.SKIP) {
                        skipped++;
                    } else {
                        failed++;
                    }
                    continue;
                }
            }
            // A create carries its tags in PutParameter; SSM refuses Tags with Overwrite, so an overwrite tags separately.
            boolean tagSeparately = updatedExisting && !p.tags().isEmpty()
                    && (entry.action() == PlanEntry.Action.CREATE || entry.differences().contains("tags"));
            if (outcome.error == null && tagSeparately) {
                Outcome tagged = paced(retry, limiter, () -> target.addTagsToResource(r -> r.resourceType(ResourceTypeForTagging.PARAMETER)
                        .resourceId(p.name()).tags(tags(p)).overrideConfiguration(writes)), p);
                outcome = tagged.error == null ? outcome : tagged;
            }
            if (outcome.error != null) {
                failed++;
                options.log().println("ssm parameter=" + p.name() + " result=failed error=" + outcome.error);
            } else if (updatedExisting) {
                updated++;
            } else {
                created++;
            }
        }
        SsmApplyReport report = new SsmApplyReport(plan.sourcePath(), plan.targetPath(), created, updated,
                plan.count(PlanEntry.Action.UNCHANGED), skipped, failed, throttled.retries() + throttled.exhausted(), metrics.retries(),
                throttled.retries(), throttled.waitedMillis(), limiter.rate(),
                Duration.ofNanos(System.nanoTime() - started));
        options.reportFile().ifPresent(file -> {
            try {
                DurableFiles.writeAtomically(file, report.toJson().getBytes(StandardCharsets.UTF_8));
            } catch (IOException e) {
                throw new MigrationException("apply finished but its report cannot be written to " + file + " (" + e.getMessage() + ")", e);
            }
        });
        return report;
    }

    private void put(Parameter p, AwsRequestOverrideConfiguration writes, boolean overwrite) {
        PutParameterRequest.Builder request = PutParameterRequest.builder().name(p.name()).value(p.value()).type(p.type())
                .overwrite(overwrite).tier(p.tier()).dataType(p.dataType()).overrideConfiguration(writes);
        if (p.description() != null && !p.description().isEmpty()) {
            request.description(p.description());
        } else if (overwrite) {
            // An overwrite keeps the description it is not given: an empty one clears what the target gained meanwhile,
            // else the plan would show this parameter as an update forever.
            request.description("");
        }
        if (p.allowedPattern() != null && !p.allowedPattern().isEmpty()) {
            request.allowedPattern(p.allowedPattern());
        }
        if (p.isSecure() && p.keyId() != null) {
            request.keyId(p.keyId());
        }
        if (!overwrite && !p.tags().isEmpty()) {
            request.tags(tags(p));
        }
        target.putParameter(request.build());
    }

    private static List<Tag> tags(Parameter p) {
        return p.tags().entrySet().stream().map(t -> Tag.builder().key(t.getKey()).value(t.getValue()).build()).toList();
    }

    /** Result of one paced call: an error description (values redacted), or that the parameter already existed. */
    private record Outcome(String error, boolean alreadyExists) {
    }

    /** One write: each attempt waits for the limiter; a throttled attempt is retried by {@code retry}, nothing else is. */
    private static Outcome paced(Retry retry, AdaptiveRateLimiter limiter, Runnable call, Parameter p) {
        Runnable attempt = () -> {
            try {
                limiter.acquire(1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new MigrationException("interrupted while applying the SSM plan", e);
            }
            call.run();
        };
        try {
            retry.executeRunnable(attempt);
            return new Outcome(null, false);
        } catch (ParameterAlreadyExistsException e) {
            return new Outcome(null, true);
        } catch (SsmException e) {
            return new Outcome(redact(AwsErrors.describe(e), p), false);
        }
    }

    /** AWS echoes values in some validation messages (AllowedPattern): never let one through. */
    static String redact(String message, Parameter p) {
        String out = message == null ? "" : message;
        if (!p.value().isEmpty()) {
            out = out.replace(p.value(), "<redacted>");
        }
        return out;
    }
}
