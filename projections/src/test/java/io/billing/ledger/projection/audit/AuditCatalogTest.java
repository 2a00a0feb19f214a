package io.billing.ledger.projection.audit;

import io.billing.ledger.api.usage.UsageRecorded;
import org.junit.jupiter.api.Test;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class AuditCatalogTest {

    private static final Pattern ROW = Pattern.compile("(?m)^\\| `(\\w+)` \\| `([a-z_.]+)` \\| `(\\w+)` \\|$");

    @Test
    void docs_audit_md_lists_every_event_type_with_its_action_and_resource_type_in_the_catalogs_order()
            throws Exception {
        String doc = Files.readString(Path.of("..", "docs", "audit.md"));
        List<String> documented = new ArrayList<>();
        Matcher row = ROW.matcher(doc);
        while (row.find()) {
            documented.add(row.group(1) + " " + row.group(2) + " " + row.group(3));
        }
        List<String> catalogued = new ArrayList<>();
        AuditCatalog.kinds().forEach((type, kind) -> catalogued.add(type.getSimpleName() + " " + kind.action() + " "
                + kind.resource().name()));

        assertThat(documented).isEqualTo(catalogued);
    }

    @Test
    void every_action_names_one_event_type_and_starts_with_its_resource() {
        assertThat(new HashSet<>(AuditCatalog.kinds().values().stream().map(AuditCatalog.Kind::action).toList()))
                .hasSize(AuditCatalog.kinds().size());
        assertThat(AuditCatalog.resourceTypes()).containsExactly("Plan", "Customer", "Subscription", "Invoice",
                "Payment", "DunningCase", "ApiKey", "WebhookSubscription", "TestClock", "UsageRecord");
    }

    @Test
    void an_event_type_added_later_is_named_after_its_aggregate_and_its_own_name() {
        record UsageRecordVoided(String id) {
        }
        record InvoiceReopened(String id) {
        }

        assertThat(AuditCatalog.of(InvoiceReopened.class, "InvoiceAggregate").orElseThrow().action())
                .isEqualTo("invoice.invoice_reopened");
        assertThat(AuditCatalog.of(UsageRecordVoided.class, "NoSuchAggregate")).isEmpty();
        assertThat(AuditCatalog.of(UsageRecorded.class, null).orElseThrow().action()).isEqualTo("usage_record.created");
    }
}
