package io.billing.ledger.server.auditchain;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** One link of the audit chain: {@code SHA-256(previous hash || canonical bytes of the event row)}. */
public final class ChainHash {

    /** The previous hash of the first link: 32 zero bytes. */
    public static final byte[] GENESIS = new byte[32];

    private ChainHash() {
    }

    public static byte[] next(byte[] previous, EventRow event) {
        MessageDigest sha256 = sha256();
        sha256.update(previous);
        sha256.update(event.canonicalBytes());
        return sha256.digest();
    }

    public static String hex(byte[] hash) {
        return HexFormat.of().formatHex(hash);
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
