package io.billing.ledger.saga.webhook;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The waits between delivery attempts ({@code WEBHOOK_RETRY_SCHEDULE}, the seed's
 * {@code 1m,5m,30m,2h,12h}): after the first attempt fails, the n-th retry waits the n-th
 * duration, give or take 10 % so that many deliveries failed together do not retry together.
 * After the last one the delivery is {@code failed}.
 */
public final class RetrySchedule {

    private static final Pattern SIMPLE = Pattern.compile("^(\\d+)(ms|s|m|h|d)?$");

    private final List<Duration> waits;

    public RetrySchedule(List<Duration> waits) {
        this.waits = List.copyOf(waits);
    }

    /** {@code 30s,5m,2h} (ms, s, m, h, d) or ISO-8601 ({@code PT30S}); an empty text is no retry at all. */
    public static RetrySchedule parse(String text) {
        List<Duration> waits = new ArrayList<>();
        if (text != null && !text.isBlank()) {
            for (String part : text.split(",")) {
                waits.add(duration(part.trim()));
            }
        }
        return new RetrySchedule(waits);
    }

    public static Duration duration(String text) {
        Matcher simple = SIMPLE.matcher(text.toLowerCase(Locale.ROOT));
        if (simple.matches()) {
            long amount = Long.parseLong(simple.group(1));
            return switch (simple.group(2) == null ? "" : simple.group(2)) {
                case "ms", "" -> Duration.ofMillis(amount);
                case "s" -> Duration.ofSeconds(amount);
                case "m" -> Duration.ofMinutes(amount);
                case "h" -> Duration.ofHours(amount);
                default -> Duration.ofDays(amount);
            };
        }
        try {
            Duration parsed = Duration.parse(text);
            if (parsed.isNegative()) {
                throw new IllegalArgumentException("a negative duration: " + text);
            }
            return parsed;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("not a duration: '" + text + "' (expected e.g. 30s, 5m, 2h or PT30S)");
        }
    }

    /** The wait before the retry after {@code retriesUsed} retries, jittered; empty when none is left. */
    public Optional<Duration> waitAfter(int retriesUsed) {
        if (retriesUsed < 0 || retriesUsed >= waits.size()) {
            return Optional.empty();
        }
        long millis = waits.get(retriesUsed).toMillis();
        long jitter = millis / 10;
        return Optional.of(Duration.ofMillis(millis + (jitter == 0 ? 0
                : ThreadLocalRandom.current().nextLong(-jitter, jitter + 1))));
    }

    public List<Duration> waits() {
        return waits;
    }
}
