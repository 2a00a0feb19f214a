package io.billing.ledger.server.node;

import org.junit.jupiter.api.Test;
import org.yaml.snakeyaml.Yaml;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The deployment files describe a real deployment (no Docker engine here to run them): the
 * compose file parses and wires PostgreSQL, the owner-role migration and two nodes with their
 * roles on distinct ports, health-gated; the Dockerfile runs as a non-root user with a health
 * check on readiness.
 */
class DeploymentFilesTest {

    private static final Path ROOT = Files.exists(Path.of("docker-compose.yml")) ? Path.of(".") : Path.of("..");

    @Test
    @SuppressWarnings("unchecked")
    void the_compose_file_runs_two_nodes_with_roles_on_one_health_checked_postgres() throws IOException {
        Map<String, Object> compose = new Yaml().load(Files.readString(ROOT.resolve("docker-compose.yml")));
        Map<String, Map<String, Object>> services = (Map<String, Map<String, Object>>) compose.get("services");
        assertThat(services).containsKeys("postgres", "node-1", "node-2", "prometheus");

        Map<String, Object> postgres = services.get("postgres");
        assertThat(((Map<String, Object>) postgres.get("healthcheck")).get("test").toString()).contains("pg_isready");
        Map<String, Map<String, Object>> configs = (Map<String, Map<String, Object>>) compose.get("configs");
        assertThat((List<Map<String, Object>>) postgres.get("configs"))
                .anyMatch(c -> c.get("target").toString().startsWith("/docker-entrypoint-initdb.d/")
                        && configs.get(c.get("source").toString()).get("content").toString()
                        .contains("CREATE ROLE billing_owner") && configs.get(c.get("source").toString())
                        .get("content").toString().contains("CREATE ROLE billing_app"));

        // the migration step: the server jar's one-shot `migrate`, as the owner role, before any node
        Map<String, Object> migrate = services.get("migrate");
        assertThat((List<String>) migrate.get("command")).containsExactly("migrate");
        assertThat(((Map<String, Object>) migrate.get("environment")).get("DATABASE_MIGRATION_URL").toString())
                .contains("billing_owner:");
        assertThat(((Map<String, Map<String, Object>>) migrate.get("depends_on")).get("postgres"))
                .containsEntry("condition", "service_healthy");

        Set<String> hostPorts = new HashSet<>();
        for (String node : List.of("node-1", "node-2")) {
            Map<String, Object> service = services.get(node);
            Map<String, Object> environment = (Map<String, Object>) service.get("environment");
            String roles = environment.get("BILLING_ROLES").toString();
            assertThat(roles).as(node).contains("api");
            NodeRoles.parse(roles); // the app would refuse anything else
            assertThat(environment.get("DATABASE_URL").toString()).as(node)
                    .startsWith("postgresql://billing_app:").contains("@postgres:5432/billing_engine");
            assertThat(environment.get("DATABASE_MIGRATION_URL").toString()).as(node)
                    .contains("billing_owner:").contains("@postgres:5432");
            assertThat(environment).as(node).containsEntry("MANAGEMENT_PORT", "9090").containsKey("PROCESSOR_SEGMENTS");
            Map<String, Map<String, Object>> dependsOn = (Map<String, Map<String, Object>>) service.get("depends_on");
            assertThat(dependsOn.get("postgres")).containsEntry("condition", "service_healthy");
            assertThat(((Map<String, Object>) service.get("healthcheck")).get("test").toString())
                    .contains("/health/ready");
            List<String> ports = (List<String>) service.get("ports");
            assertThat(ports).hasSize(1);
            hostPorts.add(ports.get(0).split(":")[0]);
        }
        assertThat(hostPorts).as("two nodes, two ports").hasSize(2);
        // each node waits for the migration step to have finished
        for (String node : List.of("node-1", "node-2")) {
            assertThat(((Map<String, Map<String, Object>>) services.get(node).get("depends_on")).get("migrate"))
                    .as(node).containsEntry("condition", "service_completed_successfully");
        }
        // between them the nodes hold every role
        Set<NodeRoles.Role> held = new HashSet<>();
        for (String node : List.of("node-1", "node-2")) {
            held.addAll(NodeRoles.parse(((Map<String, Object>) services.get(node).get("environment"))
                    .get("BILLING_ROLES").toString()).roles());
        }
        assertThat(held).containsExactlyInAnyOrder(NodeRoles.Role.values());

        Map<String, Object> prometheus = services.get("prometheus");
        assertThat((List<String>) prometheus.get("profiles")).containsExactly("monitoring");
        Map<String, Object> mounted = ((List<Map<String, Object>>) prometheus.get("configs")).get(0);
        assertThat(mounted).containsEntry("target", "/etc/prometheus/prometheus.yml");
        Map<String, Object> scrape = new Yaml().load(configs.get(mounted.get("source").toString()).get("content").toString());
        assertThat(scrape.toString()).contains("/metrics").contains("node-1:9090").contains("node-2:9090");
    }

    @Test
    void the_image_runs_as_a_user_without_privileges_and_checks_readiness() throws IOException {
        String dockerfile = Files.readString(ROOT.resolve("Dockerfile"));
        assertThat(Pattern.compile("(?m)^FROM ").matcher(dockerfile).results().count()).as("multi-stage").isGreaterThan(1);
        Matcher user = Pattern.compile("(?m)^USER\\s+(\\S+)").matcher(dockerfile);
        assertThat(user.find()).as("a USER line").isTrue();
        assertThat(user.group(1)).isNotIn("root", "0");
        String lastStage = dockerfile.substring(dockerfile.lastIndexOf("\nFROM "));
        assertThat(lastStage).contains("USER " + user.group(1));
        assertThat(lastStage).containsPattern("(?m)^HEALTHCHECK .*\\n?.*/health/ready");
    }
}
