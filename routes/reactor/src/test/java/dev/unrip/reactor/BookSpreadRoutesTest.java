package dev.unrip.reactor;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.EventTime;
import dev.unrip.contracts.RiskLimitsRecord;
import dev.unrip.contracts.TradingStateRecord;
import dev.unrip.mapping.Envelope;
import dev.unrip.routes.testing.Examples;
import dev.unrip.routes.testing.KafkaBrokerResource;
import dev.unrip.routes.testing.RouteGroupTest;
import dev.unrip.routes.testing.Topics;
import dev.unrip.routes.testing.TradingControl;
import io.quarkus.test.common.QuarkusTestResource;
import io.quarkus.test.junit.QuarkusTest;
import io.quarkus.test.junit.QuarkusTestProfile;
import io.quarkus.test.junit.TestProfile;
import io.restassured.RestAssured;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The book strategy in the reactor's routes, against a real broker: books, balances and risk
 * limits written to their topics as the Binance normalizer, the NEAR normalizer and make
 * risk-limits write them; demands in, commands priced from the book out, every refusal counted by
 * its reason.
 */
@QuarkusTest
@QuarkusTestResource(KafkaBrokerResource.class)
@TestProfile(BookSpreadRoutesTest.BookSpreadProfile.class)
class BookSpreadRoutesTest extends RouteGroupTest {

    /** The book strategy, as `make run` runs it. */
    public static class BookSpreadProfile implements QuarkusTestProfile {
        @Override
        public Map<String, String> getConfigOverrides() {
            return Map.of("reactor.strategy", "book-spread", "reactor.strategy-id", "book-spread-v1");
        }
    }

    private static final String STRATEGY = "book-spread-v1";
    private static final String SOLVER = "solver.unrip.near";
    private static final String NEAR = "nep141:wrap.near";
    private static final String USDT = "nep141:usdt.tether-token.near";

    @BeforeEach
    void activeWithBalances() throws Exception {
        TradingControl.set("global", TradingStateRecord.State.ACTIVE, "test");
        balance(NEAR, "1000000000000000000000000000");
        balance(USDT, "1000000000000");
    }

    @Test
    void aDemandIsPricedFromTheLatestBookAndAFivePercentMoveMovesTheQuote() throws Exception {
        book("NEARUSDT", Instant.now(), "2.99", "3.01");
        JsonNode first = commandFor(demand("1000000")); // 1 USDT in, NEAR out at the ask, less 30 bps
        assertEquals(
                "331229235880398671096345",
                first.path("payload").path("action").path("amount_out").asText(),
                "1 / 3.01 NEAR less 30 bps");
        book("NEARUSDT", Instant.now(), "3.1395", "3.1605");
        JsonNode second = commandFor(demand("1000000"));
        assertEquals(
                "315456415124189210567948",
                second.path("payload").path("action").path("amount_out").asText(),
                "1 / 3.1605 NEAR less 30 bps: the ask moved 5 %");
    }

    @Test
    void aStaleBookGivesNoCommandCountedAsStaleBook() throws Exception {
        book("NEARUSDT", Instant.now().minusSeconds(5), "2.99", "3.01");
        Map<TopicPartition, Long> commands = topics.mark("cmd.execute_trade");
        double before = skipped("stale_book");
        ObjectNode demand = demand("1000000");
        send(demand);
        await().atMost(WAIT).until(() -> skipped("stale_book") > before);
        assertTrue(commandsFor(commands, demand).isEmpty(), "a command on a stale book");
    }

    @Test
    void newRiskLimitsOnTheControlTopicApplyAtOnce() throws Exception {
        book("NEARUSDT", Instant.now(), "2.99", "3.01");
        commandFor(demand("1000000"));
        limits("{\"max_notional_per_quote_usd\":\"0.5\",\"max_notional_per_minute_usd\":\"1000000\","
                + "\"max_quotes_per_second\":100}");
        double before = skipped("notional_per_quote");
        await().atMost(WAIT).until(() -> {
            book("NEARUSDT", Instant.now(), "2.99", "3.01");
            send(demand("1000000"));
            return skipped("notional_per_quote") > before;
        });
        limits("{\"max_notional_per_quote_usd\":\"25000\",\"max_notional_per_minute_usd\":\"1000000\","
                + "\"max_quotes_per_second\":100}");
        // The limits and the demands are on different topics: try until a demand meets the new limits.
        await().atMost(WAIT).until(() -> {
            book("NEARUSDT", Instant.now(), "2.99", "3.01");
            return !tryCommand(demand("1000000")).isEmpty();
        });
    }

