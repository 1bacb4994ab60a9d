package dev.unrip.it;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.localstack.LocalStack;
import dev.unrip.localstack.ServiceProcess;
import dev.unrip.localstack.StackConfig;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
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
            assertTrue(health.body().contains("\"status\": \"UP\"") || health.body().contains("\"status\":\"UP\""),
                    name + " health: " + health.body());
            HttpResponse<String> metrics = get("http://localhost:" + service.httpPort() + "/q/metrics");
            assertEquals(200, metrics.statusCode(), name + " metrics");
            assertTrue(metrics.body().contains("jvm_memory_used_bytes"), name + " metrics have no JVM gauges");
        }
    }

    private static HttpResponse<String> get(String url) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(url)).GET().build(), HttpResponse.BodyHandlers.ofString());
    }
}
