package io.billing.ledger.command.usage;

/**
 * Why a usage record was refused: an API error code (VALIDATION_ERROR, NOT_FOUND,
 * CONFLICT), the HTTP status it stands for, the field at fault (if one), and a message.
 */
public record UsageError(String code, int status, String field, String message, String currentStatus) {

    static UsageError invalid(String field, String message) {
        return new UsageError("VALIDATION_ERROR", 400, field, message, null);
    }

    static UsageError notFound(String message) {
        return new UsageError("NOT_FOUND", 404, "subscriptionId", message, null);
    }

    static UsageError conflict(String field, String message, String currentStatus) {
        return new UsageError("CONFLICT", 409, field, message, currentStatus);
    }
}
