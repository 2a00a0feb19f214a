package io.billing.ledger.server.auditchain;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.query.events.SettledGaps;
import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.test.context.TestPropertySource;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The audit chain and the event stream over a real store: every event is sealed in order; a row
 * changed, removed or inserted behind the chain's back (as the database superuser, with the
 * append-only triggers disabled) is found at its position; the sealer and the stream wait at a
 * gap an open transaction holds and go on when it commits; paging the stream gives every event
 * once, in order. Each test that tampers puts the row back, so the chain verifies again after it.
 */
// seal and settle gaps faster than by default, so the waits below are short
@TestPropertySource(properties = {"billing.audit-chain.seal-interval=100ms", "billing.audit-chain.gap-settle-time=300ms"})
class AuditChainEndToEndTest extends EndToEndTest {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    AuditChainSealer sealer;

    @Autowired
    SettledGaps gaps;

    @Test
    void every_event_is_sealed_and_verify_answers_ok_with_the_head() {
        String planId = plan("Sealed");
        long planPosition = positionOf(planId);

        awaitSealedThrough(storeHead());
        JsonNode verified = verify();
        JsonNode head = api().get("/v1/audit/head").data();

        assertThat(verified.get("status").asText()).isEqualTo("ok");
        assertThat(verified.get("headPosition").asLong()).isGreaterThanOrEqualTo(planPosition);
        assertThat(verified.get("checkedEvents").asLong())
                .isEqualTo(count("SELECT count(*) FROM domain_event_entry WHERE global_index <= ?",
                        verified.get("headPosition").asLong()));
        assertThat(verified.get("headHash").asText()).matches("[0-9a-f]{64}");
        assertThat(head.get("position").asLong()).isGreaterThanOrEqualTo(verified.get("headPosition").asLong());
        assertThat(head.get("hash").asText()).matches("[0-9a-f]{64}");
        assertThat(head.get("sealedAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(sealer.lag()).isNotNull();
    }

    @Test
    void an_event_row_changed_by_the_superuser_is_found_at_its_position() {
        String planId = plan("Gold");
        long position = positionOf(planId);
        awaitSealedThrough(storeHead());

        asSuperuserWithoutTriggers("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, "
                + "'UTF8'), 'Gold', 'Gild'), 'UTF8') WHERE global_index = " + position);
        JsonNode broken = verify();
        asSuperuserWithoutTriggers("UPDATE domain_event_entry SET payload = convert_to(replace(convert_from(payload, "
                + "'UTF8'), 'Gild', 'Gold'), 'UTF8') WHERE global_index = " + position);

        assertThat(broken.get("status").asText()).isEqualTo("broken");
        assertThat(broken.get("reason").asText()).isEqualTo("event_changed");
        assertThat(broken.get("position").asLong()).isEqualTo(position);
        assertThat(broken.get("eventId").asText()).isEqualTo(eventIdAt(position));
        assertThat(broken.get("checkedEvents").asLong())
                .isEqualTo(count("SELECT count(*) FROM domain_event_entry WHERE global_index < ?", position));
        assertThat(broken.get("sealedHash").asText()).isNotEqualTo(broken.get("computedHash").asText());
        assertThat(verify().get("status").asText()).isEqualTo("ok");
    }

    @Test
    void an_event_row_deleted_by_the_superuser_is_found_at_its_position() {
        String planId = plan("Removed");
        plan("After the removed one");
        long position = positionOf(planId);
        awaitSealedThrough(storeHead());
        Map<String, Object> row = jdbc.queryForMap("SELECT * FROM domain_event_entry WHERE global_index = ?", position);

        asSuperuserWithoutTriggers("DELETE FROM domain_event_entry WHERE global_index = " + position);
        JsonNode broken = verify();
        jdbc.update("INSERT INTO domain_event_entry (global_index, aggregate_identifier, sequence_number, type, "
                        + "event_identifier, meta_data, payload, payload_revision, payload_type, time_stamp) "
                        + "VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", row.get("global_index"),
                row.get("aggregate_identifier"), row.get("sequence_number"), row.get("type"),
                row.get("event_identifier"), row.get("meta_data"), row.get("payload"), row.get("payload_revision"),
                row.get("payload_type"), row.get("time_stamp"));

        assertThat(broken.get("status").asText()).isEqualTo("broken");
        assertThat(broken.get("reason").asText()).isEqualTo("event_removed");
        assertThat(broken.get("position").asLong()).isEqualTo(position);
        assertThat(verify().get("status").asText()).isEqualTo("ok");
    }

    @Test
    void a_row_inserted_into_a_gap_the_chain_sealed_past_is_found_at_its_position() throws SQLException {
        plan("Copied");
        awaitSealedThrough(storeHead());
        long gap;
        try (Connection rolledBack = jdbc.getDataSource().getConnection()) {
            rolledBack.setAutoCommit(false);
            gap = insertCopyOfAnEvent(rolledBack, null);
            rolledBack.rollback();
            rolledBack.setAutoCommit(true);
        }
        long after = positionOf(plan("After the gap"));
        assertThat(after).isGreaterThan(gap);

        // the gap settles (nothing in flight can fill it) and the sealer goes on past it
        awaitSealedThrough(after);
        try (Connection superuser = jdbc.getDataSource().getConnection()) {
            insertCopyOfAnEvent(superuser, gap);
        }
        JsonNode broken = verify();
        asSuperuserWithoutTriggers("DELETE FROM domain_event_entry WHERE global_index = " + gap);

        assertThat(broken.get("status").asText()).isEqualTo("broken");
        assertThat(broken.get("reason").asText()).isEqualTo("event_inserted");
        assertThat(broken.get("position").asLong()).isEqualTo(gap);
        assertThat(verify().get("status").asText()).isEqualTo("ok");
    }

    @Test
    void the_sealer_and_the_stream_wait_at_a_gap_an_open_transaction_holds_and_go_on_when_it_commits()
            throws SQLException {
        plan("Copied");
        awaitSealedThrough(storeHead());
        try (Connection open = jdbc.getDataSource().getConnection()) {
            open.setAutoCommit(false);
            try {
                long gap = insertCopyOfAnEvent(open, null);
                long later = positionOf(plan("Committed while a lower position is in flight"));
                assertThat(later).isGreaterThan(gap);

                // once the gap is old enough to be fenced, only the open transaction keeps it open
                await().atMost(WAIT).until(() -> gaps.watched().stream()
                        .anyMatch(watched -> watched.first() <= gap && gap <= watched.last() && watched.fenced()));
                sealer.sealAvailable();
                assertThat(sealer.sealedPosition()).isLessThan(gap);
                assertThat(headPosition()).isLessThan(gap);
                Api.Response page = api().get("/v1/events?after=" + (gap - 1) + "&limit=1000");
                assertThat(page.data()).isEmpty();
                assertThat(page.body().get("nextAfter").asLong()).isEqualTo(gap - 1);

                open.commit();
                awaitSealedThrough(later);
                JsonNode served = api().get("/v1/events?after=" + (gap - 1) + "&limit=1000").data();
                assertThat(served.get(0).get("position").asLong()).isEqualTo(gap);
                assertThat(positions(served)).contains(later);
                assertThat(verify().get("status").asText()).isEqualTo("ok");
            } finally {
                open.rollback();
                open.setAutoCommit(true);
            }
        }
    }

    @Test
    void paging_with_next_after_gives_every_event_exactly_once_in_the_stores_order() {
        String planId = plan("Streamed");
        customer("Streamed customer");
        String keyId = api().post("/v1/api-keys", "{\"name\":\"streamed\",\"scopes\":[\"billing:read\"]}")
                .data().get("id").asText();
        long target = storeHead();

        List<JsonNode> served = new ArrayList<>();
        long[] after = {0};
        await().atMost(WAIT).until(() -> {
            while (true) {
                Api.Response page = api().get("/v1/events?after=" + after[0] + "&limit=7");
                assertThat(page.status()).as(page.toString()).isEqualTo(200);
                page.data().forEach(served::add);
                assertThat(page.data().size()).isLessThanOrEqualTo(7);
                long next = page.body().get("nextAfter").asLong();
                if (next == after[0]) {
                    return after[0] >= target;
                }
                after[0] = next;
            }
        });

        List<Map<String, Object>> stored = jdbc.queryForList("SELECT global_index, event_identifier "
                + "FROM domain_event_entry WHERE global_index <= ? ORDER BY global_index", after[0]);
        assertThat(positions(served)).containsExactlyElementsOf(
                stored.stream().map(row -> ((Number) row.get("global_index")).longValue()).toList());
        assertThat(served.stream().map(event -> event.get("id").asText()).toList()).containsExactlyElementsOf(
                stored.stream().map(row -> (String) row.get("event_identifier")).toList());

        JsonNode planCreated = served.stream().filter(event -> event.get("resourceId").asText().equals(planId))
                .findFirst().orElseThrow();
        assertThat(planCreated.get("type").asText()).isEqualTo("PlanCreated");
        assertThat(planCreated.get("resourceType").asText()).isEqualTo("Plan");
        assertThat(planCreated.get("actor").asText()).startsWith("key_");
        assertThat(planCreated.get("createdAt").asText()).matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z");
        assertThat(planCreated.get("payload").get("priceCents").asLong()).isEqualTo(1000);
        assertThat(planCreated.get("payload").get("currency").asText()).isEqualToIgnoringCase("usd");
        JsonNode keyCreated = served.stream().filter(event -> event.get("resourceId").asText().equals(keyId))
                .findFirst().orElseThrow();
        assertThat(keyCreated.get("resourceType").asText()).isEqualTo("ApiKey");
        assertThat(keyCreated.get("payload").has("keyHash")).isFalse();
        assertThat(keyCreated.get("payload").get("keyPrefix").asText()).isNotEmpty();
    }

    @Test
    void a_types_filter_serves_only_those_types_and_moves_past_the_others() {
        plan("Filtered");
        customer("Filtered customer");
        long target = storeHead();

        List<JsonNode> served = new ArrayList<>();
        long[] after = {0};
        await().atMost(WAIT).until(() -> {
            JsonNode body = api().get("/v1/events?after=" + after[0] + "&types=PlanCreated,%20CustomerCreated").body();
            body.get("data").forEach(served::add);
            after[0] = body.get("nextAfter").asLong();
            return after[0] >= target;
        });

        assertThat(served).extracting(event -> event.get("type").asText())
                .containsOnly("PlanCreated", "CustomerCreated").contains("PlanCreated", "CustomerCreated");
        assertThat(positions(served)).containsExactlyElementsOf(jdbc.queryForList("SELECT global_index "
                + "FROM domain_event_entry WHERE global_index <= ? AND (payload_type LIKE '%.PlanCreated' "
                + "OR payload_type LIKE '%.CustomerCreated') ORDER BY global_index", Long.class, after[0]));
        assertThat(served).extracting(event -> event.get("resourceType").asText()).containsOnly("Plan", "Customer");
    }

    @Test
    void a_bad_position_limit_or_type_is_a_400_in_the_error_envelope() {
        for (String query : List.of("after=-1", "after=abc", "limit=0", "limit=1001", "limit=x", "types=NoSuchEvent",
                "types=", "types=PlanCreated,", "types=planCreated")) {
            Api.Response response = api().get("/v1/events?" + query);
            assertThat(response.status()).as(query + " → " + response).isEqualTo(400);
            assertThat(response.errorCode()).as(query).isEqualTo("VALIDATION_ERROR");
        }
        assertThat(api().get("/v1/events?limit=1000&after=0").status()).isEqualTo(200);
        assertThat(api().get("/v1/events?limit=1").data().size()).isLessThanOrEqualTo(1);
    }

    private JsonNode verify() {
        Api.Response response = api().get("/v1/audit/verify");
        assertThat(response.status()).as(response.toString()).isEqualTo(200);
        return response.data();
    }

    private long headPosition() {
        return api().get("/v1/audit/head").data().get("position").asLong();
    }

    private void awaitSealedThrough(long position) {
        await().atMost(WAIT).until(() -> headPosition() >= position);
    }

    private String plan(String name) {
        Api.Response created = api().post("/v1/plans", "{\"name\":\"" + name + "\",\"pricingModel\":\"flat_rate\","
                + "\"amountCents\":1000,\"currency\":\"usd\",\"billingInterval\":\"month\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
        return created.data().get("id").asText();
    }

    private void customer(String name) {
        Api.Response created = api().post("/v1/customers", "{\"name\":\"" + name + "\",\"email\":\""
                + UUID.randomUUID() + "@example.com\"}");
        assertThat(created.status()).as(created.toString()).isEqualTo(201);
    }

    private long positionOf(String aggregateId) {
        return jdbc.queryForObject("SELECT min(global_index) FROM domain_event_entry WHERE aggregate_identifier = ?",
                Long.class, aggregateId);
    }

    private String eventIdAt(long position) {
        return jdbc.queryForObject("SELECT event_identifier FROM domain_event_entry WHERE global_index = ?",
                String.class, position);
    }

    private long storeHead() {
        return jdbc.queryForObject("SELECT max(global_index) FROM domain_event_entry", Long.class);
    }

    private long count(String sql, long position) {
        return jdbc.queryForObject(sql, Long.class, position);
    }

    /**
     * What only the owner or a superuser can do: switch the append-only triggers off, change the
     * table, switch them on again — one implicit transaction, so no other session sees them off.
     */
    private void asSuperuserWithoutTriggers(String statement) {
        try (Connection superuser = jdbc.getDataSource().getConnection()) {
            superuser.setAutoCommit(false);
            try (Statement sql = superuser.createStatement()) {
                sql.execute("ALTER TABLE domain_event_entry DISABLE TRIGGER ALL");
                assertThat(sql.executeUpdate(statement)).isEqualTo(1);
                sql.execute("ALTER TABLE domain_event_entry ENABLE ALWAYS TRIGGER domain_event_entry_no_update_or_delete");
                sql.execute("ALTER TABLE domain_event_entry ENABLE ALWAYS TRIGGER domain_event_entry_no_truncate");
                superuser.commit();
            } finally {
                superuser.rollback();
                superuser.setAutoCommit(true);
            }
        } catch (SQLException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * A copy of the first PlanCreated under a new event and aggregate id, at the next identity value
     * or at {@code position}; harmless to the projections (the plan exists already). Its position.
     */
    private static long insertCopyOfAnEvent(Connection connection, Long position) throws SQLException {
        String sql = "INSERT INTO domain_event_entry (" + (position == null ? "" : "global_index, ")
                + "aggregate_identifier, sequence_number, type, event_identifier, meta_data, payload, "
                + "payload_revision, payload_type, time_stamp) SELECT " + (position == null ? "" : "?, ")
                + "'plan_' || gen_random_uuid(), 0, type, 'evt_' || gen_random_uuid(), meta_data, payload, "
                + "payload_revision, payload_type, time_stamp FROM domain_event_entry "
                + "WHERE payload_type LIKE '%.PlanCreated' ORDER BY global_index LIMIT 1 RETURNING global_index";
        try (PreparedStatement insert = connection.prepareStatement(sql)) {
            if (position != null) {
                insert.setLong(1, position);
            }
            try (ResultSet rs = insert.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static List<Long> positions(Iterable<JsonNode> events) {
        List<Long> positions = new ArrayList<>();
        events.forEach(event -> positions.add(event.get("position").asLong()));
        return positions;
    }
}
