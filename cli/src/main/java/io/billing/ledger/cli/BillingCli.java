package io.billing.ledger.cli;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.invoice.InvoiceStatus;
import io.billing.ledger.api.metrics.MetricsInterval;
import io.billing.ledger.api.plan.BillingInterval;
import io.billing.ledger.api.plan.PlanStatus;
import io.billing.ledger.api.plan.PricingModel;
import io.billing.ledger.api.subscription.ProrationBehavior;
import io.billing.ledger.api.subscription.SubscriptionStatus;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

import java.io.PrintWriter;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.Locale;
import java.util.function.Function;
import java.util.stream.Collectors;
import java.net.URI;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.Callable;

/**
 * {@code billing}: the operator's command line over the server's REST API. It holds the global
 * options and the exit-code policy; each resource's commands live in their own class.
 */
@Command(name = "billing",
        mixinStandardHelpOptions = true,
        version = "billing 0.1.0",
        description = "Administer a billing-ledger server over its REST API.",
        subcommands = {HealthCommand.class, PlansCommand.class, CustomersCommand.class, SubscriptionsCommand.class,
                UsageCommand.class, InvoicesCommand.class, PaymentsCommand.class, DunningCommand.class, TestClocksCommand.class,
                ApiKeysCommand.class, WebhooksCommand.class, MetricsCommand.class, AuditCommand.class,
                EventsCommand.class, ProjectionsCommand.class,
                CompletionCommand.class, CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success",
                "  1  the server answered with an error (details on stderr), a --wait timed out, a projection replay "
                        + "failed or parked events, or a refund, "
                        + "webhook delete, secret rotation, dunning retry-now or resolve was not confirmed",
                "  2  invalid usage (a refund, webhook delete, secret rotation, dunning retry-now or resolve without "
                        + "--yes where there is no terminal to confirm it on, too)",
                "  3  the server could not be reached"})
public final class BillingCli implements Callable<Integer> {

    static final int EXIT_API_ERROR = 1;
    static final int EXIT_UNREACHABLE = 3;
    static final String DEFAULT_URL = "http://localhost:3000";

    // INHERIT so that both `billing --json plans list` and `billing plans list --json` work.
    @Option(names = "--url", paramLabel = "URL", scope = ScopeType.INHERIT,
            description = "Server base URL. Default: $BILLING_URL, else " + DEFAULT_URL)
    String url;

    @Option(names = "--api-key", paramLabel = "KEY", scope = ScopeType.INHERIT,
            description = "API key, sent as a Bearer token. Default: $BILLING_API_KEY")
    String apiKey;

    @Option(names = "--format", paramLabel = "FORMAT", scope = ScopeType.INHERIT,
            description = "table (default) or json: the raw JSON data, and errors as the server's JSON envelope "
                    + "on stderr; chart draws the metrics commands' figures (a table elsewhere).")
    Output.Format format;

