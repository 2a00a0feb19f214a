package io.billing.ledger.command.apikey;

import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.stereotype.Component;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Hashes API keys for storage: SHA-256 over the configured salt and the key. Keys are 256
 * random bits, so a fast hash is enough; the salt (API_KEY_HASH_SALT) keeps a leaked hash
 * table from being matched against keys seen elsewhere.
 */
@Component
public class ApiKeyHasher {

    private final byte[] salt;

    @Autowired
    public ApiKeyHasher(ApiKeySettings settings) {
        this(settings.hashSalt());
    }

    public ApiKeyHasher(String salt) {
        this.salt = salt.getBytes(StandardCharsets.UTF_8);
    }

    public String hash(String rawKey) {
        try {
            MessageDigest digest = MessageDigest.getInstance("SHA-256");
            digest.update(salt);
            digest.update((byte) ':');
            return HexFormat.of().formatHex(digest.digest(rawKey.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required by every Java runtime", e);
        }
    }
}
