package io.billing.ledger.server.health;

import io.billing.ledger.server.testsupport.Api;
import io.billing.ledger.server.testsupport.EndToEndTest;
import io.billing.ledger.server.testsupport.TcpProxy;
import io.billing.ledger.server.testsupport.TestDatabases;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import io.billing.ledger.server.BillingLedgerApplication;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import java.io.IOException;
import java.net.URI;
import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * While PostgreSQL is unreachable the server keeps running and says so — 503 SERVICE_UNAVAILABLE
 * with Retry-After in the envelope, no stack trace in the log; when it returns, so does service.
 */
// metrics exporters on, as in production: /metrics needs the Prometheus registry (EndToEndTest does the same)
@AutoConfigureObservability(tracing = false)
@SpringBootTest(classes = BillingLedgerApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.AFTER_CLASS)
@ExtendWith(OutputCaptureExtension.class)
class DatabaseOutageEndToEndTest {

    static {
        BillingLedgerApplication.disableAxonUpdateChecker();
    }

    private static TcpProxy proxy;

    @LocalServerPort
    int port;

    @DynamicPropertySource
    static void databaseBehindAProxy(DynamicPropertyRegistry registry) throws IOException {
        String direct = TestDatabases.fresh();
        URI uri = URI.create(direct.substring("jdbc:".length()));
        proxy = new TcpProxy(uri.getHost(), uri.getPort() < 0 ? 5432 : uri.getPort());
        String proxied = direct.replaceFirst("//[^/]+/", "//127.0.0.1:" + proxy.port() + "/");
        registry.add("billing.database-url", () -> proxied);
        registry.add("billing.api-keys.bootstrap-key", () -> EndToEndTest.ADMIN_KEY);
    }

    @AfterAll
    static void closeProxy() throws IOException {
        proxy.close();
    }

    @Test
    void health_is_503_during_an_outage_and_200_after_it_and_writes_work_again(CapturedOutput log) throws IOException {
        Api anonymous = new Api(port, null);
        assertThat(anonymous.get("/health").status()).isEqualTo(200);

        proxy.cut();
        Api.Response down = anonymous.get("/health");
        assertThat(down.status()).isEqualTo(503);
        assertThat(down.body().get("database").asText()).isEqualTo("disconnected");
        Api.Response notReady = anonymous.get("/health/ready");
        assertThat(notReady.status()).isEqualTo(503);
        assertThat(notReady.body().get("database").asText()).isEqualTo("disconnected");
        Api.Response failedWrite = new Api(port, EndToEndTest.ADMIN_KEY).post("/v1/customers", "{\"name\":\"Lost?\",\"email\":\"x@example.com\"}");
        Api.Response failedRead = new Api(port, EndToEndTest.ADMIN_KEY).get("/v1/plans");
        for (Api.Response failed : new Api.Response[]{failedWrite, failedRead}) {
            // the key cannot be checked: the service is unavailable, which is neither a 401 nor a 500
            assertThat(failed.status()).as(failed.toString()).isEqualTo(503);
            assertThat(failed.errorCode()).isEqualTo("SERVICE_UNAVAILABLE");
            assertThat(failed.body().path("error").path("requestId").asText()).isNotBlank();
            assertThat(failed.header("Retry-After")).isNotBlank();
            assertThat(failed.raw()).doesNotContain("SQL", "org.", "java.");
        }
        assertThat(errorsLoggedWhileAnswering(log)).isEmpty();

        proxy.restore();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> anonymous.get("/health").status() == 200);
        Api.Response write = new Api(port, EndToEndTest.ADMIN_KEY).post("/v1/customers", "{\"name\":\"Back\",\"email\":\"back@example.com\"}");
        assertThat(write.status()).isEqualTo(201);
        assertThat(new Api(port, EndToEndTest.ADMIN_KEY).get("/v1/customers/" + write.data().get("id").asText()).status()).isEqualTo(200);
        // an outage is transient: the processors retried, nothing was parked as poison
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(250))
                .until(() -> anonymous.get("/health/ready").status() == 200);
    }

    /** ERROR lines written by the threads that answer requests (start-up noise, e.g. a probe for Docker, is not ours). */
    private static List<String> errorsLoggedWhileAnswering(CapturedOutput log) {
        return log.getAll().lines().filter(line -> line.contains(" ERROR ") && line.contains("-exec-")).toList();
    }
}
