package io.billing.ledger.command.usage;

import com.fasterxml.jackson.databind.JsonNode;
import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.apikey.RequiresScope;
import io.billing.ledger.api.common.DataEnvelope;
import io.billing.ledger.api.common.Ids;
import io.billing.ledger.api.common.ListEnvelope;
import io.billing.ledger.api.common.PageRequest;
import io.billing.ledger.api.error.ConflictException;
import io.billing.ledger.api.error.InvalidRequestException;
import io.billing.ledger.api.error.NotFoundException;
import io.billing.ledger.api.usage.UsageRecordView;
import io.billing.ledger.api.usage.VoidUsageRecord;
import io.billing.ledger.command.web.RequestAttributes;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.tags.Tag;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.Pattern;
import org.axonframework.commandhandling.gateway.CommandGateway;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

@RestController
@RequestMapping("/v1/usage")
@Tag(name = "Usage")
@RequiresScope(ApiKeyScope.WRITE)
public class UsageController {

    static final String REPLAYED = "Idempotent-Replayed";

    private final UsageIngestion ingestion;
    private final UsageRecordParser parser;
    private final UsageLedger ledger;
    private final CommandGateway commands;

    public UsageController(UsageIngestion ingestion, UsageRecordParser parser, UsageLedger ledger,
                           CommandGateway commands) {
        this.ingestion = ingestion;
        this.parser = parser;
        this.ledger = ledger;
        this.commands = commands;
    }

    /**
     * Read from the usage ledger itself, which is written in the transaction of each record's
     * event: a record just accepted or voided is listed as it is, never behind.
     */
    @GetMapping
    @RequiresScope(ApiKeyScope.READ)
    @Operation(summary = "List a subscription's usage records, newest first; voided ones with status voided and "
            + "voidedAt", description = "periodStart (an ISO-8601 instant) narrows the list to one billing period.")
    public ListEnvelope<UsageRecordView> list(
            @RequestParam @Pattern(regexp = Ids.SUBSCRIPTION_ID) String subscriptionId,
            @Parameter(description = "Start of the period, an ISO-8601 instant, e.g. 2026-01-15T10:00:00Z")
            @RequestParam(required = false) Instant periodStart,
            @RequestParam(defaultValue = "1") @Min(1) int page,
            @RequestParam(defaultValue = "20") @Min(1) @Max(100) int pageSize) {
        return ListEnvelope.of(ledger.list(subscriptionId, periodStart, new PageRequest(page, pageSize)));
    }

    @PostMapping("/{usageId}/void")
    @Operation(summary = "Void a usage record recorded by mistake, while its period is open: it stays listed "
            + "(status voided) and no longer counts in the summary or the period's invoice",
            description = "409 when the record's period is closed (its invoice was finalized: correct it with a "
                    + "credit note) or the record is already voided; 404 for an unknown record.")
    public DataEnvelope<UsageRecordView> voidRecord(
            @PathVariable @Pattern(regexp = Ids.EVENT_ID) String usageId,
            @Valid @RequestBody(required = false) VoidUsageRequest request) {
        UsageRecordView voided = commands.sendAndWait(
                new VoidUsageRecord(usageId, request == null ? null : request.reason()));
        return DataEnvelope.of(voided);
    }

    @PostMapping
    @Operation(summary = "Record usage of a per-unit subscription: 201 when new, 200 with the original record "
            + "(and Idempotent-Replayed: true) when the idempotency key was seen before")
    public ResponseEntity<DataEnvelope<UsageRecordView>> record(@Valid @RequestBody UsageInput input,
                                                               HttpServletRequest request) {
        UsageOutcome outcome = ingestion.ingest(List.of(input), metadataOf(request)).get(0);
        return switch (outcome.status()) {
            case CREATED -> ResponseEntity.status(HttpStatus.CREATED).body(DataEnvelope.of(outcome.record()));
            case DUPLICATE -> ResponseEntity.ok().header(REPLAYED, "true").body(DataEnvelope.of(outcome.record()));
            case INVALID -> throw refusal(outcome.error());
        };
    }

    @PostMapping("/batch")
    @Operation(summary = "Record up to 1,000 usage records in one transaction; each record's outcome "
            + "(created, duplicate or invalid) is reported at its index. All-or-nothing on a database failure.")
    public DataEnvelope<List<UsageBatchResult>> recordBatch(@Valid @RequestBody UsageBatchRequest batch,
                                                            HttpServletRequest request) {
        List<JsonNode> nodes = batch.records();
        UsageBatchResult[] results = new UsageBatchResult[nodes.size()];
        List<UsageInput> valid = new ArrayList<>();
        List<Integer> validIndexes = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Object parsed = parser.parse(nodes.get(i));
            if (parsed instanceof UsageInput input) {
                valid.add(input);
                validIndexes.add(i);
            } else {
                results[i] = invalid(i, (UsageError) parsed);
            }
        }
        List<UsageOutcome> outcomes = valid.isEmpty() ? List.of() : ingestion.ingest(valid, metadataOf(request));
        for (int j = 0; j < outcomes.size(); j++) {
            int index = validIndexes.get(j);
            UsageOutcome outcome = outcomes.get(j);
            results[index] = switch (outcome.status()) {
                case CREATED -> new UsageBatchResult(index, "created", outcome.record(), null);
                case DUPLICATE -> new UsageBatchResult(index, "duplicate", outcome.record(), null);
                case INVALID -> invalid(index, outcome.error());
            };
        }
        return DataEnvelope.of(List.of(results));
    }

    /** The actor and request id for the events: usage is recorded without a command to carry them. */
    private static Map<String, Object> metadataOf(HttpServletRequest request) {
        Map<String, Object> metadata = new HashMap<>();
        Object actor = request.getAttribute(RequestAttributes.ACTOR);
        Object requestId = request.getAttribute(RequestAttributes.REQUEST_ID);
        metadata.put("actor", actor != null ? actor : "anonymous");
        if (requestId != null) {
            metadata.put("requestId", requestId);
        }
        return metadata;
    }

    private static UsageBatchResult invalid(int index, UsageError error) {
        return new UsageBatchResult(index, "invalid", null,
                new UsageBatchResult.Error(error.code(), error.field(), error.message()));
    }

    private static RuntimeException refusal(UsageError error) {
        return switch (error.status()) {
            case 404 -> new NotFoundException(error.message());
            case 409 -> new ConflictException(error.message(), error.currentStatus(), List.of());
            default -> new InvalidRequestException(error.field(), "invalid", error.message());
        };
    }
}
