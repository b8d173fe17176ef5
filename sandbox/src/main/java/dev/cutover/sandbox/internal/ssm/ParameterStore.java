package dev.cutover.sandbox.internal.ssm;

import java.time.Instant;
import java.util.ArrayList;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.BiPredicate;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * The parameters of one account in one region, with Parameter Store's rules. Thread-safe: every method
 * holds the store's lock, so a put is atomic (of two concurrent creates of one name, one wins and the
 * other gets ParameterAlreadyExists).
 *
 * <p>SecureString values arrive and leave as the {@link Encryptor} seals them: the store only ever holds ciphertext.
 */
final class ParameterStore {

    /** Seals SecureString values; the service's implementation also authorises kms:Encrypt. */
    interface Encryptor {
        /** Resolves a KeyId; throws InvalidKeyId when unknown. */
        LocalKms.ResolvedKey resolve(String keyId);

        String encrypt(LocalKms.ResolvedKey key, String parameterArn, String plaintext);
    }

    /** What PutParameter answers. */
    record PutResult(long version, ParameterTier tier) {
    }

    /** One page of a listing, and the name to continue after when there is more. */
    record Page<T>(List<T> items, Optional<String> lastName) {
    }

    /** The latest version of a parameter with its tags. */
    record Described(ParameterVersion parameter, Map<String, String> tags) {
    }

    static final int MAX_VERSIONS = 100;
    static final int MAX_TAGS = 50;
    static final String DEFAULT_DATA_TYPE = "text";
    private static final Set<String> DATA_TYPES = Set.of("text", "aws:ec2:image", "aws:ssm:integration");
    private static final Pattern AMI_ID = Pattern.compile("ami-[0-9a-zA-Z]{8,17}");
    private static final Pattern TAG_TEXT = Pattern.compile("[\\p{L}\\p{Z}\\p{N}_.:/=+\\-@]*");

    private static final class Entry {
        final Deque<ParameterVersion> versions = new ArrayDeque<>();
        final Map<String, String> tags = new TreeMap<>();

        ParameterVersion latest() {
            return versions.getLast();
        }
    }

    private final String accountId;
    private final String region;
    private final NavigableMap<String, Entry> entries = new TreeMap<>();

    ParameterStore(String accountId, String region) {
        this.accountId = accountId;
        this.region = region;
    }

    String arn(String name) {
        return ParameterNames.arn(region, accountId, name);
    }

    synchronized PutResult put(PutParameterInput in, String user, Instant now, Encryptor encryptor) {
        String name = in.name();
        ParameterNames.validateForPut(name);
        String value = in.value();
        if (value == null || value.isEmpty()) {
            throw SsmErrors.validation("1 validation error detected: Value at 'value' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1");
        }
        if (in.overwrite() && !in.tags().isEmpty()) {
            throw SsmErrors.validation("Invalid request: tags and overwrite can't be used together. To create a parameter with tags, "
                    + "please remove overwrite flag. To update tags for an existing parameter, please use AddTagsToResource or "
                    + "RemoveTagsFromResource.");
        }
        if (in.description() != null && in.description().length() > 1024) {
            throw SsmErrors.validation("1 validation error detected: Value at 'description' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 1024");
        }
        if (in.policies() != null) {
            throw SsmErrors.validation("Parameter policies are not supported by the sandbox: remove Policies from the PutParameter "
                    + "request of " + name + ".");
        }
        Entry entry = entries.get(name);
        ParameterVersion current = entry == null ? null : entry.latest();
        if (current != null && !in.overwrite()) {
            throw SsmErrors.alreadyExists();
        }
        ParameterType type = in.type() != null ? in.type() : current != null ? current.type() : null;
        if (type == null) {
            throw SsmErrors.validation("A parameter type is required when you create a parameter: set Type to String, StringList "
                    + "or SecureString for " + name + ".");
        }
        String dataType = in.dataType() != null ? in.dataType() : current != null ? current.dataType() : DEFAULT_DATA_TYPE;
        validateDataType(name, type, dataType, value);
        if (in.keyId() != null && type != ParameterType.SECURE_STRING) {
            throw SsmErrors.validation("KeyId is allowed only for SecureString parameters, but " + name + " is a "
                    + type.wireName() + ". Remove KeyId or set Type to SecureString.");
        }
        String allowedPattern = in.allowedPattern() != null ? in.allowedPattern() : current != null ? current.allowedPattern() : null;
        checkAllowedPattern(allowedPattern, value);
        ParameterTier tier = chooseTier(name, in.tier(), current == null ? null : current.tier(), value.length());
        validateTags(in.tags(), in.tags().size());

        String arn = arn(name);
        String keyId = null;
        LocalKms.ResolvedKey key = null;
        String stored = value;
        if (type == ParameterType.SECURE_STRING) {
            keyId = in.keyId() != null ? in.keyId()
                    : current != null && current.isSecure() ? current.keyId() : SandboxKmsKeys.DEFAULT_SSM_ALIAS;
            key = encryptor.resolve(keyId);
            stored = encryptor.encrypt(key, arn, value);
        }
        long version = current == null ? 1 : current.version() + 1;
        String description = in.description() != null ? in.description() : current != null ? current.description() : null;
        ParameterVersion next = new ParameterVersion(name, type, stored, keyId, key, version, now, user, description,
                allowedPattern, tier, dataType);
        if (entry == null) {
            entry = new Entry();
            entry.tags.putAll(in.tags());
            entries.put(name, entry);
        }
        entry.versions.addLast(next);
        if (entry.versions.size() > MAX_VERSIONS) {
            // AWS drops the oldest version once a parameter has 100; it refuses (ParameterMaxVersionLimitExceeded)
            // only when that version carries a label, and the sandbox has no labels.
            entry.versions.removeFirst();
        }
        return new PutResult(version, tier);
    }

