package dev.unrip.reactor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.Topics;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Duration;
import java.util.Map;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

/** The kill switch (reactor.camel.yaml, before the strategy): halted, a demand gives no command and counts as skipped. */
@QuarkusTest
@TestProfile(ReactorHaltedTest.Halted.class)
@QuarkusTestResource(KafkaBrokerResource.class)
class ReactorHaltedTest {

    public static class Halted implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reactor.halt", "true");
        }
    }

    @Test
    void whileHaltedADemandGivesNoCommandAndCountsAsSkippedHalted() throws Exception {
        Topics topics = new Topics(KafkaBrokerResource.bootstrapServers());
        Map<TopicPartition, Long> commands = topics.mark("cmd.execute_trade");
        byte[] demand = ReactorRoutesTest.freshDemandBytes();
        topics.send("norm.swap_demand", "pair", demand, Map.of());
        await().atMost(Duration.ofSeconds(30))
                .until(() -> RestAssured.get("/q/metrics")
                        .asString()
                        .lines()
                        .anyMatch(l -> l.startsWith("unrip_reactor_skipped_total{")
                                && l.contains("reason=\"halted\"")
                                && !l.endsWith(" 0.0")));
        assertTrue(topics.since("cmd.execute_trade", commands).isEmpty(), "a command while halted");
    }
}
