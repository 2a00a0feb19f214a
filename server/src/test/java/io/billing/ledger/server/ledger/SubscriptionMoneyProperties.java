package io.billing.ledger.server.ledger;

import io.billing.ledger.api.money.Money;
import io.billing.ledger.api.money.ProrationLine;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PlanStatus;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.api.subscription.CancelSubscription;
import io.billing.ledger.api.subscription.ChangeSubscriptionPlan;
import io.billing.ledger.api.subscription.CreateSubscription;
import io.billing.ledger.api.subscription.PauseSubscription;
import io.billing.ledger.api.subscription.ProrationBehavior;
import io.billing.ledger.api.subscription.ReactivateSubscription;
import io.billing.ledger.api.subscription.RenewSubscription;
import io.billing.ledger.api.subscription.ResumeSubscription;
import io.billing.ledger.api.subscription.SubscriptionCanceled;
import io.billing.ledger.api.subscription.SubscriptionCreated;
import io.billing.ledger.api.subscription.SubscriptionPaused;
import io.billing.ledger.api.subscription.SubscriptionPlanChanged;
import io.billing.ledger.api.subscription.SubscriptionQuantityChanged;
import io.billing.ledger.api.subscription.SubscriptionReactivated;
import io.billing.ledger.api.subscription.SubscriptionRenewed;
import io.billing.ledger.api.subscription.SubscriptionResumed;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import io.billing.ledger.api.subscription.TrialEnded;
import io.billing.ledger.command.lookup.CustomerAccount;
import io.billing.ledger.command.lookup.CustomerAccounts;
import io.billing.ledger.command.lookup.PlanTerms;
import io.billing.ledger.command.lookup.PlanTermsSource;
import io.billing.ledger.command.lookup.SubscriptionClocks;
import io.billing.ledger.command.lookup.SubscriptionSlots;
import io.billing.ledger.command.subscription.SubscriptionAggregate;
import io.billing.ledger.server.ledger.LedgerModel.Kind;
import io.billing.ledger.server.ledger.LedgerModel.Plan;
import io.billing.ledger.server.ledger.LedgerModel.Step;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.lifecycle.AfterContainer;
import net.jqwik.api.lifecycle.BeforeContainer;
import net.jqwik.api.statistics.Statistics;
import org.axonframework.common.caching.WeakReferenceCache;
import org.axonframework.config.AggregateConfigurer;
import org.axonframework.config.Configuration;
import org.axonframework.config.DefaultConfigurer;
import org.axonframework.eventsourcing.eventstore.inmemory.InMemoryEventStorageEngine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The money rules of docs/billing-math.md at the aggregate, fast: whole histories driven through
 * {@link SubscriptionAggregate} on an in-memory Axon event store (no Spring, no database), a thousand
 * per run (about 5 s), against {@link LedgerModel}, which knows no production class. The invoices are
 * read off the events as docs/invoicing.md's table says invoicing makes them (usage, which the
 * aggregate does not count, is left to {@code LedgerEndToEndProperties}). For every history:
 * <ul>
 *   <li>every credit line is at most what was charged for its time;</li>
 *   <li>the invoices are the model's, line by line, in order (each period fee once);</li>
 *   <li>every proration line is invoiced exactly once: an event that invoices pending lines names
 *       exactly the lines pending then, and none is left pending once the history settles;</li>
 *   <li>everything invoiced equals the per-second model within half a minor unit per line;</li>
 *   <li>an interval switch with {@code none} is refused (it left the new calendar's first period
 *       uncharged).</li>
 * </ul>
 */
class SubscriptionMoneyProperties {

    private static final String CUSTOMER = "cust_00000000-0000-0000-0000-00000000000c";
    private static Configuration axon;
    private static final AtomicReference<Instant> NOW = new AtomicReference<>();
    private static final Map<String, PlanTerms> PLAN_TERMS = new HashMap<>();
    /** The events of the command being handled, as the store publishes them. */
    private static final List<Object> PUBLISHED = new ArrayList<>();

