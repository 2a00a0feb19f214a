package io.billing.ledger.api.common;

/** The success envelope of a single resource: {@code {"data": …}}. */
public record DataEnvelope<T>(T data) {

    public static <T> DataEnvelope<T> of(T data) {
        return new DataEnvelope<>(data);
    }
}
