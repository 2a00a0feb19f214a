package io.billing.ledger.server.auditchain;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The canonical bytes and the chain's hashes, against values computed by an independent
 * implementation of docs/audit.md's definition (a few lines of Python with {@code struct} and
 * {@code hashlib}), so that the documented format and the code cannot drift apart unnoticed.
 */
class ChainHashTest {

    private static final EventRow PLAN_CREATED = new EventRow(1, "evt-1", "plan_1", 0, "PlanAggregate",
            "io.billing.ledger.api.plan.PlanCreated", null, "2026-01-01T00:00:00.000Z",
            "{\"planId\":\"plan_1\",\"name\":\"Café\"}".getBytes(StandardCharsets.UTF_8),
            "{\"actor\":\"system:test\"}".getBytes(StandardCharsets.UTF_8));

    /** An event appended without an aggregate (type null), with a revision and no metadata. */
    private static final EventRow USAGE_RECORDED = new EventRow(3, "evt-2", "evt-2", 0, null,
            "io.billing.ledger.api.usage.UsageRecorded", "1", "2026-01-01T00:00:01.000Z",
            "{}".getBytes(StandardCharsets.UTF_8), null);

    @Test
    void canonical_bytes_are_the_length_prefixed_columns_in_the_documented_order() {
        assertThat(HexFormat.of().formatHex(PLAN_CREATED.canonicalBytes())).isEqualTo(
                "0000000000000001" + "00000005" + "6576742d31" + "00000006" + "706c616e5f31" + "0000000000000000"
                        + "0000000d" + "506c616e416767726567617465"
                        + "00000026" + "696f2e62696c6c696e672e6c65646765722e6170692e706c616e2e506c616e43726561746564"
                        + "ffffffff"
                        + "00000018" + "323032362d30312d30315430303a30303a30302e3030305a"
                        + "00000022" + "7b22706c616e4964223a22706c616e5f31222c226e616d65223a22436166c3a9227d"
                        + "00000017" + "7b226163746f72223a2273797374656d3a74657374227d");
        assertThat(HexFormat.of().formatHex(USAGE_RECORDED.canonicalBytes())).isEqualTo(
                "0000000000000003000000056576742d32000000056576742d320000000000000000ffffffff00000029696f2e62696c"
                        + "6c696e672e6c65646765722e6170692e75736167652e55736167655265636f72646564000000013100000018"
                        + "323032362d30312d30315430303a30303a30312e3030305a000000027b7dffffffff");
    }

    @Test
    void each_link_hashes_the_previous_link_and_the_event_starting_from_32_zero_bytes() {
        byte[] first = ChainHash.next(ChainHash.GENESIS, PLAN_CREATED);
        byte[] second = ChainHash.next(first, USAGE_RECORDED);

        assertThat(ChainHash.hex(first)).isEqualTo("5f05f3ebef7d55d82d2a1bbd87aaee33494ca62f1ba719338a1efbe3ebc7f452");
        assertThat(ChainHash.hex(second)).isEqualTo("4f110e5a8da0c14af6b04ed5d89b2002da5dfde824277048b25289f1789f45c1");
    }

    @Test
    void a_null_and_an_empty_column_hash_differently() {
        EventRow emptyRevision = new EventRow(3, "evt-2", "evt-2", 0, null,
                "io.billing.ledger.api.usage.UsageRecorded", "", "2026-01-01T00:00:01.000Z",
                "{}".getBytes(StandardCharsets.UTF_8), null);
        EventRow nullRevision = new EventRow(3, "evt-2", "evt-2", 0, null,
                "io.billing.ledger.api.usage.UsageRecorded", null, "2026-01-01T00:00:01.000Z",
                "{}".getBytes(StandardCharsets.UTF_8), null);

        assertThat(ChainHash.next(ChainHash.GENESIS, emptyRevision))
                .isNotEqualTo(ChainHash.next(ChainHash.GENESIS, nullRevision));
    }
}
