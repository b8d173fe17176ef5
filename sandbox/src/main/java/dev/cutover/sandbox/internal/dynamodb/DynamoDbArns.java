package dev.cutover.sandbox.internal.dynamodb;

import java.nio.charset.StandardCharsets;

/**
 * Translates ARNs between DynamoDB Local's fixed form ({@code arn:aws:dynamodb:ddblocal:000000000000:...},
 * whatever the caller's account and region) and the sandbox's ({@code arn:aws:dynamodb:REGION:ACCOUNT:...}).
 *
 * <p>Only control-plane bodies are translated (see {@link DynamoDbService}): item data is never touched,
 * so a value that happens to look like an ARN is stored and returned exactly as written.
 */
final class DynamoDbArns {

    static final String LOCAL_PREFIX = "arn:aws:dynamodb:ddblocal:000000000000:";
    private static final byte[] LOCAL_PREFIX_BYTES = LOCAL_PREFIX.getBytes(StandardCharsets.UTF_8);

    private DynamoDbArns() {
    }

    static String accountPrefix(String region, String accountId) {
        return "arn:aws:dynamodb:" + region + ":" + accountId + ":";
    }

    /** DynamoDB Local's ARNs in a response body, rewritten to the account's; the same array when there are none. */
    static byte[] toAccount(byte[] body, String region, String accountId) {
        return replace(body, LOCAL_PREFIX_BYTES, LOCAL_PREFIX, accountPrefix(region, accountId));
    }

    /** The account's own ARNs in a request body, rewritten to DynamoDB Local's; the same array when there are none. */
    static byte[] toLocal(byte[] body, String region, String accountId) {
        String prefix = accountPrefix(region, accountId);
        return replace(body, prefix.getBytes(StandardCharsets.UTF_8), prefix, LOCAL_PREFIX);
    }

    private static byte[] replace(byte[] body, byte[] needle, String from, String to) {
        if (indexOf(body, needle) < 0) {
            return body;
        }
        return new String(body, StandardCharsets.UTF_8).replace(from, to).getBytes(StandardCharsets.UTF_8);
    }

    static int indexOf(byte[] haystack, byte[] needle) {
        int last = haystack.length - needle.length;
        byte first = needle[0];
        for (int i = 0; i <= last; i++) {
            if (haystack[i] != first) {
                continue;
            }
            int j = 1;
            while (j < needle.length && haystack[i + j] == needle[j]) {
                j++;
            }
            if (j == needle.length) {
                return i;
            }
        }
        return -1;
    }
}
