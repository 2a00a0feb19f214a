package io.billing.ledger.server.projection;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.projection.replay.ProjectionReplays;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.axonframework.config.EventProcessingConfiguration;
import org.axonframework.eventhandling.StreamingEventProcessor;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.core.io.Resource;
import org.springframework.core.io.support.PathMatchingResourcePatternResolver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Read tables are derived data: replaying any projection from the event store gives back
 * exactly the rows it had, column by column. Processors and tables are discovered, not
 * listed, so a projection or table added later is covered without touching this test:
 * <ul>
 * <li>processors: every streaming processor in Axon's {@link EventProcessingConfiguration}
 *     that supports a reset (Axon's own test for "may be replayed"; it is what the admin
 *     endpoint would replay);</li>
 * <li>tables: every table created by the projections module's Flyway migrations
 *     ({@value #PROJECTION_MIGRATIONS}) that exists now. The other modules' tables are not
 *     projections and are left out on purpose: Axon's event store, tokens, sagas and dead
 *     letters (the source and the processors' own state); the server's idempotency keys
 *     (stored answers, not derived from events); command-side's lookup and uniqueness tables
 *     (written by subscribing handlers inside the command's transaction, which a token reset
 *     cannot replay); the sagas' scheduler tables (work queues of what is still due).</li>
 * </ul>
 * Which processor owns which table is observed: a replay rewrites every row of the tables it
 * rebuilds, so their rows' {@code xmin} (the inserting transaction) all change.
 */
class ProjectionRebuildEndToEndTest extends EndToEndTest {

    private static final String PROJECTION_MIGRATIONS = "db/migration/projections";
    private static final Pattern CREATE_TABLE = Pattern.compile(
            "(?i)\\bCREATE\\s+TABLE\\s+(?:IF\\s+NOT\\s+EXISTS\\s+)?(?:\\w+\\.)?\"?(\\w+)\"?");
    private static final Pattern RENAME_TABLE = Pattern.compile(
            "(?i)\\bALTER\\s+TABLE\\s+(?:IF\\s+EXISTS\\s+)?(?:\\w+\\.)?\"?(\\w+)\"?\\s+RENAME\\s+TO\\s+\"?(\\w+)\"?");
    private static final Duration REPLAY_BOUND = Duration.ofSeconds(60);
    private static final Set<String> DUNNING_TABLES = Set.of("dunning_cases", "dunning_attempts");
    /**
     * The projections: every streaming processor that may be replayed, each owning read tables
     * (docs/architecture.md). Also checked to be exactly what Axon reports as resettable.
     */
    static final List<String> PROJECTIONS = List.of("api-key-directory", "audit-log", "customer-directory",
            "dunning-cases", "invoice-directory", "payments", "plan-catalog", "revenue-metrics",
            "subscription-directory", "test-clock-directory", "usage-summaries");
    /**
     * Streaming processors that are not projections: their handlers act (send commands, call the
     * payment processor, queue webhook deliveries) and are marked {@code @DisallowReplay}, so a
     * replay is refused with 409 rather than acting twice.
     */
    static final List<String> NOT_PROJECTIONS = List.of("dunning-process", "invoicing-policy", "payment-saga",
            "stripe-customer-sync", "webhook-outbox");

    @Autowired
    ProjectionReplays replays;

    @Autowired
    EventProcessingConfiguration processing;

    @Test
    void every_projection_replays_to_identical_rows_in_every_table() throws Exception {
        new History(api()).build();

        List<String> processors = resettableStreamingProcessors();
        assertThat(processors).as("streaming processors that support a replay").containsExactlyElementsOf(PROJECTIONS);
        assertThat(api().get("/v1/admin/projections").data().get("projections").fieldNames())
                .toIterable().as("the processors the admin status lists")
                .containsExactlyInAnyOrderElementsOf(concat(PROJECTIONS, NOT_PROJECTIONS));
        for (String process : NOT_PROJECTIONS) {
            Api.Response refused = api().post("/v1/admin/projections/" + process + "/replay", null);
            assertThat(refused.status()).as(refused.toString()).isEqualTo(409);
            assertThat(refused.errorCode()).isEqualTo("CONFLICT");
            assertThat(api().get("/v1/admin/projections").data().at("/projections/" + process + "/replayable")
                    .asBoolean()).isFalse();
        }
        for (String processor : processors) {
            assertThat(replays.awaitCaughtUp(processor, REPLAY_BOUND)).as(processor + " caught up").isTrue();
        }
        Set<String> tables = new TreeSet<>(projectionTables());
        // dunning is off here (EndToEndTest): its tables stay empty; DunningEndToEndTest replays them
        tables.removeAll(DUNNING_TABLES);
        assertThat(tables).as("tables of " + PROJECTION_MIGRATIONS).isNotEmpty();
        Map<String, List<Map<String, Object>>> live = snapshot(tables);
        for (String table : tables) {
            assertThat(live.get(table)).as("the history leaves rows in %s, so its replay is tested", table).isNotEmpty();
        }
        assertThat(jdbc.queryForList("SELECT credit_balances::text FROM customer_directory WHERE credit_balances <> '{}'",
                String.class)).as("the history leaves customer credit, so its replay is tested").isNotEmpty();
        long head = replays.headPosition();

        Map<String, Set<String>> rebuiltBy = new TreeMap<>();
        List<String> partlyRewritten = new ArrayList<>();
        List<String> differences = new ArrayList<>();
        for (String processor : processors) {
            Map<String, List<Map<String, Object>>> before = snapshot(tables);
            Map<String, Set<String>> xminsBefore = xmins(tables);

            replayThroughTheAdminEndpoint(processor, head);

            Map<String, List<Map<String, Object>>> replayed = snapshot(tables);
            for (String table : tables) {
                differences(table, before.get(table), replayed.get(table))
                        .forEach(difference -> differences.add("replaying " + processor + ", " + table + " " + difference));
                Set<String> after = new HashSet<>(xminsOf(table));
                long kept = after.stream().filter(xminsBefore.get(table)::contains).count();
                if (kept == 0) {
                    rebuiltBy.computeIfAbsent(table, t -> new TreeSet<>()).add(processor);
                } else if (kept < after.size()) {
                    partlyRewritten.add(table + " by " + processor);
                }
            }
        }

        assertThat(differences).as("rows that differ from the live ones after a replay").isEmpty();
        assertThat(snapshot(tables)).as("every table after all replays").isEqualTo(live);
        assertThat(replays.headPosition()).as("a replay appends no event").isEqualTo(head);
        assertThat(partlyRewritten).as("tables partly rewritten by a replay of a processor that does not own them")
                .isEmpty();
        for (String table : tables) {
            assertThat(rebuiltBy.get(table)).as("the processors whose replay rebuilds %s (exactly one owns it)", table)
                    .hasSize(1);
        }
        Set<String> owners = new TreeSet<>();
        rebuiltBy.values().forEach(owners::addAll);
        owners.add("dunning-cases"); // owns the dunning tables, left out above
        assertThat(owners).as("every processor that may be replayed rebuilds a read table (else mark it "
                + "@DisallowReplay: a replay would re-run its side effects)").containsExactlyInAnyOrderElementsOf(processors);
    }

    /**
     * Starts the replay over HTTP and follows it on the status, as {@code billing projections replay}
     * does: the answer names the head it replays to; the projection is {@code replaying} until its
     * position reaches it, then {@code running} again.
     */
    private void replayThroughTheAdminEndpoint(String processor, long head) {
        Api.Response replay = api().post("/v1/admin/projections/" + processor + "/replay", null);
        assertThat(replay.status()).as(replay.toString()).isEqualTo(202);
        assertThat(replay.data().get("untilPosition").asLong()).isEqualTo(head);
        assertThat(replay.data().get("replayable").asBoolean()).isTrue();
        assertThat(replay.data().get("state").asText()).isIn("replaying", "running"); // a small store may be done
        await().atMost(REPLAY_BOUND).pollInterval(Duration.ofMillis(50)).until(() -> {
            JsonNode status = api().get("/v1/admin/projections").data().at("/projections/" + processor);
            return status.get("state").asText().equals("running") && status.get("position").asLong() >= head;
        });
        JsonNode done = api().get("/v1/admin/projections").data().at("/projections/" + processor);
        assertThat(done.get("lag").asLong()).isZero();
        assertThat(done.get("head").asLong()).isEqualTo(head);
        assertThat(done.get("deadLetters").asLong()).isZero();
        assertThat(done.get("eventsPerSecond").isNull()).as("no rate outside a replay").isTrue();
        assertThat(done.get("replayUntilPosition").asLong()).isEqualTo(head);
    }

    private static List<String> concat(List<String> first, List<String> second) {
        List<String> all = new ArrayList<>(first);
        all.addAll(second);
        return all;
    }

    @Test
    void the_admin_endpoint_reports_positions_and_rebuilds_a_projection() throws Exception {
        String customer = api().post("/v1/customers", "{\"name\":\"Admin\",\"email\":\"admin@example.com\"}")
                .data().get("id").asText();
        // the link to the payment processor (StripeCustomerLinked) follows by a process of its own: wait for it,
        // or the rows read below would be those of a moment before it
        await().atMost(Duration.ofSeconds(30)).until(() ->
                api().get("/v1/customers/" + customer).data().get("stripeCustomerId").isTextual());
        assertThat(replays.awaitCaughtUp("customer-directory", REPLAY_BOUND)).isTrue();
        List<Map<String, Object>> before = rows("customer_directory");

        Api.Response replay = api().post("/v1/admin/projections/customer-directory/replay", null);
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.header("Location")).isEqualTo("/v1/admin/projections");
        Api.Response unknown = api().post("/v1/admin/projections/no-such-thing/replay", null);
        assertThat(unknown.status()).isEqualTo(404);
        assertThat(unknown.errorCode()).isEqualTo("NOT_FOUND");

        assertThat(replays.awaitCaughtUp("customer-directory", REPLAY_BOUND)).isTrue();
        assertThat(rows("customer_directory")).isEqualTo(before);
        Api.Response status = api().get("/v1/admin/projections");
        assertThat(status.data().get("processors").has("customer-directory")).isTrue();
        assertThat(status.data().get("headPosition").asLong()).isPositive();
        JsonNode customers = status.data().at("/projections/customer-directory");
        assertThat(customers.get("state").asText()).isEqualTo("running");
        assertThat(customers.get("position").asLong()).isEqualTo(customers.get("head").asLong()
                - customers.get("lag").asLong());
        assertThat(customers.has("eventsPerSecond")).isTrue();
        assertThat(customers.has("etaSeconds")).isTrue();
        assertThat(customers.has("lagMs")).isTrue();
    }

    private List<String> resettableStreamingProcessors() {
        List<String> names = new ArrayList<>();
        processing.eventProcessors().forEach((name, processor) -> {
            if (processor instanceof StreamingEventProcessor streaming && streaming.supportsReset()) {
                names.add(name);
            }
        });
        names.sort(null);
        return names;
    }

    /** Tables the projections' migrations create (following renames), that exist in the schema now. */
    private Set<String> projectionTables() throws IOException {
        Set<String> created = new TreeSet<>();
        Resource[] scripts = new PathMatchingResourcePatternResolver()
                .getResources("classpath*:" + PROJECTION_MIGRATIONS + "/*.sql");
        List<Resource> ordered = new ArrayList<>(List.of(scripts));
        ordered.sort((a, b) -> Objects.requireNonNull(a.getFilename()).compareTo(Objects.requireNonNull(b.getFilename())));
        for (Resource script : ordered) {
            String sql = script.getContentAsString(StandardCharsets.UTF_8).replaceAll("--[^\n]*", "");
            Matcher create = CREATE_TABLE.matcher(sql);
            while (create.find()) {
                created.add(create.group(1).toLowerCase());
            }
            Matcher rename = RENAME_TABLE.matcher(sql);
            while (rename.find()) {
                if (created.remove(rename.group(1).toLowerCase())) {
                    created.add(rename.group(2).toLowerCase());
                }
            }
        }
        created.retainAll(jdbc.queryForList("""
                SELECT table_name FROM information_schema.tables
                 WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'""", String.class));
        return created;
    }

    private Map<String, List<Map<String, Object>>> snapshot(Set<String> tables) {
        Map<String, List<Map<String, Object>>> snapshot = new TreeMap<>();
        tables.forEach(table -> snapshot.put(table, rows(table)));
        return snapshot;
    }

    /** Every column of every row, ordered by the primary key (by all columns if there is none). */
    private List<Map<String, Object>> rows(String table) {
        List<String> key = primaryKey(table);
        String order = key.isEmpty() ? allColumnPositions(table) : String.join(", ", key);
        return jdbc.queryForList("SELECT * FROM " + table + " ORDER BY " + order);
    }

    private Map<String, Set<String>> xmins(Set<String> tables) {
        Map<String, Set<String>> xmins = new TreeMap<>();
        tables.forEach(table -> xmins.put(table, new HashSet<>(xminsOf(table))));
        return xmins;
    }

    private List<String> xminsOf(String table) {
        return jdbc.queryForList("SELECT xmin::text FROM " + table, String.class);
    }

    private List<String> primaryKey(String table) {
        return jdbc.queryForList("""
                SELECT a.attname FROM pg_index i
                  JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = ANY (i.indkey)
                 WHERE i.indrelid = ?::regclass AND i.indisprimary
                 ORDER BY array_position(i.indkey::int2[], a.attnum)""", String.class, table);
    }

    private String allColumnPositions(String table) {
        Integer columns = jdbc.queryForObject("SELECT count(*) FROM information_schema.columns "
                + "WHERE table_schema = current_schema() AND table_name = ?", Integer.class, table);
        List<String> positions = new ArrayList<>();
        for (int i = 1; i <= Objects.requireNonNull(columns); i++) {
            positions.add(Integer.toString(i));
        }
        return String.join(", ", positions);
    }

    /** Row-by-row differences, keyed by primary key, each naming the column and both values. */
    private List<String> differences(String table, List<Map<String, Object>> before, List<Map<String, Object>> after) {
        List<String> key = primaryKey(table);
        Map<String, Map<String, Object>> was = byKey(key, before);
        Map<String, Map<String, Object>> is = byKey(key, after);
        List<String> differences = new ArrayList<>();
        was.forEach((id, row) -> {
            Map<String, Object> replayed = is.get(id);
            if (replayed == null) {
                differences.add("missing after replay: " + row);
                return;
            }
            row.forEach((column, value) -> {
                if (!Objects.deepEquals(value, replayed.get(column))) {
                    differences.add(id + " ." + column + ": live " + value + ", replayed " + replayed.get(column));
                }
            });
        });
        is.forEach((id, row) -> {
            if (!was.containsKey(id)) {
                differences.add("only after replay: " + row);
            }
        });
        if (differences.isEmpty() && !before.equals(after)) {
            differences.add("same rows in a different order or with duplicate keys");
        }
        return differences;
    }

    private static Map<String, Map<String, Object>> byKey(List<String> key, List<Map<String, Object>> rows) {
        Map<String, Map<String, Object>> byKey = new LinkedHashMap<>();
        for (Map<String, Object> row : rows) {
            List<Object> id = new ArrayList<>();
            (key.isEmpty() ? row.keySet() : key).forEach(column -> id.add(row.get(column)));
            byKey.put(id.toString(), row);
        }
        return byKey;
    }

    /**
     * A realistic history through the API: plans (one in EUR, one yearly, one with a trial, one
     * archived), customers with metadata on a test clock and on the wall clock, API keys created
     * and revoked, subscriptions with a plan change, a quantity change, cancel and reactivate,
     * pause and resume, usage records, clock advances that renew, invoice and finalize, credit
     * notes, a payment, a voided and an uncollectible invoice.
     */
    private static final class History {

        private final Api api;

        History(Api api) {
            this.api = api;
        }

        void build() {
            String clock = ok(201, api.post("/v1/test-clocks",
                    "{\"frozenTime\":\"2026-03-10T00:00:00Z\",\"name\":\"replay\"}")).get("id").asText();

            String basic = plan("{\"name\":\"Basic\",\"pricingModel\":\"flat_rate\",\"amountCents\":3100,"
                    + "\"billingInterval\":\"month\",\"metadata\":{\"tier\":\"basic\",\"seats\":\"5\"}}");
            String pro = plan("{\"name\":\"Pro\",\"pricingModel\":\"flat_rate\",\"amountCents\":6200,"
                    + "\"billingInterval\":\"month\"}");
            String metered = plan("{\"name\":\"API calls\",\"pricingModel\":\"per_unit\",\"amountCents\":25,"
                    + "\"billingInterval\":\"month\"}");
            String yearly = plan("{\"name\":\"Yearly\",\"pricingModel\":\"flat_rate\",\"amountCents\":36600,"
                    + "\"billingInterval\":\"year\"}");
            String trial = plan("{\"name\":\"Team\",\"pricingModel\":\"flat_rate\",\"amountCents\":4900,"
                    + "\"billingInterval\":\"month\",\"trialPeriodDays\":14}");
            String euro = plan("{\"name\":\"Europa\",\"pricingModel\":\"flat_rate\",\"amountCents\":2900,"
                    + "\"currency\":\"eur\",\"billingInterval\":\"month\"}");
            ok(200, api.patch("/v1/plans/" + basic, "{\"description\":\"for small teams\",\"trialPeriodDays\":0,"
                    + "\"metadata\":{\"tier\":\"basic\",\"legacy\":\"false\"}}"));
            String legacy = plan("{\"name\":\"Legacy\",\"pricingModel\":\"flat_rate\",\"amountCents\":1000,"
                    + "\"billingInterval\":\"month\"}");
            ok(200, api.post("/v1/plans/" + legacy + "/archive", null));

            String alice = customer("{\"name\":\"Alice\",\"email\":\"alice@example.com\",\"testClockId\":\"" + clock
                    + "\",\"metadata\":{\"segment\":\"smb\",\"seats\":\"3\"}}");
            String bob = customer("{\"name\":\"Bob\",\"email\":\"bob@example.com\",\"testClockId\":\"" + clock + "\"}");
            // Dave's invoices are charged with a card through the simulated processor (payments that succeed)
            String dave = customer("{\"name\":\"Dave\",\"email\":\"dave@example.com\",\"testClockId\":\"" + clock
                    + "\"}");
            ok(201, api.post("/v1/customers/" + dave + "/payment-methods", "{\"paymentMethodId\":\"pm_card_visa\"}"));
            ok(201, api.post("/v1/webhook-subscriptions", "{\"url\":\"http://127.0.0.1:9/hooks\","
                    + "\"eventTypes\":[\"invoice.paid\"],\"description\":\"replay test\"}"));
            String carol = customer("{\"name\":\"Carol\",\"email\":\"carol@example.com\",\"metadata\":{\"vat\":\"DE1\"}}");
            ok(200, api.patch("/v1/customers/" + bob, "{\"name\":\"Bob Builder\",\"metadata\":{\"vip\":\"true\"}}"));
            // Carol's invoices stay drafts on the wall clock; Alice's and Bob's are charged without a payment method
            ok(201, api.post("/v1/customers/" + carol + "/payment-methods", "{\"paymentMethodId\":\"pm_card_visa\"}"));

            String reader = ok(201, api.post("/v1/api-keys", "{\"name\":\"reader\",\"scopes\":[\"billing:read\"]}"))
                    .get("id").asText();
            ok(201, api.post("/v1/api-keys", "{\"name\":\"writer\",\"scopes\":[\"billing:write\"]}"));
            ok(200, api.post("/v1/api-keys/" + reader + "/revoke", null));

            String upgraded = subscribe(alice, basic);
            String usage = subscribe(alice, metered);
            String trialing = subscribe(bob, trial);
            String annual = subscribe(bob, yearly);
            String wallClock = subscribe(carol, euro);
            subscribe(dave, pro);

            advanceTo(clock, "2026-03-20T00:00:00Z"); // the first invoices finalized
            ok(201, api.post("/v1/usage", usage(usage, "u-1", 40, "2026-03-10T06:00:00Z")));
            ok(200, api.post("/v1/usage", usage(usage, "u-1", 40, "2026-03-10T06:00:00Z")));
            ok(200, api.post("/v1/usage/batch", "{\"records\":[" + usage(usage, "u-2", 7, "2026-03-11T00:00:00Z")
                    + "," + usage(usage, "u-3", 13, "2026-03-12T00:00:00Z") + "]}"));
            ok(200, api.post("/v1/subscriptions/" + upgraded + "/change-plan", "{\"planId\":\"" + pro
                    + "\",\"prorationBehavior\":\"always_invoice\"}"));
            ok(200, api.post("/v1/subscriptions/" + upgraded + "/change-plan", "{\"planId\":\"" + pro
                    + "\",\"quantity\":3,\"prorationBehavior\":\"create_prorations\"}"));
            ok(200, api.post("/v1/subscriptions/" + upgraded + "/cancel", "{\"atPeriodEnd\":true}"));
            ok(200, api.post("/v1/subscriptions/" + upgraded + "/reactivate", null));
            ok(200, api.post("/v1/subscriptions/" + annual + "/cancel", "{\"prorate\":true}"));
            ok(200, api.post("/v1/subscriptions/" + annual + "/reactivate", null));
            ok(200, api.post("/v1/subscriptions/" + wallClock + "/pause", null));
            ok(200, api.post("/v1/subscriptions/" + wallClock + "/resume", null));
            ok(201, api.post("/v1/usage", usage(usage, "u-4", 5, "2026-03-19T23:00:00Z")));

            advanceTo(clock, "2026-04-12T00:00:00Z"); // renewals, the trial's end, invoices drafted and finalized
            ok(201, api.post("/v1/usage", usage(usage, "u-5", 11, "2026-04-11T00:00:00Z")));

            List<JsonNode> open = openInvoices(upgraded, 2);
            String credited = open.get(0).get("id").asText();
            ok(201, api.post("/v1/invoices/" + credited + "/credit-notes", "{\"amountCents\":100,\"reason\":\"goodwill\","
                    + "\"lines\":[{\"description\":\"outage\",\"amountCents\":60},"
                    + "{\"description\":\"late fix\",\"amountCents\":40}]}"));
            ok(200, api.post("/v1/invoices/" + credited + "/pay", "{\"paidOutOfBand\":true}"));
            ok(201, api.post("/v1/invoices/" + credited + "/credit-notes",
                    "{\"amountCents\":500,\"reason\":\"refund as credit\"}"));
            ok(200, api.post("/v1/invoices/" + open.get(1).get("id").asText() + "/void", null));
            // the trial's zero invoice is paid at finalization (nothing to charge): the metered one stays open
            ok(200, api.post("/v1/invoices/" + openInvoices(usage, 1).get(0).get("id").asText()
                    + "/mark-uncollectible", null));

            advanceTo(clock, "2026-05-12T00:00:00Z"); // the next renewals take the customer credit
        }

        private String plan(String json) {
            return ok(201, api.post("/v1/plans", json)).get("id").asText();
        }

        private String customer(String json) {
            return ok(201, api.post("/v1/customers", json)).get("id").asText();
        }

        private String subscribe(String customer, String plan) {
            return ok(201, api.post("/v1/subscriptions", "{\"customerId\":\"" + customer + "\",\"planId\":\"" + plan
                    + "\"}")).get("id").asText();
        }

        private static String usage(String subscription, String key, long quantity, String at) {
            return "{\"subscriptionId\":\"" + subscription + "\",\"idempotencyKey\":\"" + key + "\",\"quantity\":"
                    + quantity + ",\"timestamp\":\"" + at + "\",\"properties\":{\"endpoint\":\"/search\"}}";
        }

        /** The subscription's open invoices, oldest first, once there are at least {@code atLeast}. */
        private List<JsonNode> openInvoices(String subscription, int atLeast) {
            List<JsonNode> open = new ArrayList<>();
            await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() -> {
                open.clear();
                api.get("/v1/invoices?pageSize=100&status=open&subscriptionId=" + subscription).data()
                        .forEach(open::add);
                return open.size() >= atLeast;
            });
            Collections.reverse(open);
            return open;
        }

        private void advanceTo(String clock, String instant) {
            ok(200, api.post("/v1/test-clocks/" + clock + "/advance", "{\"frozenTime\":\"" + instant + "\"}"));
            await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                    .until(() -> api.get("/v1/test-clocks/" + clock).data().get("status").asText().equals("ready"));
        }

        private static JsonNode ok(int status, Api.Response response) {
            assertThat(response.status()).as(response.toString()).isEqualTo(status);
            return response.data();
        }
    }
}