    @BeforeContainer
    static void startAxon() {
        System.setProperty("axoniq.update-checker.disabled", "true");
        for (Plan plan : LedgerHistories.PLANS) {
            PLAN_TERMS.put(planId(plan), new PlanTerms(planId(plan), PlanStatus.ACTIVE,
                    plan.perUnit() ? PricingModel.PER_UNIT : PricingModel.FLAT_RATE, Money.of(plan.price(), "usd"),
                    plan.yearly() ? BillingInterval.YEAR : BillingInterval.MONTH, plan.trialDays()));
        }
        axon = DefaultConfigurer.defaultConfiguration()
                .configureEmbeddedEventStore(config -> new InMemoryEventStorageEngine())
                // cached: the in-memory store reads an aggregate by scanning every event it holds
                .configureAggregate(AggregateConfigurer.defaultConfiguration(SubscriptionAggregate.class)
                        .configureCache(config -> new WeakReferenceCache()))
                .registerComponent(PlanTermsSource.class, config -> id -> Optional.ofNullable(PLAN_TERMS.get(id)))
                .registerComponent(CustomerAccounts.class, config -> id -> Optional.of(new CustomerAccount(id, null)))
                .registerComponent(SubscriptionClocks.class, config -> clock -> NOW.get())
                .registerComponent(SubscriptionSlots.class, config -> new SubscriptionSlots() {
                    @Override
                    public boolean holdsPlan(String customerId, String planId) {
                        return false; // one subscription per history
                    }

                    @Override
                    public Set<String> currenciesOf(String customerId) {
                        return Set.of();
                    }
                })
                .buildConfiguration();
        axon.start();
        axon.eventStore().subscribe(messages -> messages.forEach(message -> PUBLISHED.add(message.getPayload())));
    }

    @AfterContainer
    static void stopAxon() {
        if (axon != null) {
            axon.shutdown();
        }
    }

    static String planId(Plan plan) {
        return "plan_" + UUID.nameUUIDFromBytes(plan.name().getBytes());
    }

    @Provide
    Arbitrary<List<Step>> histories() {
        return LedgerHistories.histories(8, 80 * 24);
    }

    @Provide
    Arbitrary<Plan> startPlans() {
        return LedgerHistories.startPlans();
    }

    @Provide
    Arbitrary<Integer> anchorDays() {
        return LedgerHistories.anchorDays();
    }

    @Provide
    Arbitrary<Instant> starts() {
        return LedgerHistories.starts();
    }

