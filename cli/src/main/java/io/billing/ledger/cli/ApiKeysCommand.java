package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.api.apikey.ApiKeyScope;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;

/** {@code billing api-keys …}: needs a key with the admin scope. */
@Command(name = "api-keys", aliases = {"api-key", "apikey"}, mixinStandardHelpOptions = true,
        description = "Issue, list and revoke API keys (requires the admin scope).")
final class ApiKeysCommand implements Callable<Integer> {

    @ParentCommand
    BillingCli root;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() {
        return BillingCli.usage(spec);
    }

    @Command(name = "create", mixinStandardHelpOptions = true,
            description = "Issue a key. The key itself is printed once and can never be shown again.")
    int create(@Option(names = "--name", required = true, description = "What the key is for, e.g. \"reporting job\".")
               String name,
               @Option(names = "--scope", required = true, paramLabel = "SCOPE", split = ",",
                       description = "billing:read, billing:write or admin; repeatable or comma-separated.")
               List<ApiKeyScope> scopes,
               @Option(names = "--expires-at", paramLabel = "INSTANT",
                       description = "ISO-8601 instant, e.g. 2026-01-01T00:00:00Z (default: never).")
               Instant expiresAt) {
        Set<String> wireScopes = new LinkedHashSet<>();
        scopes.forEach(scope -> wireScopes.add(scope.wire()));
        RequestBody body = new RequestBody()
                .with("name", name)
                .with("scopes", wireScopes)
                .withOptional("expiresAt", expiresAt == null ? null : expiresAt.toString());
        JsonNode key = root.client().post("/v1/api-keys", body).data();
        List<Column> fields = new ArrayList<>(FIELDS);
        fields.add(Column.text("Key", "key"));
        Output output = root.output();
        output.object(key, fields);
        // On stderr so that `billing api-keys create … | grep Key:` and friends see only the data.
        output.notice("Store this key now: the server keeps only its hash and will never show it again.");
        return 0;
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "List API keys (never the keys themselves).")
    int list() {
        root.output().list(root.client().get("/v1/api-keys"), List.of(
                Column.text("ID", "id"), Column.text("NAME", "name"), Column.text("PREFIX", "keyPrefix"),
                new Column("SCOPES", ApiKeysCommand::scopesOf), new Column("STATUS", ApiKeysCommand::statusOf),
                Column.text("EXPIRES_AT", "expiresAt"), Column.text("CREATED_AT", "createdAt")));
        return 0;
    }

    @Command(name = "revoke", mixinStandardHelpOptions = true, description = "Revoke a key; it stops working at once.")
    int revoke(@Parameters(paramLabel = "API_KEY_ID") String apiKeyId) {
        root.output().object(root.client().post("/v1/api-keys/" + ApiClient.segment(apiKeyId) + "/revoke", null)
                .data(), FIELDS);
        return 0;
    }

    private static final List<Column> FIELDS = List.of(
            Column.text("ID", "id"), Column.text("Name", "name"), Column.text("Prefix", "keyPrefix"),
            new Column("Scopes", ApiKeysCommand::scopesOf), new Column("Status", ApiKeysCommand::statusOf),
            Column.text("Expires at", "expiresAt"), Column.text("Created at", "createdAt"),
            Column.text("Revoked at", "revokedAt"));

    private static String scopesOf(JsonNode key) {
        List<String> scopes = new ArrayList<>();
        key.path("scopes").forEach(scope -> scopes.add(scope.asText()));
        return String.join(",", scopes);
    }

    /** The view has no status field; operators mostly ask "does this key still work?". */
    private static String statusOf(JsonNode key) {
        // Jackson names the record component isRevoked; tolerate the bean-style "revoked" too.
        if (key.path("isRevoked").asBoolean(false) || key.path("revoked").asBoolean(false)) {
            return "revoked";
        }
        String expiresAt = key.path("expiresAt").asText(null);
        if (expiresAt != null) {
            try {
                if (!Instant.parse(expiresAt).isAfter(Instant.now())) {
                    return "expired";
                }
            } catch (DateTimeParseException ignored) {
                // An unexpected format is shown as-is in its own column; the key still counts as active.
            }
        }
        return "active";
    }
}
