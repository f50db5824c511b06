package dev.provisioning.worker.account;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** The Lua script that applies a request, with the SHA-1 digest Redis names it by. */
public record ApplyScript(String source, String sha1) {

    private static final String RESOURCE = "apply-request.lua";

    /** Loads the script shipped in this jar. */
    public static ApplyScript load() {
        String source = readResource(RESOURCE);
        return new ApplyScript(source, sha1Hex(source));
    }

    /** Reads a script shipped in this package of the jar. */
    static String readResource(String resource) {
        try (InputStream in = ApplyScript.class.getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalStateException(resource + " is missing from the classpath");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("reading " + resource + " failed", e);
        }
    }

    /** Returns the digest Redis names a script by. */
    static String sha1Hex(String source) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(digest.digest(source.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is missing from this JDK", e);
        }
    }
}