    @Option(names = "--json", scope = ScopeType.INHERIT, description = "The same as --format json.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final Prompt prompt;
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public BillingCli(Map<String, String> env) {
        this(env, Prompt.console());
    }

    BillingCli(Map<String, String> env, Prompt prompt) {
        this.env = Map.copyOf(env);
        this.prompt = prompt;
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The fully wired command line; tests pass their own environment and output writers. */
    public static CommandLine commandLine(Map<String, String> env) {
        return commandLine(env, Prompt.console());
    }

    /** The same, with the terminal that answers confirmations (a scripted one in tests). */
    static CommandLine commandLine(Map<String, String> env, Prompt prompt) {
        CommandLine commandLine = new CommandLine(new BillingCli(env, prompt));
        // The wire names (flat_rate, billing:read) are what operators read in the API docs, so accept those.
        commandLine.registerConverter(PricingModel.class,
                wireValue(PricingModel.values(), PricingModel::wire, PricingModel::fromWire));
        commandLine.registerConverter(BillingInterval.class,
                wireValue(BillingInterval.values(), BillingInterval::wire, BillingInterval::fromWire));
        commandLine.registerConverter(PlanStatus.class,
                wireValue(PlanStatus.values(), PlanStatus::wire, PlanStatus::fromWire));
        commandLine.registerConverter(ApiKeyScope.class,
                wireValue(ApiKeyScope.values(), ApiKeyScope::wire, ApiKeyScope::fromWire));
        commandLine.registerConverter(SubscriptionStatus.class,
                wireValue(SubscriptionStatus.values(), SubscriptionStatus::wire, SubscriptionStatus::fromWire));
        commandLine.registerConverter(ProrationBehavior.class,
                wireValue(ProrationBehavior.values(), ProrationBehavior::wire, ProrationBehavior::fromWire));
        commandLine.registerConverter(InvoiceStatus.class,
                wireValue(InvoiceStatus.values(), InvoiceStatus::wire, InvoiceStatus::fromWire));
        commandLine.registerConverter(PaymentsCommand.Status.class,
                wireValue(PaymentsCommand.Status.values(), PaymentsCommand.Status::wire,
                        PaymentsCommand.Status::fromWire));
        commandLine.registerConverter(PaymentsCommand.RefundReason.class,
                wireValue(PaymentsCommand.RefundReason.values(), PaymentsCommand.RefundReason::wire,
                        PaymentsCommand.RefundReason::fromWire));
        commandLine.registerConverter(DunningCommand.Status.class,
                wireValue(DunningCommand.Status.values(), DunningCommand.Status::wire, DunningCommand.Status::fromWire));
        commandLine.registerConverter(WebhooksCommand.DeliveryStatus.class,
                wireValue(WebhooksCommand.DeliveryStatus.values(), WebhooksCommand.DeliveryStatus::wire,
                        WebhooksCommand.DeliveryStatus::fromWire));
        commandLine.registerConverter(MetricsInterval.class,
                wireValue(MetricsInterval.values(), MetricsInterval::wire, MetricsInterval::fromWire));
        commandLine.registerConverter(Output.Format.class,
                wireValue(Output.Format.values(), f -> f.name().toLowerCase(Locale.ROOT), Output.Format::fromWire));
        commandLine.registerConverter(Instant.class, BillingCli::instant);
        commandLine.setExecutionExceptionHandler(BillingCli::handleExecutionException);
        commandLine.setParameterExceptionHandler(BillingCli::handleParameterException);
        // Wide enough that the default URL in the option help is not broken across lines.
        commandLine.setUsageHelpWidth(110);
        return commandLine;
    }

    /**
     * Converts the wire name of a value (flat_rate, billing:read) and, when it is not one, says which
     * values exist — rather than picocli's default, which names the Java class and exception.
     */
    static <T> CommandLine.ITypeConverter<T> wireValue(T[] values, Function<T, String> wire,
                                                      Function<String, T> fromWire) {
        return text -> {
            try {
                return fromWire.apply(text);
            } catch (RuntimeException unknown) {
                throw new CommandLine.TypeConversionException("'" + text + "' is not one of "
                        + Arrays.stream(values).map(wire).collect(Collectors.joining(", ")));
            }
        };
    }

    private static Instant instant(String text) {
        try {
            return Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new CommandLine.TypeConversionException("'" + text
                    + "' is not an ISO-8601 instant such as 2026-01-15T10:00:00Z");
        }
    }

    @Override
    public Integer call() {
        return usage(spec);
    }

    /** A bare command group (e.g. {@code billing plans}) is a usage error, but the usage is the useful answer. */
    static int usage(CommandSpec group) {
        group.commandLine().usage(group.commandLine().getErr());
        return group.exitCodeOnInvalidInput();
    }

    ApiClient client() {
        String key = apiKey != null ? apiKey : env.get("BILLING_API_KEY");
        if (key == null || key.isBlank()) {
            throw new ParameterException(spec.commandLine(),
                    "No API key: pass --api-key or set the BILLING_API_KEY environment variable");
        }
        return new ApiClient(baseUrl(), key.strip(), mapper);
    }

    /** For the endpoints that need no key (health); a key, if configured, is still sent. */
    ApiClient clientWithoutKeyCheck() {
        String key = apiKey != null ? apiKey : env.get("BILLING_API_KEY");
        return new ApiClient(baseUrl(), key == null || key.isBlank() ? null : key.strip(), mapper);
    }

    private URI baseUrl() {
        String value = url != null ? url : env.getOrDefault("BILLING_URL", DEFAULT_URL);
        try {
            URI uri = URI.create(value.strip());
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalArgumentException("not an http(s) URL");
            }
            return uri;
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "Invalid server URL '" + value + "': expected "
                    + "something like " + DEFAULT_URL);
        }
    }

    /** How results and errors are printed for this invocation ({@code --format}, or its synonym {@code --json}). */
    Output output() {
        Output.Format chosen = format != null ? format : json ? Output.Format.JSON : Output.Format.TABLE;
        return new Output(chosen, out(), err(), mapper);
    }

    boolean json() {
        return output().json();
    }

    Prompt prompt() {
        return prompt;
    }

    ObjectMapper mapper() {
        return mapper;
    }

    PrintWriter out() {
        return spec.commandLine().getOut();
    }

    PrintWriter err() {
        return spec.commandLine().getErr();
    }

    private static int handleParameterException(ParameterException exception, String[] args) {
        CommandLine command = innermostCommand(exception.getCommandLine());
        Output output = rootOf(command).output();
        if (output.json()) {
            output.failure("USAGE_ERROR", exception.getMessage());
            return command.getCommandSpec().exitCodeOnInvalidInput();
        }
        PrintWriter err = command.getErr();
        err.println("error: " + exception.getMessage());
        CommandLine.UnmatchedArgumentException.printSuggestions(exception, err);
        err.printf("Try '%s --help' for more information.%n", command.getCommandSpec().qualifiedName());
        err.flush();
        return command.getCommandSpec().exitCodeOnInvalidInput();
    }

    /**
     * Checks made while running (missing API key, bad URL) are raised against the root command;
     * point the "Try --help" hint at the subcommand the user actually ran.
     */
    private static CommandLine innermostCommand(CommandLine raisedBy) {
        CommandLine.ParseResult result = raisedBy.getParseResult();
        if (result == null) {
            return raisedBy;
        }
        while (result.hasSubcommand()) {
            result = result.subcommand();
        }
        return result.commandSpec().commandLine();
    }

    private static int handleExecutionException(Exception exception, CommandLine commandLine,
                                                CommandLine.ParseResult parseResult) throws Exception {
        Output output = rootOf(commandLine).output();
        if (exception instanceof ApiException apiException) {
            output.error(apiException);
            return EXIT_API_ERROR;
        }
        if (exception instanceof ServerUnreachableException) {
            output.failure("SERVER_UNREACHABLE", exception.getMessage());
            return EXIT_UNREACHABLE;
        }
        throw exception;
    }

    private static BillingCli rootOf(CommandLine commandLine) {
        CommandLine root = commandLine;
        while (root.getParent() != null) {
            root = root.getParent();
        }
        return root.getCommand();
    }
}
