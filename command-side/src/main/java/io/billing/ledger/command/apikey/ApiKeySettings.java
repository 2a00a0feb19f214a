package io.billing.ledger.command.apikey;

import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * {@code billing.api-keys}: the salt of the stored key hashes (API_KEY_HASH_SALT) and the
 * optional key created at the first start (BOOTSTRAP_API_KEY, empty = none).
 */
@Validated
@ConfigurationProperties("billing.api-keys")
public record ApiKeySettings(
        @NotBlank(message = "a non-empty string") String hashSalt,
        @NotNull @Pattern(regexp = "^$|^\\S{20,200}$", message = "20 to 200 characters without spaces")
        @DefaultValue("") String bootstrapKey) {

    @Override
    public String toString() {
        return "ApiKeySettings[not shown: secrets]"; // never the salt or the key
    }
}
