package dev.cutover.dynamodb.internal.value;

import dev.cutover.dynamodb.DynamoDbException;
import java.math.BigDecimal;

/**
 * N: a number of up to 38 significant digits between 1E-130 and 9.99..E+125, kept normalised as DynamoDB
 * returns it ({@code "01.50"} becomes {@code "1.5"}, {@code "1e2"} becomes {@code "100"}).
 */
public final class NumberValue implements AttributeValue, Comparable<NumberValue> {

    private static final BigDecimal MAX = new BigDecimal("1E+126");
    private static final BigDecimal MIN = new BigDecimal("1E-130");

    private final BigDecimal value;
    private final String text;

    private NumberValue(BigDecimal value) {
        this.value = value;
        this.text = value.toPlainString();
    }

    /** Parses a number as it appears in a request, with DynamoDB's validation and messages. */
    public static NumberValue parse(String text) {
        BigDecimal parsed;
        // The service refuses surrounding whitespace and a leading '+' (BigDecimal would accept both).
        String trimmed = text;
        if (trimmed.isEmpty() || trimmed.charAt(0) == '+' || !trimmed.equals(trimmed.strip()) || !looksNumeric(trimmed)) {
            throw DynamoDbException.validation("The parameter cannot be converted to a numeric value: " + text);
        }
        try {
            parsed = new BigDecimal(trimmed);
        } catch (NumberFormatException e) {
            throw DynamoDbException.validation("The parameter cannot be converted to a numeric value: " + text);
        }
        return of(parsed);
    }

    private static boolean looksNumeric(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9' || c == '.' || c == '-' || c == '+' || c == 'e' || c == 'E')) {
                return false;
            }
        }
        return true;
    }

    /** A number from a computed value (e.g. {@code SET a = a + :x}), validated like a parsed one. */
    public static NumberValue of(BigDecimal value) {
        BigDecimal stripped = value.signum() == 0 ? BigDecimal.ZERO : value.stripTrailingZeros();
        if (stripped.precision() > 38) {
            throw DynamoDbException.validation("Attempting to store more than 38 significant digits in a Number");
        }
        BigDecimal magnitude = stripped.abs();
        if (stripped.signum() != 0 && magnitude.compareTo(MAX) >= 0) {
            throw DynamoDbException.validation(
                    "Number overflow. Attempting to store a number with magnitude larger than supported range");
        }
        if (stripped.signum() != 0 && magnitude.compareTo(MIN) < 0) {
            throw DynamoDbException.validation(
                    "Number underflow. Attempting to store a number with magnitude smaller than supported range");
        }
        return new NumberValue(stripped);
    }

    public static NumberValue of(long value) {
        return new NumberValue(BigDecimal.valueOf(value));
    }

    public BigDecimal value() {
        return value;
    }

    /** The normalised text DynamoDB returns. */
    public String text() {
        return text;
    }

    @Override
    public String type() {
        return "N";
    }

    @Override
    public long size() {
        // DynamoDB: about one byte per two significant digits, plus one byte.
        if (value.signum() == 0) {
            return 2;
        }
        int digits = value.precision();
        int scale = value.scale();
        // digits are stored in pairs aligned on the decimal point
        int integerDigits = Math.max(digits - scale, 0);
        int fractionDigits = Math.max(scale, 0);
        int pairs = (integerDigits + 1) / 2 + (fractionDigits + 1) / 2;
        if (integerDigits == 0 && fractionDigits == 0) {
            pairs = 1;
        }
        return Math.min(pairs, 20) + 1 + (value.signum() < 0 ? 1 : 0);
    }

    @Override
    public int compareTo(NumberValue other) {
        return value.compareTo(other.value);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof NumberValue n && n.value.compareTo(value) == 0;
    }

    @Override
    public int hashCode() {
        return text.hashCode();
    }

    @Override
    public String toString() {
        return "N:" + text;
    }
}
