package dev.cutover.sandbox.internal.ssm;

/**
 * A name as GetParameter and GetParameters take it: {@code NAME}, {@code NAME:VERSION}, {@code NAME:LABEL}
 * or {@code arn:aws:ssm:REGION:ACCOUNT:parameter/NAME[:SELECTOR]}.
 *
 * @param name the parameter name (for an ARN, as it appears after "parameter/")
 * @param selector the part after ':' (a version number or a label), or null
 * @param fromArn whether the reference was an ARN
 */
record ParameterReference(String name, String selector, boolean fromArn) {

    static ParameterReference parse(String raw) {
        if (raw == null || raw.isEmpty()) {
            throw SsmErrors.validation("1 validation error detected: Value at 'name' failed to satisfy constraint: "
                    + "Member must have length greater than or equal to 1");
        }
        String rest = raw;
        boolean arn = raw.startsWith("arn:");
        if (arn) {
            int at = raw.indexOf(":parameter/");
            if (at < 0) {
                throw SsmErrors.validation("Parameter ARN " + raw + " is not valid: expected arn:aws:ssm:REGION:ACCOUNT:parameter/NAME.");
            }
            rest = raw.substring(at + ":parameter/".length());
        }
        int colon = rest.indexOf(':');
        if (colon < 0) {
            return new ParameterReference(rest, null, arn);
        }
        String selector = rest.substring(colon + 1);
        if (selector.isEmpty()) {
            throw SsmErrors.validation("Parameter reference " + raw + " has an empty selector after ':'; use NAME:VERSION.");
        }
        return new ParameterReference(rest.substring(0, colon), selector, arn);
    }

    /** The Selector a response echoes (":3"), or null when the reference had none. */
    String selectorSuffix() {
        return selector == null ? null : ":" + selector;
    }
}
