package io.billing.ledger.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import io.billing.ledger.api.apikey.ApiKeyScope;
import io.billing.ledger.api.common.ErrorEnvelope;
import io.billing.ledger.api.invoice.InvoiceStatus;
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
                UsageCommand.class, InvoicesCommand.class, TestClocksCommand.class, ApiKeysCommand.class,
                CommandLine.HelpCommand.class},
        footerHeading = "%nExit codes:%n",
        footer = {"  0  success",
                "  1  the server answered with an error (details on stderr), or a --wait timed out",
                "  2  invalid usage",
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

    @Option(names = "--json", scope = ScopeType.INHERIT,
            description = "Print the raw JSON data instead of a table.")
    boolean json;

    @Spec
    CommandSpec spec;

    private final Map<String, String> env;
    private final ObjectMapper mapper = new ObjectMapper()
            .registerModule(new JavaTimeModule())
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES)
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS);

    public BillingCli(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    public static void main(String[] args) {
        System.exit(commandLine(System.getenv()).execute(args));
    }

    /** The fully wired command line; tests pass their own environment and output writers. */
    public static CommandLine commandLine(Map<String, String> env) {
        CommandLine commandLine = new CommandLine(new BillingCli(env));
        // The wire names (flat_rate, billing:read) are what operators read in the API docs, so accept those.
        commandLine.registerConverter(PricingModel.class, PricingModel::fromWire);
        commandLine.registerConverter(BillingInterval.class, BillingInterval::fromWire);
        commandLine.registerConverter(PlanStatus.class, PlanStatus::fromWire);
        commandLine.registerConverter(ApiKeyScope.class, ApiKeyScope::fromWire);
        commandLine.registerConverter(SubscriptionStatus.class, SubscriptionStatus::fromWire);
        commandLine.registerConverter(ProrationBehavior.class, ProrationBehavior::fromWire);
        commandLine.registerConverter(InvoiceStatus.class, InvoiceStatus::fromWire);
        commandLine.registerConverter(Instant.class, Instant::parse);
        commandLine.setExecutionExceptionHandler(BillingCli::handleExecutionException);
        commandLine.setParameterExceptionHandler(BillingCli::handleParameterException);
        // Wide enough that the default URL in the option help is not broken across lines.
        commandLine.setUsageHelpWidth(110);
        return commandLine;
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

    boolean json() {
        return json;
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

    void printJson(JsonNode node) {
        try {
            out().println(mapper.writerWithDefaultPrettyPrinter().writeValueAsString(node));
            out().flush();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("cannot print JSON", e);
        }
    }

    /** Metadata and payloads are free-form; one compact line keeps tables readable. */
    String compactJson(JsonNode node) {
        if (node == null || node.isMissingNode() || node.isNull()) {
            return null;
        }
        return node.toString();
    }

    void printPageFooter(JsonNode meta) {
        if (meta.isObject()) {
            out().printf("%nPage %d of %d (%d total)%n", meta.path("page").asLong(), meta.path("totalPages").asLong(),
                    meta.path("totalCount").asLong());
            out().flush();
        }
    }

    private static int handleParameterException(ParameterException exception, String[] args) {
        CommandLine command = innermostCommand(exception.getCommandLine());
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
        PrintWriter err = commandLine.getErr();
        if (exception instanceof ApiException apiException) {
            printApiError(err, apiException);
            return EXIT_API_ERROR;
        }
        if (exception instanceof ServerUnreachableException) {
            err.println("error: " + exception.getMessage());
            err.flush();
            return EXIT_UNREACHABLE;
        }
        throw exception;
    }

    private static void printApiError(PrintWriter err, ApiException exception) {
        ErrorEnvelope.Error error = exception.error();
        err.printf("error: %s (HTTP %d): %s%n", error.code(), exception.status(), error.message());
        if (error.details() != null) {
            for (ErrorEnvelope.FieldError detail : error.details()) {
                err.printf("  - %s: %s%s%n", detail.field() == null ? "(request)" : detail.field(), detail.message(),
                        detail.code() == null ? "" : " [" + detail.code() + "]");
            }
        }
        if (error.currentStatus() != null) {
            err.printf("  current status: %s%n", error.currentStatus());
        }
        if (error.allowedTransitions() != null && !error.allowedTransitions().isEmpty()) {
            err.printf("  allowed transitions: %s%n", String.join(", ", error.allowedTransitions()));
        }
        if (error.requestId() != null) {
            err.printf("request id: %s%n", error.requestId());
        }
        err.flush();
    }
}
