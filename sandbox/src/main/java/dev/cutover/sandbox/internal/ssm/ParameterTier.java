package dev.cutover.sandbox.internal.ssm;

import java.util.Arrays;
import java.util.Optional;

/** A tier a request may ask for. A stored parameter is only ever STANDARD or ADVANCED. */
enum ParameterTier {
    STANDARD("Standard", 4096),
    ADVANCED("Advanced", 8192),
    INTELLIGENT_TIERING("Intelligent-Tiering", 8192);

    private final String wireName;
    private final int maxValueLength;

    ParameterTier(String wireName, int maxValueLength) {
        this.wireName = wireName;
        this.maxValueLength = maxValueLength;
    }

    String wireName() {
        return wireName;
    }

    int maxValueLength() {
        return maxValueLength;
    }

    static Optional<ParameterTier> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(value)).findFirst();
    }
}
