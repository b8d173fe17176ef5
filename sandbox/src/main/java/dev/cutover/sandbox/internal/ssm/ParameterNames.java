package dev.cutover.sandbox.internal.ssm;

import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Parameter Store's naming rules: characters a-zA-Z0-9_.-/, a name containing '/' starts with '/',
 * no "aws"/"ssm" prefix (case-insensitive), at most 2048 characters and 15 hierarchy levels.
 */
final class ParameterNames {

    static final int MAX_NAME_LENGTH = 2048;
    static final int MAX_LEVELS = 15;
    private static final Pattern ALLOWED = Pattern.compile("[a-zA-Z0-9_.\\-/]+");
    private static final String SUB_PATH_RULE = "If formed as a path, it can consist of sub-paths divided by slash symbol; "
            + "each sub-path can be formed as a mix of letters, numbers and the following 3 symbols .-_";

    private ParameterNames() {
    }

    /** Validates a name given to PutParameter. */
    static void validateForPut(String name) {
        if (name == null || name.isEmpty()) {
            throw SsmErrors.validation("1 validation error detected: Value at 'name' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1");
        }
        if (name.length() > MAX_NAME_LENGTH) {
            throw SsmErrors.validation("1 validation error detected: Value at 'name' failed to satisfy constraint: "
                    + "Member must have length less than or equal to " + MAX_NAME_LENGTH + " (was " + name.length() + ")");
        }
        if (!ALLOWED.matcher(name).matches()) {
            throw SsmErrors.validation("Parameter name " + printable(name) + " has characters that are not allowed. " + SUB_PATH_RULE);
        }
        if (name.indexOf('/') >= 0 && !name.startsWith("/")) {
            throw SsmErrors.validation("Parameter name must be a fully qualified name: " + name
                    + " contains '/' so it must start with '/', e.g. /" + name);
        }
        if (name.endsWith("/") || name.contains("//")) {
            throw SsmErrors.validation("Parameter name " + name + " has an empty sub-path (a trailing '/' or '//'). " + SUB_PATH_RULE);
        }
        if (isReserved(name)) {
            throw SsmErrors.validation("Parameter name: can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). " + SUB_PATH_RULE);
        }
        int levels = levels(name);
        if (levels > MAX_LEVELS) {
            throw SsmErrors.hierarchyLevelLimit(name, levels);
        }
    }

    /** Validates the Path of GetParametersByPath and returns it without a trailing slash ("/" stays "/"). */
    static String normalizePath(String path) {
        if (path == null || path.isEmpty() || !path.startsWith("/") || !ALLOWED.matcher(path).matches()
                || (path.contains("//") && !"/".equals(path))) {
            throw SsmErrors.validation("The parameter doesn't meet the parameter name requirements. The parameter name must begin "
                    + "with a forward slash \"/\". It can't be prefixed with \"aws\" or \"ssm\" (case-insensitive). It must use only "
                    + "letters, numbers, or the following symbols: . (period), - (hyphen), _ (underscore). Special characters are "
                    + "not allowed. All sub-paths, if specified, must use the forward slash symbol \"/\". "
                    + "Valid example: /get/parameters2-/by1./path0_. Was: " + printable(path));
        }
        String normalized = path.length() > 1 && path.endsWith("/") ? path.substring(0, path.length() - 1) : path;
        if (levels(normalized) > MAX_LEVELS) {
            throw SsmErrors.hierarchyLevelLimit(normalized, levels(normalized));
        }
        return normalized;
    }

    /** True when {@code name} lies under {@code path} (normalized), directly or, when recursive, at any depth. */
    static boolean isUnder(String name, String path, boolean recursive) {
        String prefix = "/".equals(path) ? "/" : path + "/";
        if (!name.startsWith(prefix) || name.length() == prefix.length()) {
            return false;
        }
        return recursive || name.indexOf('/', prefix.length()) < 0;
    }

    /** {@code arn:aws:ssm:REGION:ACCOUNT:parameter/NAME} with the leading slash of NAME dropped. */
    static String arn(String region, String accountId, String nameOrPath) {
        String bare = nameOrPath.startsWith("/") ? nameOrPath.substring(1) : nameOrPath;
        return "arn:aws:ssm:" + region + ":" + accountId + ":parameter/" + bare;
    }

    static int levels(String name) {
        if (!name.startsWith("/")) {
            return 1;
        }
        int count = 0;
        for (int i = 0; i < name.length(); i++) {
            if (name.charAt(i) == '/') {
                count++;
            }
        }
        return count;
    }

    private static boolean isReserved(String name) {
        String bare = (name.startsWith("/") ? name.substring(1) : name).toLowerCase(Locale.ROOT);
        return bare.startsWith("aws") || bare.startsWith("ssm");
    }

    /** Names are not secret, but keep control characters and huge inputs out of messages. */
    private static String printable(String value) {
        if (value == null) {
            return "(none)";
        }
        String cut = value.length() > 200 ? value.substring(0, 200) + "..." : value;
        return "'" + cut.replaceAll("\\p{Cntrl}", "?") + "'";
    }
}
