package dev.unrip.tradingcontrol;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.unrip.contracts.TopicCatalogue;
import dev.unrip.contracts.TradingStateRecord;
import dev.unrip.contracts.TradingStateRecord.State;
import dev.unrip.localstack.KafkaBroker;
import dev.unrip.localstack.StackConfig;
import dev.unrip.localstack.TopicCreator;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.HashMap;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * make halt, make reduce, make resume and make trading-state against a real Kafka broker (the local
 * stack's, as a process) with the catalogue's topics; what they write is read back with the code
 * every reactor and executor reads it with. One topic for the class: the tests run in order.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class TradingControlTest {

    private static KafkaBroker broker;
    private static String bootstrap;

    @BeforeAll
    static void startBroker() throws IOException {
        Path repo = Path.of(System.getProperty("unrip.repo", "../..")).toAbsolutePath();
        Path state = Path.of("target/test-servers/kafka").toAbsolutePath();
        if (Files.exists(state)) {
            try (Stream<Path> paths = Files.walk(state)) {
                paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
        StackConfig config = StackConfig.forTests(repo, state, Map.of());
        broker = new KafkaBroker(config);
        broker.start();
        bootstrap = config.kafkaBootstrap();
        TopicCreator.createMissing(bootstrap, TopicCatalogue.load(repo.resolve("schemas/topics.yaml")));
    }

    @AfterAll
    static void stopBroker() {
        if (broker != null) {
            broker.stop();
        }
    }

    record Run(int exit, String out, String err) {}

    private static Run run(String command, String... env) {
        Map<String, String> e = new HashMap<>();
        e.put("KAFKA_BOOTSTRAP_SERVERS", bootstrap);
        e.put("USER", "alice");
        for (int i = 0; i < env.length; i += 2) {
            e.put(env[i], env[i + 1]);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = Main.run(
                command,
                e,
                new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    private static StateTopic.Latest latest() {
        return new StateTopic(Settings.fromEnvironment(Map.of("KAFKA_BOOTSTRAP_SERVERS", bootstrap))).read();
    }

    @Test
    @Order(1)
    void anEmptyTopicShowsNoRecordAndTradingHalted() {
        Run show = run("show");
        assertEquals(0, show.exit(), show.err());
        assertTrue(show.out().contains("(no record"), show.out());
        assertTrue(show.out().contains("effective (global): HALTED (no global trading state record yet"), show.out());
    }

    @Test
    @Order(2)
    void aHaltWithoutAReasonIsRefusedAndWritesNothing() {
        Run halt = run("halt", "TRADING_REASON", "  ");
        assertEquals(2, halt.exit());
        assertTrue(halt.err().contains("REASON"), halt.err());
        assertTrue(halt.err().contains("nothing was written"), halt.err());
        assertTrue(latest().records().isEmpty());
    }

    @Test
    @Order(3)
    void aHaltIsWrittenByTheOperatorAndShownWithWhoWhyAndWhen() {
        Run resume = run("resume", "TRADING_REASON", "first start");
        assertEquals(0, resume.exit(), resume.err());
        Run halt = run("halt", "TRADING_SCOPE", "venue:near-intents", "TRADING_REASON", "relay is slow; look at it");
        assertEquals(0, halt.exit(), halt.err());
        TradingStateRecord venue = latest().records().get("venue:near-intents");
        assertEquals(State.HALTED, venue.state());
        assertEquals("alice", venue.setBy());
        assertEquals("relay is slow; look at it", venue.reason());
        assertTrue(
                halt.out().contains("venue:near-intents: HALTED (relay is slow; look at it), set by alice"),
                halt.out());
        assertTrue(halt.out().contains("effective (global): ACTIVE"), halt.out());
        assertTrue(halt.out().contains("effective (venue:near-intents): HALTED, by venue:near-intents"), halt.out());

        Run show = run("show");
        assertEquals(0, show.exit(), show.err());
        assertTrue(
                show.out()
                        .lines()
                        .anyMatch(l -> l.startsWith("global ") && l.contains("ACTIVE") && l.contains("first start")),
                show.out());
        assertTrue(
                show.out()
                        .lines()
                        .anyMatch(l -> l.startsWith("venue:near-intents ")
                                && l.contains("HALTED")
                                && l.contains("alice")
                                && l.contains(venue.setAt())),
                show.out());
    }

    @Test
    @Order(4)
    void resumeAndReduceWriteTheirStatesAndAResumeNeedsNoReason() {
        assertEquals(0, run("reduce", "TRADING_REASON", "USDT low").exit());
        assertEquals(State.REDUCING, latest().records().get("global").state());
        Run resume = run("resume", "TRADING_SCOPE", "venue:near-intents");
        assertEquals(0, resume.exit(), resume.err());
        TradingStateRecord venue = latest().records().get("venue:near-intents");
        assertEquals(State.ACTIVE, venue.state());
        assertEquals("resumed", venue.reason());
        assertTrue(resume.out().contains("effective (global): REDUCING"), resume.out());
        assertEquals(2, run("reduce").exit(), "reduce without a reason is refused too");
    }

    @Test
    @Order(5)
    void aBadScopeIsRefused() {
        Run halt = run("halt", "TRADING_SCOPE", "venue:", "TRADING_REASON", "x");
        assertEquals(2, halt.exit());
        assertTrue(halt.err().contains("SCOPE"), halt.err());
    }

    @Test
    @Order(6)
    void aBrokerThatIsNotThereIsReportedInOneLineAndNothingChanges() throws IOException {
        int port;
        try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
            port = s.getLocalPort();
        }
        Run halt = run(
                "halt",
                "KAFKA_BOOTSTRAP_SERVERS",
                "localhost:" + port,
                "TRADING_TIMEOUT_MS",
                "1000",
                "TRADING_REASON",
                "x");
        assertEquals(1, halt.exit());
        assertTrue(halt.err().contains("no Kafka broker answers at localhost:" + port), halt.err());
        assertTrue(halt.err().contains("make run"), halt.err());
        assertEquals(1, halt.err().strip().lines().count(), halt.err());
    }

    @Test
    @Order(7)
    void riskLimitsAreCheckedAsTheReactorChecksThemThenWrittenForTheStrategy() throws Exception {
        Path typo = Files.createTempFile("limits", ".json");
        Files.writeString(
                typo,
                "{\"max_notional_per_quote_usd\":\"100\",\"max_notional_per_minute_usd\":\"1000\","
                        + "\"max_quotes_per_second\":5,\"assets\":{\"NEAR\":{\"min_reserv\":\"1\"}}}");
        Run refused = run("risk-limits", "TRADING_LIMITS_FILE", typo.toString(), "TRADING_REASON", "typo");
        assertEquals(2, refused.exit());
        assertTrue(refused.err().contains("assets.NEAR has an unknown field 'min_reserv'"), refused.err());

        Path good = Files.createTempFile("limits", ".json");
        Files.writeString(
                good,
                "{\"max_notional_per_quote_usd\":\"100\",\"max_notional_per_minute_usd\":\"1000\","
                        + "\"max_quotes_per_second\":5,\"assets\":{\"NEAR\":{\"min_reserve\":\"1\"}}}");
        Run written = run("risk-limits", "TRADING_LIMITS_FILE", good.toString(), "TRADING_REASON", "smaller quotes");
        assertEquals(0, written.exit(), written.err());
        assertTrue(written.out().contains("book-spread-v1: risk limits from " + good), written.out());
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, byte[]>(
                Map.of("bootstrap.servers", bootstrap),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                new org.apache.kafka.common.serialization.ByteArrayDeserializer())) {
            var tp = new org.apache.kafka.common.TopicPartition("ctl.risk_limits", 0);
            consumer.assign(java.util.List.of(tp));
            consumer.seekToBeginning(java.util.List.of(tp));
            var records = consumer.poll(java.time.Duration.ofSeconds(10));
            assertEquals(1, records.count(), "one record: the refused document was not written");
            var record = records.iterator().next();
            assertEquals("book-spread-v1", record.key());
            var payload = new com.fasterxml.jackson.databind.ObjectMapper()
                    .readTree(record.value())
                    .path("payload");
            assertEquals("alice", payload.path("set_by").asText());
            assertEquals(
                    "1",
                    payload.path("limits")
                            .path("assets")
                            .path("NEAR")
                            .path("min_reserve")
                            .asText());
        }
    }
}
