package dev.cutover.sandbox.internal.ssm;

import dev.cutover.sandbox.internal.edge.AwsException;

/**
 * The SSM error codes the SDK v2 {@code SsmClient} maps to its own exception classes. The code is the
 * shape name in the SSM service model (e.g. "ParameterNotFound" becomes {@code ParameterNotFoundException}).
 * Messages name parameters and fields, never a parameter value.
 */
final class SsmErrors {

    private SsmErrors() {
    }

    static AwsException validation(String message) {
        return new AwsException(400, "ValidationException", message);
    }

    static AwsException parameterNotFound(String name) {
        return new AwsException(400, "ParameterNotFound", "Parameter " + name + " not found.");
    }

    static AwsException versionNotFound(String name, String selector) {
        return new AwsException(400, "ParameterVersionNotFound",
                "Systems Manager could not find version " + selector + " of " + name + ". Verify the version and try again.");
    }

    static AwsException alreadyExists() {
        return new AwsException(400, "ParameterAlreadyExists",
                "The parameter already exists. To overwrite this value, set the overwrite option in the request to true.");
    }

    static AwsException hierarchyLevelLimit(String name, int levels) {
        return new AwsException(400, "HierarchyLevelLimitExceededException",
                "A hierarchy can have a maximum of 15 levels, but " + name + " has " + levels + ".");
    }

    static AwsException patternMismatch(String allowedPattern) {
        return new AwsException(400, "ParameterPatternMismatchException",
                "Parameter value, cannot be validated against allowedPattern: " + allowedPattern);
    }

    static AwsException invalidAllowedPattern(String allowedPattern) {
        return new AwsException(400, "InvalidAllowedPatternException",
                "AllowedPattern " + allowedPattern + " is not a valid regular expression.");
    }

    static AwsException unsupportedType(String message) {
        return new AwsException(400, "UnsupportedParameterType", message);
    }

    static AwsException invalidKeyId(String message) {
        return new AwsException(400, "InvalidKeyId", message);
    }

    static AwsException invalidNextToken() {
        return new AwsException(400, "InvalidNextToken",
                "The nextToken is not valid. Pass the NextToken of the previous response of the same request unchanged.");
    }

    static AwsException invalidFilterKey(String message) {
        return new AwsException(400, "InvalidFilterKey", message);
    }

    static AwsException invalidFilterOption(String message) {
        return new AwsException(400, "InvalidFilterOption", message);
    }

    static AwsException invalidFilterValue(String message) {
        return new AwsException(400, "InvalidFilterValue", message);
    }

    static AwsException invalidResourceId(String resourceId) {
        return new AwsException(400, "InvalidResourceId", "The resource ID " + resourceId + " is not valid. Verify the ID and try again.");
    }

    static AwsException invalidResourceType(String resourceType) {
        return new AwsException(400, "InvalidResourceType",
                "The resource type " + resourceType + " is not supported by the sandbox: only Parameter is.");
    }

    static AwsException tooManyTags() {
        return new AwsException(400, "TooManyTagsError",
                "The Tags parameter can have at most 50 tags per resource. Remove tags with RemoveTagsFromResource first.");
    }

    static AwsException throttled() {
        return new AwsException(400, "ThrottlingException", "Rate exceeded");
    }
}
