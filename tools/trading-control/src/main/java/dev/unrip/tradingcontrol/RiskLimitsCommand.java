package dev.unrip.tradingcontrol;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.contracts.ControlEnvelope;
import dev.unrip.contracts.ReferenceAssets;
import dev.unrip.contracts.RiskLimitsRecord;
import dev.unrip.mapping.reactor.RiskLimits;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code make risk-limits FILE=limits.json REASON=… [STRATEGY=book-spread-v1]}: checks the limits
 * document as the reactor will (RiskLimits against the reference data: a typo is refused here,
 * naming the field, and nothing is written), then writes it as the strategy's ctl.risk_limits
 * record; every reactor of the strategy applies it within a second.
 */
final class RiskLimitsCommand {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RiskLimitsCommand() {}

    static int run(Settings settings, Map<String, String> env, PrintStream out) {
        String file = env.getOrDefault("TRADING_LIMITS_FILE", "").strip();
        String strategy = env.getOrDefault("TRADING_STRATEGY", "").isBlank()
                ? "book-spread-v1"
                : env.get("TRADING_STRATEGY").strip();
        if (file.isEmpty() || settings.reason().isEmpty()) {
            throw new IllegalArgumentException("make risk-limits FILE=<limits.json> REASON=\"<why>\" [STRATEGY="
                    + strategy + "]: both a file and a reason are required");
        }
        JsonNode limits;
        try {
            limits = JSON.readTree(Files.readString(Path.of(file), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalArgumentException("cannot read " + file + " as JSON: " + e.getMessage());
        }
        RiskLimits.parse(limits, ReferenceAssets.fromClasspath()); // refuses naming the field
        var event = RiskLimitsRecord.event(strategy, limits, settings.reason(), settings.user(), Main.SOURCE);
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, settings.bootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, settings.timeoutMs());
        p.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, settings.timeoutMs() + 1000);
        p.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, settings.timeoutMs());
        try (KafkaProducer<String, byte[]> producer =
                new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer())) {
            ProducerRecord<String, byte[]> r =
                    new ProducerRecord<>(RiskLimitsRecord.TOPIC, strategy, ControlEnvelope.bytes(event));
            ControlEnvelope.headers(event).forEach((k, v) -> r.headers().add(k, v.getBytes(StandardCharsets.UTF_8)));
            RecordMetadata at = producer.send(r).get(settings.timeoutMs() + 2000L, TimeUnit.MILLISECONDS);
            out.printf(
                    "%s: risk limits from %s (%s), set by %s; %s partition %d offset %d. Applied by every reactor of"
                            + " the strategy within a second.%n",
                    strategy, file, settings.reason(), settings.user(), at.topic(), at.partition(), at.offset());
            return 0;
        } catch (Exception e) {
            throw new StateTopic.Unreachable("writing to " + RiskLimitsRecord.TOPIC + " at " + settings.bootstrap()
                    + " failed (" + e.getMessage() + "); the limits in force are unchanged");
        }
    }
}
