package io.billing.ledger.api.common;

import java.util.UUID;
import java.util.regex.Pattern;

/** Prefixed random identifiers, e.g. {@code plan_2f0c…}; the prefix tells the kind of resource. */
public final class Ids {

    public static final String PATTERN = "^(plan|cust|sub|inv|pay|dun|evt|wh|key|clk)_[a-f0-9-]{36}$";
    private static final Pattern COMPILED = Pattern.compile(PATTERN);

    public static final String PLAN = "plan";
    public static final String CUSTOMER = "cust";
    public static final String SUBSCRIPTION = "sub";
    public static final String INVOICE = "inv";
    public static final String PAYMENT = "pay";
    public static final String DUNNING = "dun";
    public static final String EVENT = "evt";
    public static final String WEBHOOK = "wh";
    public static final String API_KEY = "key";
    public static final String TEST_CLOCK = "clk";

    public static final String PLAN_ID = "^plan_[a-f0-9-]{36}$";
    public static final String CUSTOMER_ID = "^cust_[a-f0-9-]{36}$";
    public static final String SUBSCRIPTION_ID = "^sub_[a-f0-9-]{36}$";
    public static final String INVOICE_ID = "^inv_[a-f0-9-]{36}$";
    public static final String PAYMENT_ID = "^pay_[a-f0-9-]{36}$";
    public static final String DUNNING_ID = "^dun_[a-f0-9-]{36}$";
    public static final String API_KEY_ID = "^key_[a-f0-9-]{36}$";
    public static final String WEBHOOK_ID = "^wh_[a-f0-9-]{36}$";
    public static final String EVENT_ID = "^evt_[a-f0-9-]{36}$";
    public static final String TEST_CLOCK_ID = "^clk_[a-f0-9-]{36}$";

    private Ids() {
    }

    /** What kind of resource an id names, as error messages say it ("Plan plan_… was not found"). */
    public static String kindOf(String id) {
        String prefix = id == null || id.indexOf('_') < 0 ? "" : id.substring(0, id.indexOf('_'));
        return switch (prefix) {
            case PLAN -> "Plan";
            case CUSTOMER -> "Customer";
            case SUBSCRIPTION -> "Subscription";
            case INVOICE -> "Invoice";
            case PAYMENT -> "Payment";
            case DUNNING -> "Dunning case";
            case EVENT -> "Event";
            case WEBHOOK -> "Webhook subscription";
            case API_KEY -> "API key";
            case TEST_CLOCK -> "Test clock";
            default -> "Resource";
        };
    }

    public static String next(String prefix) {
        return prefix + "_" + UUID.randomUUID();
    }

    /**
     * A name-based id: the same name gives the same id on every node and every redelivery, e.g. an
     * invoice caused by event {@code sequence} of subscription {@code sub_…}.
     */
    public static String derived(String prefix, String aggregateId, long sequence) {
        return prefix + "_" + UUID.nameUUIDFromBytes((aggregateId + "#" + sequence)
                .getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }

    public static boolean isValid(String id, String prefix) {
        return id != null && id.startsWith(prefix + "_") && COMPILED.matcher(id).matches();
    }
}
