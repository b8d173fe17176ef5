package dev.cutover.dynamodb.internal.engine;

import dev.cutover.dynamodb.internal.streams.Stream;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;

/**
 * What DescribeTable tells besides the data: names, ARNs, key, attribute definitions, and the settings UpdateTable,
 * UpdateTimeToLive and the tag operations change (guarded by this object's monitor; read through a snapshot).
 */
final class TableMetadata {

    private final String name;
    private final String arn;
    private final String tableId;
    private final Instant created;
    private final KeySchema key;
    private final Map<String, String> attributeTypes;

    private String billingMode;
    private long readCapacity;
    private long writeCapacity;
    private Instant lastBillingModeChange;
    private boolean streamEnabled;
    private String streamViewType;
    private String streamLabel;
    /** The enabled stream, read on every write without the monitor. */
    private volatile Stream activeStream;
    private boolean sseEnabled;
    private String sseType;
    private String kmsKeyArn;
    private boolean deletionProtection;
    private String ttlAttribute;
    private boolean ttlEnabled;
    private String tableClass = "STANDARD";
    private Instant pointInTimeRecoverySince;
    private final Map<String, String> tags = new TreeMap<>();

    TableMetadata(String name, String arn, String tableId, Instant created, KeySchema key, Map<String, String> attributeTypes) {
        this.name = name;
        this.arn = arn;
        this.tableId = tableId;
        this.created = created;
        this.key = key;
        this.attributeTypes = new LinkedHashMap<>(attributeTypes);
    }

    String name() {
        return name;
    }

    String arn() {
        return arn;
    }

    String tableId() {
        return tableId;
    }

    Instant created() {
        return created;
    }

    KeySchema key() {
        return key;
    }

    synchronized Map<String, String> attributeTypes() {
        return new LinkedHashMap<>(attributeTypes);
    }

    synchronized void addAttributeTypes(Map<String, String> types) {
        attributeTypes.putAll(types);
    }

    synchronized void retainAttributeTypes(java.util.Set<String> names) {
        attributeTypes.keySet().retainAll(names);
    }

    synchronized void billing(String mode, long read, long write, Instant at) {
        if (billingMode != null && !billingMode.equals(mode)) {
            lastBillingModeChange = at;
        }
        billingMode = mode;
        readCapacity = read;
        writeCapacity = write;
    }

    synchronized String billingMode() {
        return billingMode;
    }

    synchronized long readCapacity() {
        return readCapacity;
    }

    synchronized long writeCapacity() {
        return writeCapacity;
    }

    synchronized Instant lastBillingModeChange() {
        return lastBillingModeChange;
    }

    synchronized void stream(boolean enabled, String viewType, String label) {
        streamEnabled = enabled;
        streamViewType = enabled ? viewType : streamViewType;
        if (label != null) {
            streamLabel = label;
        }
    }

    synchronized boolean streamEnabled() {
        return streamEnabled;
    }

    synchronized String streamViewType() {
        return streamViewType;
    }

    synchronized String streamLabel() {
        return streamLabel;
    }

    /** The stream that captures this table's changes, or null while none is enabled. */
    Stream activeStream() {
        return activeStream;
    }

    synchronized void activeStream(Stream stream) {
        activeStream = stream;
        if (stream != null) {
            streamLabel = stream.label();
        }
    }

    synchronized String streamArn() {
        return streamLabel == null ? null : arn + "/stream/" + streamLabel;
    }

    synchronized void sse(boolean enabled, String type, String kmsKey) {
        sseEnabled = enabled;
        sseType = type;
        kmsKeyArn = kmsKey;
    }

    synchronized boolean sseEnabled() {
        return sseEnabled;
    }

    synchronized String sseType() {
        return sseType;
    }

    synchronized String kmsKeyArn() {
        return kmsKeyArn;
    }

    synchronized void deletionProtection(boolean enabled) {
        deletionProtection = enabled;
    }

    synchronized boolean deletionProtection() {
        return deletionProtection;
    }

    synchronized void ttl(String attribute, boolean enabled) {
        ttlAttribute = attribute;
        ttlEnabled = enabled;
    }

    synchronized String ttlAttribute() {
        return ttlAttribute;
    }

    synchronized boolean ttlEnabled() {
        return ttlEnabled;
    }

    synchronized void tableClass(String value) {
        tableClass = value;
    }

    synchronized String tableClass() {
        return tableClass;
    }

    synchronized Map<String, String> tags() {
        return new TreeMap<>(tags);
    }

    synchronized void tag(Map<String, String> add) {
        tags.putAll(add);
    }

    synchronized void untag(Iterable<String> keys) {
        for (String k : keys) {
            tags.remove(k);
        }
    }

    /** Turns point-in-time recovery on (from {@code at}, unless already on) or off. */
    synchronized void pointInTimeRecovery(boolean enabled, Instant at) {
        if (!enabled) {
            pointInTimeRecoverySince = null;
        } else if (pointInTimeRecoverySince == null) {
            pointInTimeRecoverySince = at;
        }
    }

    /** Since when point-in-time recovery has been on; null when it is off. */
    synchronized Instant pointInTimeRecoverySince() {
        return pointInTimeRecoverySince;
    }
}