    @Property(tries = 1000)
    void every_history_charges_what_the_per_second_model_charged(@ForAll("histories") List<Step> steps,
                                                                @ForAll("startPlans") Plan startPlan,
                                                                @ForAll("anchorDays") int anchorDay,
                                                                @ForAll("starts") Instant start,
                                                                @ForAll @IntRange(min = 1, max = 3) int quantity) {
        String sub = "sub_" + UUID.randomUUID();
        Run run = new Run(sub);
        NOW.set(start);
        LedgerModel model = new LedgerModel(start, startPlan, anchorDay, quantity);
        List<String> applied = new ArrayList<>();
        applied.add("start " + start + " on " + startPlan + " x" + quantity + (anchorDay > 0 ? " anchor " + anchorDay : ""));
        run.send(new CreateSubscription(sub, CUSTOMER, planId(startPlan), anchorDay > 0 ? anchorDay : null, quantity,
                Map.of()), applied);
        boolean shortFirst = model.calendar != null
                && model.period.seconds() < model.calendar.after(start).getEpochSecond()
                - model.calendar.atOrBefore(start).getEpochSecond();
        List<String> shape = new ArrayList<>();
        Instant clock = start;
        Instant lastApplied = null;
        for (Step step : steps) {
            Instant when = step.atThePreviousInstant() ? clock
                    : Stream.of(clock, start.plusSeconds(step.offsetHours() * LedgerModel.HOUR)).max(Instant::compareTo)
                    .get();
            if (when.isAfter(clock)) {
                run.advanceTo(when, applied);
                model.advanceTo(when);
                clock = when;
            }
            if (model.refusesAsFreePeriod(step)) {
                applied.add(step + " at " + when + " (must be refused)");
                assertThat(run.refuses(command(step, model))).as("an interval switch with none in %s", applied)
                        .isTrue();
                continue;
            }
            if (!model.accepts(step, when)) {
                continue;
            }
            applied.add(step + " at " + when);
            shape.add(step.kind() + (step.kind() == Kind.CANCEL && step.prorate() ? "+credit" : "")
                    + (when.equals(lastApplied) && step.kind() != Kind.USAGE ? "@same" : "")
                    + (model.switchesInterval(step) ? "+interval" : "")
                    + (step.plan() != null && step.plan().perUnit() ? "+metered" : ""));
            lastApplied = step.kind() == Kind.USAGE ? lastApplied : when;
            if (step.kind() != Kind.USAGE) { // usage goes past the aggregate (the server property counts it)
                run.send(command(step, model), applied);
            }
            model.apply(step, when);
        }
        if (model.status == LedgerModel.Status.PAUSED) {
            applied.add("settle: resume at " + clock);
            run.send(new ResumeSubscription(sub), applied);
            model.apply(Step.of(Kind.RESUME, 0), clock);
        }
        Instant settle = model.settlesAt(clock);
        if (settle.isAfter(clock)) {
            applied.add("settle at " + settle);
            run.advanceTo(settle, applied);
            model.advanceTo(settle);
        }
        String ran = String.join(" ", shape);
        Statistics.label("short first period").collect(shortFirst);
        Statistics.label("trial").collect(startPlan.trialDays() > 0);
        Statistics.label("explicit anchor").collect(anchorDay > 0);
        Statistics.label("start on the 29th-31st").collect(
                start.atZone(java.time.ZoneOffset.UTC).getDayOfMonth() > 28);
        Statistics.label("interval switch").collect(ran.contains("+interval"));
        Statistics.label("changes at one instant").collect(ran.matches(".*(CHANGE|QUANTITY)\\S* (CHANGE|QUANTITY)\\S*@same.*"));
        Statistics.label("quantity change").collect(ran.contains("QUANTITY"));
        Statistics.label("cancel, reactivate, cancel").collect(ran.matches(".*CANCEL\\S* REACTIVATE\\S* CANCEL.*"));
        Statistics.label("cancel with credit, reactivate, change")
                .collect(ran.matches(".*CANCEL\\+credit\\S* REACTIVATE\\S* (CHANGE|QUANTITY).*"));
        Statistics.label("pause, resume").collect(ran.matches(".*PAUSE\\S* .*RESUME.*"));
        Statistics.label("metered").collect(startPlan.perUnit() || ran.contains("+metered"));

        String context = "history " + applied + "\n events' invoices " + run.invoices + "\n model's " + model.invoices;
        // every credit is at most what was charged for its time
        for (List<ProrationLine> invoice : run.invoices) {
            for (ProrationLine line : invoice) {
                if (line.type() == ProrationLine.LineType.PRORATION_CREDIT) {
                    String time = line.period().start() + "/" + line.period().end();
                    assertThat(-line.amount().amount()).as("credit for %s; %s", time, context)
                            .isLessThanOrEqualTo(model.chargedFor.getOrDefault(time, 0L));
                }
            }
        }
        // exactly the model's invoices, line by line, in order
        List<List<String>> fromEvents = run.invoices.stream().map(SubscriptionMoneyProperties::texts)
                .filter(texts -> !texts.isEmpty()).toList();
        List<List<String>> expected = model.invoices.stream().map(LedgerModel.Invoice::withoutUsage)
                .filter(texts -> !texts.isEmpty()).toList();
        assertThat(fromEvents).as(context).isEqualTo(expected);
        // each period's fee once
        Set<String> feePeriods = new HashSet<>();
        run.invoices.stream().flatMap(List::stream).filter(line -> line.type() == ProrationLine.LineType.PLAN_CHARGE)
                .forEach(line -> assertThat(feePeriods.add(line.period().toString()))
                        .as("fee for %s twice; %s", line.period(), context).isTrue());
        // every proration line invoiced once: nothing left pending
        assertThat(run.pending).as("still pending; %s", context).isEmpty();
        assertThat(model.pending).as(context).isEmpty();
        // the total against the per-second model
        long invoiced = run.invoices.stream().flatMap(List::stream).mapToLong(line -> line.amount().amount()).sum();
        long lines = run.invoices.stream().mapToLong(List::size).sum();
        long perSecond = model.perSecondTotal();
        assertThat(Math.abs(invoiced - perSecond)).as("invoiced %d, per-second model %d; %s", invoiced, perSecond,
                context).isLessThanOrEqualTo((lines + 1) / 2);
    }

