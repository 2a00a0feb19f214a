package io.billing.ledger.command.subscription;

import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.subscription.SubscriptionStatus;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static io.billing.ledger.api.subscription.SubscriptionStatus.ACTIVE;
import static io.billing.ledger.api.subscription.SubscriptionStatus.CANCELED;
import static io.billing.ledger.api.subscription.SubscriptionStatus.PAST_DUE;
import static io.billing.ledger.api.subscription.SubscriptionStatus.PAUSED;
import static io.billing.ledger.api.subscription.SubscriptionStatus.TRIALING;

/**
 * The subscription state machine (DESIGN §3), as data: which status may follow which. A
 * refused transition is a conflict that names the current status and what is allowed from
 * it, so a client can correct itself. See docs/subscriptions.md for the two additions to
 * the design's list (cancel during a trial, pause an active subscription).
 */
public final class SubscriptionLifecycle {

    private static final Map<SubscriptionStatus, Set<SubscriptionStatus>> ALLOWED = new EnumMap<>(SubscriptionStatus.class);

    static {
        ALLOWED.put(TRIALING, EnumSet.of(ACTIVE, CANCELED));
        ALLOWED.put(ACTIVE, EnumSet.of(PAST_DUE, PAUSED, CANCELED));
        ALLOWED.put(PAST_DUE, EnumSet.of(ACTIVE, PAUSED, CANCELED));
        ALLOWED.put(PAUSED, EnumSet.of(ACTIVE, CANCELED));
        ALLOWED.put(CANCELED, EnumSet.of(ACTIVE));
    }

    private SubscriptionLifecycle() {
    }

    public static Set<SubscriptionStatus> allowedFrom(SubscriptionStatus current) {
        return ALLOWED.get(current);
    }

    public static boolean allows(SubscriptionStatus from, SubscriptionStatus to) {
        return ALLOWED.get(from).contains(to);
    }

    /** Refuses a transition the machine does not have, naming the current status and the allowed ones. */
    public static void require(String subscriptionId, SubscriptionStatus from, SubscriptionStatus to, String action) {
        if (!allows(from, to)) {
            throw conflict(subscriptionId, from, action, "");
        }
    }

    public static ConflictException conflict(String subscriptionId, SubscriptionStatus from, String action,
                                             String reason) {
        List<String> allowed = ALLOWED.get(from).stream().map(SubscriptionStatus::wire).toList();
        return new ConflictException("Cannot " + action + " subscription " + subscriptionId + ": it is " + from.wire()
                + (reason.isEmpty() ? "" : " (" + reason + ")")
                + "; allowed from " + from.wire() + ": " + (allowed.isEmpty() ? "none" : String.join(", ", allowed)),
                from.wire(), allowed);
    }
}
