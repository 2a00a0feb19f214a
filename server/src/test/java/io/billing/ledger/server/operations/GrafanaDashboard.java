package io.billing.ledger.server.operations;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** docs/grafana/billing-ledger.json, read as Grafana reads it: its panels and the metrics their PromQL names. */
final class GrafanaDashboard {

    static final Path FILE = Path.of("..", "docs", "grafana", "billing-ledger.json");

    private static final Pattern IDENTIFIER = Pattern.compile("[a-zA-Z_:][a-zA-Z0-9_:]*");
    private static final Set<String> PROMQL_WORDS = Set.of("and", "or", "unless", "by", "without", "on", "ignoring",
            "group_left", "group_right", "bool", "offset", "le");

    record Panel(String title, List<String> expressions) {
    }

    static List<Panel> panels() throws IOException {
        JsonNode dashboard = new ObjectMapper().readTree(FILE.toFile());
        List<Panel> panels = new ArrayList<>();
        for (JsonNode panel : dashboard.path("panels")) {
            if ("row".equals(panel.path("type").asText())) {
                continue;
            }
            List<String> expressions = new ArrayList<>();
            panel.path("targets").forEach(target -> expressions.add(target.path("expr").asText()));
            panels.add(new Panel(panel.path("title").asText(), expressions));
        }
        return panels;
    }

    /**
     * The metric names of a PromQL expression: identifiers outside label matchers, ranges and
     * {@code by (…)} lists that are not function calls or keywords.
     */
    static Set<String> metricNames(String expression) {
        String bare = expression.replaceAll("\\{[^}]*}", " ").replaceAll("\\[[^]]*]", " ")
                .replaceAll("\\b(by|without|on|ignoring)\\s*\\([^)]*\\)", " ").replaceAll("\"[^\"]*\"", " ");
        Set<String> names = new LinkedHashSet<>();
        Matcher matcher = IDENTIFIER.matcher(bare);
        while (matcher.find()) {
            String word = matcher.group();
            boolean call = bare.substring(matcher.end()).stripLeading().startsWith("(");
            if (!call && !PROMQL_WORDS.contains(word) && !Character.isDigit(word.charAt(0))) {
                names.add(word);
            }
        }
        return names;
    }
}
