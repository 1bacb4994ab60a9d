package dev.unrip.reactor;

import static dev.unrip.contracts.TradingStateRecord.State.ACTIVE;
import static dev.unrip.contracts.TradingStateRecord.State.HALTED;
import static dev.unrip.contracts.TradingStateRecord.State.REDUCING;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.contracts.TradingStateRecord;
import dev.unrip.routes.common.TradingState;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.RouteGroupTest;
import dev.unrip.routes.testing.TradingControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.restassured.RestAssured;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The trading state in front of the strategy (reactor.camel.yaml, reactToSwapDemand), driven by
 * real ctl.trading_state records on the test broker as make halt and make resume write them:
 * HALTED gives no command and counts the demand as skipped halted; a resume lets commands flow
 * again; each change applies within a second of the record.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
class ReactorHaltedTest extends RouteGroupTest {

    private static final String STRATEGY = "fixed-spread-v1";
    private static final Duration APPLIED = Duration.ofSeconds(1);

    @Inject
    TradingState tradingState;

    @AfterEach
    void resume() throws Exception {
        TradingControl.set(TradingStateRecord.strategyScope(STRATEGY), ACTIVE, "test over");
        TradingControl.set("venue:near-intents", ACTIVE, "test over");
        TradingControl.set("global", ACTIVE, "test over");
        await().atMost(WAIT).until(() -> tradingState.state(STRATEGY).equals("ACTIVE"));
    }

    @Test
    void aGlobalHaltStopsCommandsWithinASecondAndAResumeLetsThemFlowAgain() throws Exception {
        TradingControl.set("global", HALTED, "test: halt everything");
        await().atMost(APPLIED)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> tradingState.effective(STRATEGY).halted());
        assertEquals("test: halt everything", tradingState.effective(STRATEGY).reason());

        Map<TopicPartition, Long> commands = topics.mark("cmd.execute_trade");
        double skipped = skippedHalted();
        byte[] demand = ReactorRoutesTest.freshDemandBytes();
        topics.send("norm.swap_demand", "pair", demand, Map.of());
        await().atMost(WAIT).until(() -> skippedHalted() > skipped);
        assertTrue(commandsFor(commands, demand).isEmpty(), "a command while halted");
        await().atMost(WAIT).until(() -> metric("unrip_trading_state{scope=\"global\"}") == 2.0);
        assertEquals(2.0, metric("unrip_trading_state{scope=\"effective\"}"));

        TradingControl.set("global", ACTIVE, "test: resume");
        await().atMost(APPLIED)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> tradingState.state(STRATEGY).equals("ACTIVE"));
        byte[] after = ReactorRoutesTest.freshDemandBytes();
        topics.send("norm.swap_demand", "pair", after, Map.of());
        await().atMost(WAIT).until(() -> commandsFor(commands, after), l -> l.size() == 1);
    }

    @Test
    void aHaltOfThisStrategyAloneStopsItsCommandsWhileGlobalStaysActive() throws Exception {
        TradingControl.set(TradingStateRecord.strategyScope(STRATEGY), HALTED, "test: this strategy only");
        await().atMost(APPLIED)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> tradingState.effective(STRATEGY).halted());
        assertEquals("strategy:" + STRATEGY, tradingState.effective(STRATEGY).scope());
        assertEquals("ACTIVE", tradingState.state("another-strategy"));

        Map<TopicPartition, Long> commands = topics.mark("cmd.execute_trade");
        double skipped = skippedHalted();
        byte[] demand = ReactorRoutesTest.freshDemandBytes();
        topics.send("norm.swap_demand", "pair", demand, Map.of());
        await().atMost(WAIT).until(() -> skippedHalted() > skipped);
        assertTrue(commandsFor(commands, demand).isEmpty(), "a command while the strategy is halted");
    }

    @Test
    void withoutAGlobalRecordAndOnAnUnreadableRecordTradingFailsClosed() throws Exception {
        // A tombstone removes the global record: no global record at all is HALTED.
        topics.sendAll(TradingStateRecord.TOPIC, "global", java.util.Arrays.asList((byte[]) null), Map.of());
        await().atMost(APPLIED)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> tradingState.effective(STRATEGY).halted());
        assertTrue(tradingState.effective(STRATEGY).reason().contains("fail closed"));
        TradingControl.set("global", ACTIVE, "test: global again");
        await().atMost(APPLIED).until(() -> tradingState.state(STRATEGY).equals("ACTIVE"));

        // A record that cannot be read halts its scope, with the error as the reason.
        topics.send(TradingStateRecord.TOPIC, "venue:near-intents", "{\"state\":\"ACTIVE\"}".getBytes(), Map.of());
        await().atMost(APPLIED)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> tradingState.effective(STRATEGY).halted());
        assertEquals("venue:near-intents", tradingState.effective(STRATEGY).scope());
        assertTrue(tradingState.effective(STRATEGY).reason().startsWith("unreadable record"));
        await().atMost(WAIT).until(() -> metric("unrip_trading_state_invalid_records_total") >= 1.0);
    }

    @Test
    void whileReducingCommandsStillFlowAndTheStateStaysOffTheCommandRecord() throws Exception {
        TradingControl.set("venue:near-intents", REDUCING, "test: reduce only");
        await().atMost(APPLIED)
                .pollInterval(Duration.ofMillis(5))
                .until(() -> tradingState.state(STRATEGY).equals("REDUCING"));
        Map<TopicPartition, Long> commands = topics.mark("cmd.execute_trade");
        byte[] demand = ReactorRoutesTest.freshDemandBytes();
        topics.send("norm.swap_demand", "pair", demand, Map.of());
        String demandId = JSON.readTree(demand).path("event_id").asText();
        ConsumerRecord<String, byte[]> command = await().atMost(WAIT)
                .until(
                        () -> topics.since("cmd.execute_trade", commands).stream()
                                .filter(r -> causedBy(r, demandId))
                                .toList(),
                        l -> l.size() == 1)
                .get(0);
        assertNull(command.headers().lastHeader("reactor_trading_state"), "the route's header leaked onto the command");
    }

    private List<ConsumerRecord<String, byte[]>> commandsFor(Map<TopicPartition, Long> mark, byte[] demand)
            throws Exception {
        String demandId = JSON.readTree(demand).path("event_id").asText();
        return topics.since("cmd.execute_trade", mark).stream()
                .filter(r -> causedBy(r, demandId))
                .toList();
    }

    private static boolean causedBy(ConsumerRecord<String, byte[]> r, String demandId) {
        try {
            return JSON.readTree(r.value()).path("causation_id").asText().equals(demandId);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    private static double skippedHalted() {
        return RestAssured.get("/q/metrics")
                .asString()
                .lines()
                .filter(l -> l.startsWith("unrip_reactor_skipped_total{") && l.contains("reason=\"halted\""))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /**
     * The value of a series: a name alone (no labels), or a name and its first label, e.g.
     * {@code unrip_trading_state{scope="global"}}.
     */
    private static double metric(String series) {
        String prefix = series.endsWith("}") ? series.substring(0, series.length() - 1) : series;
        return RestAssured.get("/q/metrics")
                .asString()
                .lines()
                .filter(l -> series.endsWith("}")
                        ? l.startsWith(prefix + ",") || l.startsWith(prefix + "}")
                        : l.startsWith(series + " ") || l.startsWith(series + "{"))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .findFirst()
                .orElse(Double.NaN);
    }
}
