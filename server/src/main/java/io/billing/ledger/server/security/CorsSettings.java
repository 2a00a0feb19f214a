package io.billing.ledger.server.security;

import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** {@code billing.cors}: CORS_ALLOWED_ORIGINS, comma-separated origins a browser may call from; empty = CORS off. */
@Validated
@ConfigurationProperties("billing.cors")
public record CorsSettings(
        @NotNull @DefaultValue("")
        @Pattern(regexp = "^\\s*(" + CorsSettings.ORIGIN + "(\\s*,\\s*" + CorsSettings.ORIGIN + ")*)?\\s*$",
                message = "comma-separated origins such as https://app.example.com (scheme and host, no path)")
        String allowedOrigins) {

    static final String ORIGIN = "https?://[A-Za-z0-9.-]+(:\\d{1,5})?";
}
