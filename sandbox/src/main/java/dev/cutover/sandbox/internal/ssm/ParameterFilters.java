package dev.cutover.sandbox.internal.ssm;

import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiPredicate;

/**
 * Validates ParameterStringFilters for one operation and matches parameters against them. Filters are
 * ANDed; the values of one filter are ORed.
 */
final class ParameterFilters {

    /** Which operation the filters belong to: the allowed keys differ. */
    enum Scope {
        BY_PATH,
        DESCRIBE
    }

    private static final Set<String> EQUALS_BEGINS = Set.of("Equals", "BeginsWith");

    private final List<ParameterFilter> filters;

    private ParameterFilters(List<ParameterFilter> filters) {
        this.filters = filters;
    }

    static ParameterFilters of(Scope scope, List<ParameterFilter> filters) {
        for (ParameterFilter filter : filters) {
            validate(scope, filter);
        }
        return new ParameterFilters(List.copyOf(filters));
    }

    boolean matches(ParameterVersion parameter, Map<String, String> tags) {
        for (ParameterFilter filter : filters) {
            if (!matches(filter, parameter, tags)) {
                return false;
            }
        }
        return true;
    }

    private static void validate(Scope scope, ParameterFilter filter) {
        String key = filter.key();
        if (key == null || key.isEmpty()) {
            throw SsmErrors.invalidFilterKey("A ParameterFilters entry has no Key.");
        }
        Set<String> options = allowedOptions(scope, key);
        String option = filter.option();
        if (option != null && !options.contains(option)) {
            throw SsmErrors.invalidFilterOption("The filter option " + option + " is not valid for key " + key
                    + ". Valid options are " + String.join(", ", options.stream().sorted().toList()) + ".");
        }
        if (filter.values().isEmpty() && !key.startsWith("tag:")) {
            throw SsmErrors.invalidFilterValue("The filter with key " + key + " needs at least one value.");
        }
        if (filter.values().size() > 50) {
            throw SsmErrors.invalidFilterValue("The filter with key " + key + " has " + filter.values().size()
                    + " values; at most 50 are allowed.");
        }
        for (String value : filter.values()) {
            if ("Type".equals(key) && "Equals".equals(option == null ? "Equals" : option) && ParameterType.fromWire(value).isEmpty()) {
                throw SsmErrors.invalidFilterValue("The following filter value is not valid: " + value
                        + ". Valid values include: [String, StringList, SecureString].");
            }
            if ("Path".equals(key)) {
                ParameterNames.normalizePath(value);
            }
        }
    }

    private static Set<String> allowedOptions(Scope scope, String key) {
        if (scope == Scope.BY_PATH) {
            return switch (key) {
                case "Type", "KeyId" -> EQUALS_BEGINS;
                case "Label" -> Set.of("Equals");
                default -> throw SsmErrors.invalidFilterKey("The filter key " + key
                        + " is not valid for GetParametersByPath. Valid keys are Type, KeyId and Label.");
            };
        }
        if (key.startsWith("tag:") && key.length() > 4) {
            return EQUALS_BEGINS;
        }
        return switch (key) {
            case "Name" -> Set.of("Equals", "BeginsWith", "Contains");
            case "Path" -> Set.of("Recursive", "OneLevel");
            case "Type", "KeyId", "Tier", "DataType" -> EQUALS_BEGINS;
            default -> throw SsmErrors.invalidFilterKey("The filter key " + key + " is not valid for DescribeParameters. "
                    + "Valid keys are Name, Path, Type, KeyId, Tier, DataType and tag:KEY.");
        };
    }

    private static boolean matches(ParameterFilter filter, ParameterVersion p, Map<String, String> tags) {
        String key = filter.key();
        String option = filter.option();
        if ("Path".equals(key)) {
            boolean recursive = "Recursive".equals(option);
            return filter.values().stream().anyMatch(v -> ParameterNames.isUnder(p.name(), ParameterNames.normalizePath(v), recursive));
        }
        BiPredicate<String, String> test = switch (option == null ? "Equals" : option) {
            case "BeginsWith" -> String::startsWith;
            case "Contains" -> String::contains;
            default -> String::equals;
        };
        if (key.startsWith("tag:")) {
            String tagValue = tags.get(key.substring(4));
            return tagValue != null && (filter.values().isEmpty() || anyValue(filter, tagValue, test));
        }
        return switch (key) {
            case "Name" -> anyValue(filter, p.name(), test);
            case "Type" -> anyValue(filter, p.type().wireName(), test);
            case "KeyId" -> p.isSecure() && anyValue(filter, p.keyId(), test);
            case "Tier" -> anyValue(filter, p.tier().wireName(), test);
            case "DataType" -> anyValue(filter, p.dataType(), test);
            default -> false; // Label: the sandbox has no parameter labels, so no parameter carries one.
        };
    }

    private static boolean anyValue(ParameterFilter filter, String actual, BiPredicate<String, String> test) {
        return filter.values().stream().anyMatch(v -> test.test(actual, v));
    }
}
