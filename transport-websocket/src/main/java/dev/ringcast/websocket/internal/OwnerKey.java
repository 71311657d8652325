package dev.ringcast.websocket.internal;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A channel owner as the table keeps it: the SHA-256 digest of the owner's name, which is often a
 * bearer key. The key itself is never stored, so a heap dump or a debugger shows no usable
 * credential, and owners are compared in constant time ({@link MessageDigest#isEqual}), so the
 * time a lookup takes tells nothing about how much of a guessed key was right.
 *
 * <p>Immutable.
 */
public final class OwnerKey {

    private final byte[] digest;
    private final String hex;

    private OwnerKey(byte[] digest) {
        this.digest = digest;
        this.hex = HexFormat.of().formatHex(digest);
    }

    /**
     * @param owner the owner's name or key
     * @return its key
     */
    public static OwnerKey of(String owner) {
        try {
            return new OwnerKey(MessageDigest.getInstance("SHA-256").digest(owner.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("this JVM has no SHA-256", e);
        }
    }

    /** @return the digest in hex, for map keys */
    String hex() {
        return hex;
    }

    /**
     * @param other another owner
     * @return whether they are the same owner, compared in constant time
     */
    public boolean matches(OwnerKey other) {
        return MessageDigest.isEqual(digest, other.digest);
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof OwnerKey k && matches(k);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    /** @return a short prefix of the digest, never the owner's key */
    @Override
    public String toString() {
        return "owner:" + hex.substring(0, 12);
    }
}
