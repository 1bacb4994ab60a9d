package dev.unrip.reactor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unrip.contracts.TradingStateRecord;
import dev.unrip.routes.common.TradingState;
import dev.unrip.routes.testing.Examples;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.RouteGroupTest;
import dev.unrip.routes.testing.Topics;
import dev.unrip.routes.testing.TradingControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import jakarta.inject.Inject;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The dead-letter circuit breaker (AutoHalt, called by the shared dead-letter route): a burst of
 * invalid demands over auto-halt.dead-letters-per-minute writes a HALTED global record, set by
 * reactor/auto-halt, that this very process then obeys.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(AutoHaltTest.FewDeadLetters.class)
class AutoHaltTest extends RouteGroupTest {

    public static class FewDeadLetters implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("auto-halt.dead-letters-per-minute", "5");
        }
    }

    @Inject
    TradingState tradingState;

    @AfterEach
    void resume() throws Exception {
        TradingControl.set("global", TradingStateRecord.State.ACTIVE, "test over");
        await().atMost(WAIT).until(() -> tradingState.state(null).equals("ACTIVE"));
    }

    @Test
    void fiveDeadLettersInAMinuteHaltTradingGlobally() throws Exception {
        assertEquals("ACTIVE", tradingState.state(null));
        Map<TopicPartition, Long> control = topics.mark(TradingStateRecord.TOPIC);
        Path invalid = Examples.invalid("norm.swap_demand.v1").get(0);
        for (int i = 0; i < 4; i++) {
            topics.send("norm.swap_demand", "bad-" + i, Examples.bytes(invalid), Map.of());
        }
        await().atMost(WAIT).until(() -> countDeadLetters() >= 4);
        assertTrue(topics.since(TradingStateRecord.TOPIC, control).isEmpty(), "halted below the threshold");

        topics.send("norm.swap_demand", "bad-4", Examples.bytes(invalid), Map.of());
        List<ConsumerRecord<String, byte[]>> written =
                await().atMost(WAIT).until(() -> topics.since(TradingStateRecord.TOPIC, control), l -> !l.isEmpty());
        assertEquals("global", written.get(0).key());
        JsonNode payload = Topics.values(written).get(0).path("payload");
        assertEquals("HALTED", payload.path("state").asText());
        assertEquals("reactor/auto-halt", payload.path("set_by").asText());
        assertTrue(
                payload.path("reason").asText().startsWith("auto-halt dead_letter_rate: 5 dead letters"),
                payload.path("reason").asText());
        await().atMost(WAIT).until(() -> tradingState.effective(null).halted());
    }

    private double countDeadLetters() {
        return io.restassured.RestAssured.get("/q/metrics")
                .asString()
                .lines()
                .filter(l -> l.startsWith("unrip_dead_letters_total{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }
}
