package dev.unrip.it;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.localstack.LocalStack;
import dev.unrip.localstack.ServiceProcess;
import dev.unrip.localstack.StackConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Every route group starts as its own process against the real broker and database. */
@ExtendWith(TestStack.class)
class RouteGroupsStartIT {

    private static final HttpClient HTTP = HttpClient.newHttpClient();

    @Test
    void everyServiceAnswersHealthUpAndServesPrometheusMetrics() throws Exception {
        LocalStack stack = TestStack.get();
        List<String> all = List.copyOf(StackConfig.SERVICE_MODULES.keySet());
        stack.startServices(all);
        for (String name : all) {
            ServiceProcess service = stack.service(name);
            HttpResponse<String> health = get(service.healthUrl());
            assertEquals(200, health.statusCode(), name + " health: " + health.body());
            assertTrue(
                    health.body().contains("\"status\": \"UP\"")
                            || health.body().contains("\"status\":\"UP\""),
                    name + " health: " + health.body());
            HttpResponse<String> metrics = get("http://localhost:" + service.httpPort() + "/q/metrics");
            assertEquals(200, metrics.statusCode(), name + " metrics");
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"), name + " metrics have no JVM gauges");
        }
    }

    @Test
    void theNamedMetricsAreServedAndIngestReadinessFollowsTheRelayWhileLivenessStaysUp() throws Exception {
        LocalStack stack = TestStack.get();
        stack.startServices(List.copyOf(StackConfig.SERVICE_MODULES.keySet()));
        Map<String, List<String>> named = Map.of(
                "near-intents-ingest",
                        List.of(
                                "unrip_ingest_connects_total",
                                "unrip_ingest_connected",
                                "camel_exchanges_total",
                                "kafka_producer_record_send_total"),
                "near-intents-normalize",
                        List.of(
                                "camel_exchanges_total",
                                "camel_route_policy_seconds",
                                "kafka_consumer_fetch_manager_records_lag"),
                "reactor", List.of("camel_exchanges_total", "kafka_consumer_fetch_manager_records_lag"),
                "near-intents-execute",
                        List.of(
                                "camel_exchanges_failed_total",
                                "kafka_consumer_fetch_manager_records_lag",
                                "unrip_executor_duplicates_suppressed_total",
                                "unrip_executor_in_doubt",
                                "unrip_executor_reconciled_total",
                                "unrip_executor_batch_phase_seconds"),
                "trade-results", List.of("camel_exchanges_total", "kafka_consumer_fetch_manager_records_lag"));
        named.forEach((name, metrics) -> await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            String body = get("http://localhost:" + stack.service(name).httpPort() + "/q/metrics")
                    .body();
            for (String metric : metrics) {
                assertTrue(body.lines().anyMatch(l -> l.startsWith(metric)), name + " does not serve " + metric);
            }
        }));

        String ingest =
                "http://localhost:" + stack.service("near-intents-ingest").httpPort();
        await().atMost(Duration.ofSeconds(60))
                .until(() -> get(ingest + "/q/health/ready").statusCode() == 200);
        assertTrue(get(ingest + "/q/health/ready").body().contains("near-intents-relay"));
        stack.stopService("relay-simulator");
        try {
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> get(ingest + "/q/health/ready").statusCode() == 503);
            assertEquals(200, get(ingest + "/q/health/live").statusCode(), "liveness must not follow the venue");
        } finally {
            stack.startService("relay-simulator");
        }
        await().atMost(Duration.ofSeconds(60))
                .until(() -> get(ingest + "/q/health/ready").statusCode() == 200);
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
