package io.billing.ledger.cli;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class ProjectionsCommandTest {

    static final String REPLAY_PATH = "/v1/admin/projections/usage-summaries/replay";
    static final String STARTED = """
            {"data":{"processor":"usage-summaries","status":"replaying","untilPosition":999,"state":"replaying",
             "replayable":true,"position":-1,"head":999,"lag":1000,"lagMs":5000,"deadLetters":0,
             "eventsPerSecond":null,"etaSeconds":null}}""";

    static FakeBillingServer server;

    @BeforeAll
    static void start() throws Exception {
        server = new FakeBillingServer();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    @BeforeEach
    void reset() {
        server.reset();
    }

    CliRun billing(String... args) {
        return CliRun.of(Map.of("BILLING_URL", server.url(), "BILLING_API_KEY", "sk_test_admin"), args);
    }

    static String status(String state, long position, long head, Long rate, Long eta, long deadLetters) {
        return """
                {"data":{"headPosition":%d,"processors":{"invoicing-policy":%d,"usage-summaries":%d},"projections":{
                 "invoicing-policy":{"state":"running","replayable":false,"position":%d,"head":%d,"lag":0,"lagMs":0,
                   "deadLetters":0,"eventsPerSecond":null,"etaSeconds":null},
                 "usage-summaries":{"state":"%s","replayable":true,"position":%d,"head":%d,"lag":%d,"lagMs":0,
                   "deadLetters":%d,"eventsPerSecond":%s,"etaSeconds":%s}}}}""".formatted(head, head, position, head,
                head, state, position, head, head - position, deadLetters, rate, eta);
    }

    @Test
    void list_shows_every_processor_with_its_state_position_and_lag() {
        server.answer("GET", "/v1/admin/projections", 200, status("replaying", 499, 999, 2500L, 1L, 0));

        CliRun run = billing("projections", "list");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(run.out()).contains("Name", "State", "Replayable", "Position", "Head", "Lag", "Events/s", "ETA");
        assertThat(run.out().lines().filter(line -> line.startsWith("usage-summaries")).findFirst()).get()
                .satisfies(line -> assertThat(line.split("\\s+"))
                        .containsExactly("usage-summaries", "replaying", "true", "499", "999", "500", "0", "2500", "1"));
        assertThat(run.out().lines().filter(line -> line.startsWith("invoicing-policy")).findFirst()).get()
                .satisfies(line -> assertThat(line).contains("running", "false"));
    }

    @Test
    void replay_shows_a_progress_bar_and_waits_until_the_projection_reaches_the_head_it_started_against() {
        server.answer("POST", REPLAY_PATH, 202, STARTED);
        server.answerInTurn("GET", "/v1/admin/projections", 200,
                status("replaying", 499, 1_005, 2500L, 1L, 0),
                status("replaying", 899, 1_010, 2500L, 1L, 0),
                status("running", 1_010, 1_010, null, null, 0));

        CliRun run = billing("projections", "replay", "usage-summaries");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.requests().stream().filter(r -> r.method().equals("POST")).count()).isEqualTo(1);
        assertThat(server.requests().stream().filter(r -> r.method().equals("GET")).count()).isEqualTo(3);
        // the library's bar: task name, a percentage and the count out of the events to replay
        assertThat(run.err()).contains("Replaying usage-summaries").contains("100%").contains("1000/1000");
        assertThat(run.out()).contains("Replayed usage-summaries up to position 999 in");
    }

    @Test
    void replay_with_no_wait_starts_it_and_returns_at_once() {
        server.answer("POST", REPLAY_PATH, 202, STARTED);

        CliRun run = billing("projections", "replay", "usage-summaries", "--no-wait");

        assertThat(run.exitCode()).as(run.err()).isZero();
        assertThat(server.onlyRequest().method()).isEqualTo("POST");
        assertThat(run.out()).contains("replaying").contains("999");
    }

    @Test
    void a_failed_replay_or_one_that_parked_events_exits_non_zero() {
        server.answer("POST", REPLAY_PATH, 202, STARTED);
        server.answer("GET", "/v1/admin/projections", 200, status("failed", 120, 999, null, null, 0));

        CliRun failed = billing("projections", "replay", "usage-summaries");

        assertThat(failed.exitCode()).isEqualTo(1);
        assertThat(failed.err()).contains("the replay of usage-summaries is failed at position 120 of 999");

        server.reset();
        server.answer("POST", REPLAY_PATH, 202, STARTED);
        server.answer("GET", "/v1/admin/projections", 200, status("running", 999, 999, null, null, 3));

        CliRun parked = billing("projections", "replay", "usage-summaries");

        assertThat(parked.exitCode()).isEqualTo(1);
        assertThat(parked.err()).contains("parked 3 events");
    }

    @Test
    void the_servers_refusals_are_shown_with_exit_code_1() {
        server.answer("POST", "/v1/admin/projections/invoicing-policy/replay", 409,
                "{\"error\":{\"code\":\"CONFLICT\",\"message\":\"Processor invoicing-policy cannot be replayed: its "
                        + "handlers refuse a reset\"}}");
        server.answer("POST", "/v1/admin/projections/nope/replay", 404,
                "{\"error\":{\"code\":\"NOT_FOUND\",\"message\":\"Projection nope not found\"}}");

        CliRun conflict = billing("projections", "replay", "invoicing-policy");
        CliRun unknown = billing("projections", "replay", "nope");

        assertThat(conflict.exitCode()).isEqualTo(1);
        assertThat(conflict.err()).contains("cannot be replayed");
        assertThat(unknown.exitCode()).isEqualTo(1);
        assertThat(unknown.err()).contains("nope");
    }
}