    /**
     * GetParameter's lookup: {@code name}, {@code name:VERSION} or a parameter ARN, as parsed by {@link ParameterReference}.
     */
    synchronized ParameterVersion get(ParameterReference ref) {
        Entry entry = find(ref);
        if (entry == null) {
            throw SsmErrors.parameterNotFound(ref.name());
        }
        if (ref.selector() == null) {
            return entry.latest();
        }
        long wanted;
        try {
            wanted = Long.parseLong(ref.selector());
        } catch (NumberFormatException e) {
            // A label selector: the sandbox keeps no labels.
            throw SsmErrors.versionNotFound(ref.name(), ref.selector());
        }
        for (ParameterVersion v : entry.versions) {
            if (v.version() == wanted) {
                return v;
            }
        }
        throw SsmErrors.versionNotFound(ref.name(), ref.selector());
    }

    synchronized Optional<ParameterVersion> find(String name) {
        Entry entry = entries.get(name);
        return entry == null ? Optional.empty() : Optional.of(entry.latest());
    }

    synchronized Page<ParameterVersion> byPath(String normalizedPath, boolean recursive, ParameterFilters filters, int max,
            String afterName) {
        Page<Described> page = page((name, entry) -> ParameterNames.isUnder(name, normalizedPath, recursive)
                && filters.matches(entry.latest(), entry.tags), max, afterName);
        return new Page<>(page.items().stream().map(Described::parameter).toList(), page.lastName());
    }

    synchronized Page<Described> describe(ParameterFilters filters, int max, String afterName) {
        return page((name, entry) -> filters.matches(entry.latest(), entry.tags), max, afterName);
    }

    synchronized void delete(String name) {
        if (entries.remove(name) == null) {
            throw SsmErrors.parameterNotFound(name);
        }
    }

    /** Deletes what exists; returns the names that did not. */
    synchronized List<String> deleteAll(List<String> names) {
        List<String> missing = new ArrayList<>();
        for (String name : names) {
            if (entries.remove(name) == null && !missing.contains(name)) {
                missing.add(name);
            }
        }
        return missing;
    }

    synchronized void addTags(String name, Map<String, String> tags) {
        Entry entry = tagged(name);
        Map<String, String> merged = new TreeMap<>(entry.tags);
        merged.putAll(tags);
        validateTags(tags, merged.size());
        entry.tags.clear();
        entry.tags.putAll(merged);
    }

    synchronized void removeTags(String name, List<String> keys) {
        Entry entry = tagged(name);
        keys.forEach(entry.tags::remove);
    }

    synchronized Map<String, String> tags(String name) {
        return new LinkedHashMap<>(tagged(name).tags);
    }

    private Entry tagged(String name) {
        Entry entry = name == null ? null : entries.get(name);
        if (entry == null) {
            throw SsmErrors.invalidResourceId(name);
        }
        return entry;
    }

    private Entry find(ParameterReference ref) {
        Entry entry = entries.get(ref.name());
        if (entry == null && ref.fromArn()) {
            // An ARN drops the leading slash, so parameter/app/x may name "/app/x" or "app/x".
            entry = entries.get("/" + ref.name());
        }
        return entry;
    }