    private static List<String> texts(List<ProrationLine> invoice) {
        return invoice.stream().map(line -> line.type().wire() + " " + line.amount().amount() + " "
                + line.period().start() + "/" + line.period().end()).sorted().toList();
    }

    private static Object command(Step step, LedgerModel model) {
        String sub = RUN_SUB.get();
        return switch (step.kind()) {
            case CHANGE -> new ChangeSubscriptionPlan(sub, planId(step.plan()), null, behaviour(step));
            case QUANTITY -> new ChangeSubscriptionPlan(sub, planId(model.plan), step.amount(), behaviour(step));
            case CANCEL -> new CancelSubscription(sub, false, step.prorate());
            case REACTIVATE -> new ReactivateSubscription(sub);
            case PAUSE -> new PauseSubscription(sub);
            case RESUME -> new ResumeSubscription(sub);
            case USAGE -> throw new IllegalArgumentException("usage is not a subscription command");
        };
    }

    private static ProrationBehavior behaviour(Step step) {
        return ProrationBehavior.valueOf(step.behaviour().toUpperCase());
    }

    private static final ThreadLocal<String> RUN_SUB = new ThreadLocal<>();

    /**
     * One subscription on the in-memory store: sends commands, plays the scheduler (a renewal at every
     * period end it reaches) and reads the invoices off the new events as docs/invoicing.md says.
     */
    private static final class Run {

        final String sub;
        boolean flat;
        SubscriptionStatus status;
        Instant periodEnd;
        io.billing.ledger.api.money.BillingPeriod period;
        final List<ProrationLine> pending = new ArrayList<>();
        final List<List<ProrationLine>> invoices = new ArrayList<>();

        Run(String sub) {
            this.sub = sub;
            RUN_SUB.set(sub);
        }

        void send(Object command, List<String> applied) {
            PUBLISHED.clear();
            axon.commandGateway().sendAndWait(command);
            List.copyOf(PUBLISHED).forEach(event -> on(event, applied));
        }

        boolean refuses(Object command) {
            try {
                axon.commandGateway().sendAndWait(command);
                return false;
            } catch (RuntimeException refused) {
                return true;
            }
        }

        void advanceTo(Instant instant, List<String> applied) {
            while ((status == SubscriptionStatus.ACTIVE || status == SubscriptionStatus.TRIALING)
                    && !periodEnd.isAfter(instant)) {
                Instant end = periodEnd;
                NOW.set(end);
                send(new RenewSubscription(sub, end), applied);
                assertThat(periodEnd).as("renewed at %s in %s", end, applied).isNotEqualTo(end);
            }
            NOW.set(instant);
        }