    /** Sends the demand and waits until it became a command or was counted as skipped. */
    private List<JsonNode> tryCommand(ObjectNode demand) throws Exception {
        Map<TopicPartition, Long> mark = topics.mark("cmd.execute_trade");
        double before = skippedAll();
        send(demand);
        await().atMost(WAIT).until(() -> !commandsFor(mark, demand).isEmpty() || skippedAll() > before);
        return commandsFor(mark, demand);
    }

    private JsonNode commandFor(ObjectNode demand) throws Exception {
        Map<TopicPartition, Long> commands = topics.mark("cmd.execute_trade");
        send(demand);
        JsonNode command = await().atMost(WAIT)
                .until(() -> commandsFor(commands, demand), l -> !l.isEmpty())
                .get(0);
        assertEquals(
                EventIds.commandId(STRATEGY, demand.path("event_id").asText(), 0),
                command.path("payload").path("command_id").asText());
        return command;
    }

    private void send(ObjectNode demand) throws Exception {
        topics.send("norm.swap_demand", "pair", JSON.writeValueAsBytes(demand), Map.of());
    }

    private List<JsonNode> commandsFor(Map<TopicPartition, Long> mark, ObjectNode demand) {
        String id = demand.path("event_id").asText();
        return Topics.values(topics.since("cmd.execute_trade", mark)).stream()
                .filter(c -> c.path("causation_id").asText().equals(id))
                .toList();
    }

    private static double skippedAll() {
        return skipped("");
    }

    /** unrip_reactor_skipped_total of the reason ("": every reason). */
    private static double skipped(String reason) {
        return RestAssured.get("/q/metrics")
                .asString()
                .lines()
                .filter(l -> l.startsWith("unrip_reactor_skipped_total{") && l.contains("reason=\"" + reason))
                .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
                .sum();
    }

    /** The frame-14 example (1 USDT in, NEAR out) with a new id, the amount, and a deadline a minute away. */
    private static ObjectNode demand(String amount) throws Exception {
        ObjectNode demand = (ObjectNode) JSON.readTree(Examples.bytes(Examples.valid("norm.swap_demand.v1").stream()
                .filter(p -> p.getFileName().toString().contains("frame-14"))
                .findFirst()
                .orElseThrow()));
        demand.put("event_id", UUID.randomUUID().toString());
        ((ObjectNode) demand.path("payload"))
                .put("amount", amount)
                .put("request_id", UUID.randomUUID().toString())
                .put("answer_deadline", EventTime.format(Instant.now().plusSeconds(60)));
        return demand;
    }

    private void book(String instrument, Instant observedAt, String bid, String ask) throws Exception {
        ObjectNode payload = Envelope.object();
        payload.put("instrument", instrument);
        payload.put("stream", instrument.toLowerCase() + "@depth10@100ms");
        payload.put("depth", 10);
        payload.put("last_update_id", observedAt.toEpochMilli());
        ArrayNode bids = payload.putArray("bids");
        bids.addObject().put("price", bid).put("quantity", "100000");
        ArrayNode asks = payload.putArray("asks");
        asks.addObject().put("price", ask).put("quantity", "100000");
        String at = EventTime.format(observedAt);
        ObjectNode event = Envelope.event(
                UUID.randomUUID().toString(),
                "norm.order_book.v1",
                "binance",
                "unrip/binance-normalize",
                at,
                at,
                at,
                UUID.randomUUID().toString(),
                payload);
        topics.send("norm.order_book", instrument, JSON.writeValueAsBytes(event), Map.of());
    }

    private void balance(String asset, String amount) throws Exception {
        ObjectNode payload = Envelope.object();
        payload.put("account_id", SOLVER);
        payload.put("asset", asset);
        payload.put("amount", amount);
        payload.put("block_height", 1);
        payload.put("block_hash", "8vs9H3KzV3T2HMrDSjQpPFyMJ8JYRBUYEDPUz6vV9QSd");
        String at = EventTime.now();
        ObjectNode event = Envelope.event(
                UUID.randomUUID().toString(),
                "norm.balance.v1",
                "near-intents",
                "unrip/near-intents-normalize",
                at,
                at,
                at,
                UUID.randomUUID().toString(),
                payload);
        topics.send("norm.balance", SOLVER + "/" + asset, JSON.writeValueAsBytes(event), Map.of());
    }

    private void limits(String limits) throws Exception {
        topics.send(
                RiskLimitsRecord.TOPIC,
                STRATEGY,
                JSON.writeValueAsBytes(
                        RiskLimitsRecord.event(STRATEGY, JSON.readTree(limits), "test", "test", "unrip/test")),
                Map.of());
    }
}
