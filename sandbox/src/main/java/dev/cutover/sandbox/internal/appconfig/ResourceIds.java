package dev.cutover.sandbox.internal.appconfig;

import java.security.SecureRandom;

/** AppConfig resource ids: 7 lowercase alphanumeric characters, like "abc1234". */
final class ResourceIds {

    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz0123456789".toCharArray();
    private static final SecureRandom RANDOM = new SecureRandom();

    private ResourceIds() {
    }

    static String next() {
        char[] id = new char[7];
        for (int i = 0; i < id.length; i++) {
            id[i] = ALPHABET[RANDOM.nextInt(ALPHABET.length)];
        }
        return new String(id);
    }
}
