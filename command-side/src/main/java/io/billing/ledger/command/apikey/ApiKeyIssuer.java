package io.billing.ledger.command.apikey;

import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.CreateApiKey;
import io.billing.ledger.api.common.Ids;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.stereotype.Component;

import java.security.SecureRandom;
import java.time.Instant;
import java.util.HexFormat;
import java.util.LinkedHashSet;
import java.util.List;

/** Makes new API keys: 256 random bits behind the {@code blk_} prefix; only the hash is recorded. */
@Component
public class ApiKeyIssuer {

    public static final String KEY_PREFIX = "blk_";
    private static final int PREFIX_SHOWN = 8;

    private final SecureRandom random = new SecureRandom();
    private final CommandGateway commands;
    private final ApiKeyHasher hasher;

    public ApiKeyIssuer(CommandGateway commands, ApiKeyHasher hasher) {
        this.commands = commands;
        this.hasher = hasher;
    }

    public IssuedApiKey issue(String name, List<ApiKeyScope> scopes, Instant expiresAt) {
        byte[] secret = new byte[32];
        random.nextBytes(secret);
        return register(name, scopes, expiresAt, KEY_PREFIX + HexFormat.of().formatHex(secret));
    }

    /** Registers a key chosen by the operator (BOOTSTRAP_API_KEY). */
    public IssuedApiKey register(String name, List<ApiKeyScope> scopes, Instant expiresAt, String rawKey) {
        String apiKeyId = Ids.next(Ids.API_KEY);
        commands.sendAndWait(new CreateApiKey(apiKeyId, name, hasher.hash(rawKey),
                rawKey.substring(0, Math.min(PREFIX_SHOWN, rawKey.length())), inGivenOrder(scopes), expiresAt));
        return new IssuedApiKey(apiKeyId, rawKey);
    }

    public record IssuedApiKey(String apiKeyId, String rawKey) {
    }

    /** Scopes as the caller listed them (answers show them in that order), each once. */
    private static List<ApiKeyScope> inGivenOrder(List<ApiKeyScope> scopes) {
        return List.copyOf(new LinkedHashSet<>(scopes));
    }
}
