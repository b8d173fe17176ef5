package dev.cutover.sandbox.internal.ssm;

import java.util.Arrays;
import java.util.Optional;

/** The three SSM parameter types, with their wire names. */
enum ParameterType {
    STRING("String"),
    STRING_LIST("StringList"),
    SECURE_STRING("SecureString");

    private final String wireName;

    ParameterType(String wireName) {
        this.wireName = wireName;
    }

    String wireName() {
        return wireName;
    }

    static Optional<ParameterType> fromWire(String value) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(value)).findFirst();
    }
}
