package io.billing.ledger.server.web;

import io.billing.ledger.api.common.ErrorEnvelope;
import io.swagger.v3.core.converter.ModelConverters;
import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.parameters.HeaderParameter;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The OpenAPI document: bearer authentication, and on every operation the error answers
 * it can give, all in the one error envelope, so clients can generate their handling.
 */
@Configuration
public class OpenApiConfiguration {

    private static final Map<String, String> ERRORS = new LinkedHashMap<>();

    static {
        ERRORS.put("400", "VALIDATION_ERROR: the request is malformed or breaks a field rule; nothing changed");
        ERRORS.put("401", "AUTHENTICATION_ERROR: missing, unknown, expired or revoked API key");
        ERRORS.put("403", "FORBIDDEN: the API key lacks the scope this operation needs");
        ERRORS.put("404", "NOT_FOUND: no such resource");
        ERRORS.put("406", "NOT_ACCEPTABLE: the Accept header excludes application/json");
        ERRORS.put("409", "CONFLICT: the resource's state does not allow this; see currentStatus and allowedTransitions");
        ERRORS.put("422", "IDEMPOTENCY_MISMATCH: the Idempotency-Key was used with a different request");
        ERRORS.put("429", "RATE_LIMIT_EXCEEDED: too many requests for this key; see Retry-After");
        ERRORS.put("500", "INTERNAL_ERROR: a failure on our side; the requestId identifies it");
        ERRORS.put("503", "SERVICE_UNAVAILABLE: the database is unreachable, or a recorded request's result cannot be read yet; "
                + "see Retry-After (a retry with the same Idempotency-Key answers the result, never a second write)");
    }

    @Bean
    public OpenAPI billingLedgerOpenApi() {
        return new OpenAPI()
                .info(new Info().title("billing-ledger API").version("v1")
                        .description("Event-sourced subscription billing ledger. Every change is an event in an "
                                + "append-only store that is also the audit trail."))
                .components(new Components().addSecuritySchemes("apiKey",
                        new SecurityScheme().type(SecurityScheme.Type.HTTP).scheme("bearer")
                                .description("An API key (blk_…) as a bearer token")))
                .addSecurityItem(new SecurityRequirement().addList("apiKey"));
    }

    @Bean
    public OpenApiCustomizer errorResponsesOnEveryOperation() {
        return openApi -> {
            Map<String, Schema> schemas = ModelConverters.getInstance().readAll(ErrorEnvelope.class);
            schemas.forEach((name, schema) -> openApi.getComponents().addSchemas(name, schema));
            Content errorContent = new Content().addMediaType("application/json",
                    new MediaType().schema(new Schema<>().$ref("#/components/schemas/ErrorEnvelope")));
            openApi.getPaths().forEach((path, item) -> item.readOperationsMap().forEach((method, operation) -> {
                if (path.equals("/health")) {
                    return;
                }
                ERRORS.forEach((status, description) -> {
                    boolean onlyForPost = status.equals("422");
                    if (onlyForPost && !method.name().equals("POST")) {
                        return;
                    }
                    operation.getResponses().putIfAbsent(status,
                            new ApiResponse().description(description).content(errorContent));
                });
                if (method.name().equals("POST")) {
                    operation.addParametersItem(new HeaderParameter().name(IdempotencyFilter.HEADER)
                            .required(false).schema(new Schema<String>().type("string").maxLength(255))
                            .description("Makes a retry safe: the same key and body replay the first answer"));
                }
            }));
        };
    }
}
