package io.billing.ledger.server.input;

import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamWriteConstraints;

import java.time.Instant;

/**
 * The limits of what a request body may carry (docs/security.md, "Input limits"). Generous
 * for any real request, small enough that nothing stored for ever in the event store can
 * stall a reader. Field-specific limits (names, descriptions, metadata) are on the request
 * records; body sizes are settings (MAX_REQUEST_BYTES, MAX_USAGE_BATCH_REQUEST_BYTES).
 */
public final class InputLimits {

    /** A usage batch is 4 levels deep ({@code records[i].properties.key}); metadata 2. */
    public static final int MAX_NESTING_DEPTH = 32;
    /** Longer than any text field's own limit (at most 500 characters), so those speak first. */
    public static final int MAX_STRING_LENGTH = 10_000;
    /** A long has 19 digits; a double's shortest form fits in 24 characters. */
    public static final int MAX_NUMBER_LENGTH = 40;
    public static final int MAX_NAME_LENGTH = 256;
    /**
     * Above what could be stored before these limits (the event serializer's 1000 levels) plus
     * the envelope around it: an answer must never fail on data that was accepted once.
     */
    public static final int MAX_RESPONSE_NESTING_DEPTH = 2000;

    /**
     * Times a request may name (test clocks, usage, key expiry): years 2000 to 2199, UTC. Wide
     * enough for test clocks run far ahead, narrow enough for every reader and column.
     */
    public static final Instant EARLIEST_TIME = Instant.parse("2000-01-01T00:00:00Z");
    public static final Instant LATEST_TIME_EXCLUSIVE = Instant.parse("2200-01-01T00:00:00Z");

    static final StreamReadConstraints READ = StreamReadConstraints.builder()
            .maxNestingDepth(MAX_NESTING_DEPTH)
            .maxStringLength(MAX_STRING_LENGTH)
            .maxNumberLength(MAX_NUMBER_LENGTH)
            .maxNameLength(MAX_NAME_LENGTH)
            .build();

    static final StreamWriteConstraints WRITE = StreamWriteConstraints.builder()
            .maxNestingDepth(MAX_RESPONSE_NESTING_DEPTH)
            .build();

    private InputLimits() {
    }
}