        private void on(Object event, List<String> applied) {
            if (event instanceof SubscriptionCreated e) {
                flat = e.pricingModel() == PricingModel.FLAT_RATE;
                status = e.status();
                moveTo(e.currentPeriod());
                if (status == SubscriptionStatus.ACTIVE && flat) {
                    invoice(List.of(fee(e.periodFee(), e.currentPeriod())));
                }
            } else if (event instanceof TrialEnded e) {
                status = SubscriptionStatus.ACTIVE;
                moveTo(e.firstPeriod());
                if (flat) {
                    invoice(List.of(fee(e.periodFee(), e.firstPeriod())));
                }
            } else if (event instanceof SubscriptionRenewed e) {
                moveTo(e.newPeriod());
                List<ProrationLine> lines = new ArrayList<>();
                if (flat) {
                    lines.add(fee(e.periodFee(), e.newPeriod()));
                }
                lines.addAll(takePending(e.invoicedProrations(), applied));
                invoice(lines);
            } else if (event instanceof SubscriptionPlanChanged e) {
                flat = e.pricingModel() == PricingModel.FLAT_RATE;
                moveTo(e.currentPeriod());
                prorations(e.prorationBehavior(), e.prorationLines(), e.invoicedProrations(), applied);
            } else if (event instanceof SubscriptionQuantityChanged e) {
                prorations(e.prorationBehavior(), e.prorationLines(), e.invoicedProrations(), applied);
            } else if (event instanceof SubscriptionCanceled e) {
                status = SubscriptionStatus.CANCELED;
                List<ProrationLine> lines = new ArrayList<>(e.prorationLines());
                lines.addAll(takePending(e.invoicedProrations(), applied));
                invoice(lines);
            } else if (event instanceof SubscriptionReactivated) {
                status = SubscriptionStatus.ACTIVE;
            } else if (event instanceof SubscriptionPaused) {
                status = SubscriptionStatus.PAUSED;
            } else if (event instanceof SubscriptionResumed e) {
                status = SubscriptionStatus.ACTIVE;
                boolean newPeriod = !e.currentPeriod().equals(period);
                moveTo(e.currentPeriod());
                if (newPeriod && flat) {
                    invoice(List.of(fee(e.periodFee(), e.currentPeriod())));
                }
            }
        }

        private void moveTo(io.billing.ledger.api.money.BillingPeriod to) {
            period = to;
            periodEnd = to.end();
        }

        private void prorations(ProrationBehavior behaviour, List<ProrationLine> lines, List<ProrationLine> invoiced,
                                List<String> applied) {
            switch (behaviour) {
                case ALWAYS_INVOICE -> {
                    if (!lines.isEmpty()) {
                        List<ProrationLine> all = new ArrayList<>(lines);
                        all.addAll(takePending(invoiced, applied));
                        invoice(all);
                    } else {
                        assertThat(invoiced).as("an invoiced change without lines takes nothing; %s", applied)
                                .isEmpty();
                    }
                }
                case CREATE_PRORATIONS -> pending.addAll(lines);
                case NONE -> assertThat(lines).as("a change with none records no lines; %s", applied).isEmpty();
            }
        }

        /** The event names the lines it invoices: exactly those pending now, each once. */
        private List<ProrationLine> takePending(List<ProrationLine> invoiced, List<String> applied) {
            assertThat(invoiced).as("the lines an event invoices are those pending; %s", applied)
                    .containsExactlyInAnyOrderElementsOf(pending);
            pending.clear();
            return invoiced;
        }

        private void invoice(List<ProrationLine> lines) {
            if (!lines.isEmpty()) {
                invoices.add(List.copyOf(lines));
            }
        }

        private static ProrationLine fee(Money fee, io.billing.ledger.api.money.BillingPeriod period) {
            return new ProrationLine(ProrationLine.LineType.PLAN_CHARGE, "fee", fee, 1, period);
        }
    }
}