    private Page<Described> page(BiPredicate<String, Entry> include, int max, String afterName) {
        NavigableMap<String, Entry> tail = afterName == null ? entries : entries.tailMap(afterName, false);
        List<Described> items = new ArrayList<>();
        String last = null;
        for (Map.Entry<String, Entry> e : tail.entrySet()) {
            if (!include.test(e.getKey(), e.getValue())) {
                continue;
            }
            if (items.size() == max) {
                return new Page<>(items, Optional.of(last));
            }
            items.add(new Described(e.getValue().latest(), new LinkedHashMap<>(e.getValue().tags)));
            last = e.getKey();
        }
        return new Page<>(items, Optional.empty());
    }

    private static void validateDataType(String name, ParameterType type, String dataType, String value) {
        if (!DATA_TYPES.contains(dataType)) {
            throw SsmErrors.validation("The following data type is not supported: " + dataType + " (parameter " + name
                    + "). Supported data types are text, aws:ec2:image and aws:ssm:integration.");
        }
        if ("aws:ec2:image".equals(dataType)) {
            if (type != ParameterType.STRING) {
                throw SsmErrors.unsupportedType("The data type aws:ec2:image is supported only for String parameters, but "
                        + name + " is a " + type.wireName() + ".");
            }
            if (!AMI_ID.matcher(value).matches()) {
                throw SsmErrors.validation("Parameter " + name + " has data type aws:ec2:image, so its value must be an AMI ID "
                        + "in the format ami-12345abcdeEXAMPLE.");
            }
        }
    }

    private static void checkAllowedPattern(String allowedPattern, String value) {
        if (allowedPattern == null) {
            return;
        }
        if (allowedPattern.length() > 1024) {
            throw SsmErrors.validation("1 validation error detected: Value at 'allowedPattern' failed to satisfy constraint: "
                    + "Member must have length less than or equal to 1024");
        }
        Pattern pattern;
        try {
            pattern = Pattern.compile(allowedPattern);
        } catch (PatternSyntaxException e) {
            throw SsmErrors.invalidAllowedPattern(allowedPattern);
        }
        if (!pattern.matcher(value).matches()) {
            throw SsmErrors.patternMismatch(allowedPattern);
        }
    }

    private static ParameterTier chooseTier(String name, ParameterTier requested, ParameterTier current, int length) {
        ParameterTier tier;
        if (requested == null) {
            tier = current != null ? current : ParameterTier.STANDARD;
        } else if (requested == ParameterTier.INTELLIGENT_TIERING) {
            tier = length > ParameterTier.STANDARD.maxValueLength() || current == ParameterTier.ADVANCED
                    ? ParameterTier.ADVANCED : ParameterTier.STANDARD;
        } else {
            tier = requested;
        }
        if (tier == ParameterTier.STANDARD && current == ParameterTier.ADVANCED) {
            throw SsmErrors.validation("This parameter uses the advanced-parameter tier. You can't downgrade a parameter from the "
                    + "advanced-parameter tier to the standard-parameter tier. If necessary, you can delete the advanced parameter "
                    + "and recreate it as a standard parameter. (parameter " + name + ")");
        }
        if (tier == ParameterTier.STANDARD && length > ParameterTier.STANDARD.maxValueLength()) {
            throw SsmErrors.validation("Standard tier parameters support a maximum parameter value of 4096 characters. To create a "
                    + "larger parameter value, upgrade the parameter to use the advanced-parameter tier. For more information, see "
                    + "https://docs.aws.amazon.com/systems-manager/latest/userguide/parameter-store-advanced-parameters.html "
                    + "(parameter " + name + " has " + length + ")");
        }
        if (length > ParameterTier.ADVANCED.maxValueLength()) {
            throw SsmErrors.validation("Advanced tier parameters support a maximum parameter value of 8192 characters "
                    + "(parameter " + name + " has " + length + ").");
        }
        return tier;
    }

    private static void validateTags(Map<String, String> tags, int resultingCount) {
        if (resultingCount > MAX_TAGS) {
            throw SsmErrors.tooManyTags();
        }
        for (Map.Entry<String, String> tag : tags.entrySet()) {
            String key = tag.getKey();
            String value = tag.getValue();
            if (key == null || key.isEmpty() || key.length() > 128 || !TAG_TEXT.matcher(key).matches()) {
                throw SsmErrors.validation("Tag key '" + key + "' is not valid: use 1 to 128 letters, digits, spaces and _ . : / = + - @");
            }
            if (key.regionMatches(true, 0, "aws:", 0, 4)) {
                throw SsmErrors.validation("Tag key '" + key + "' uses the reserved prefix aws:.");
            }
            if (value == null || value.length() > 256 || !TAG_TEXT.matcher(value).matches()) {
                throw SsmErrors.validation("The value of tag '" + key + "' is not valid: use 0 to 256 letters, digits, spaces and "
                        + "_ . : / = + - @");
            }
        }
    }
}
