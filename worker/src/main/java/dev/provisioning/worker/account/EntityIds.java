package dev.provisioning.worker.account;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/**
 * Ids of created entities, derived from the request alone: a replay of the same request after any
 * failure creates the same ids, so it can never create a second copy.
 *
 * <p>An id is a kind prefix and 26 base32 characters of SHA-256 over the accountId, the requestId
 * and the entity's role in the request: 130 bits, so collisions are not a practical concern.
 */
public final class EntityIds {
    private static final char[] BASE32 = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();
    private static final int ID_CHARS = 26;

    private EntityIds() {}

    public static String billingAccount(String accountId, String requestId) {
        return "ba-" + derive(accountId, requestId, "billing-account");
    }

    public static String project(String accountId, String requestId) {
        return "prj-" + derive(accountId, requestId, "project");
    }

    public static String subproject(String accountId, String requestId) {
        return "sub-" + derive(accountId, requestId, "subproject");
    }

    private static String derive(String accountId, String requestId, String role) {
        MessageDigest digest;
        try {
            digest = MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this JDK", e);
        }
        byte[] hash =
                digest.digest(
                        (accountId + '\n' + requestId + '\n' + role)
                                .getBytes(StandardCharsets.UTF_8));
        StringBuilder id = new StringBuilder(ID_CHARS);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; id.length() < ID_CHARS; i++) {
            buffer = (buffer << 8) | (hash[i] & 0xff);
            bits += 8;
            while (bits >= 5 && id.length() < ID_CHARS) {
                id.append(BASE32[(buffer >>> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return id.toString();
    }
}
