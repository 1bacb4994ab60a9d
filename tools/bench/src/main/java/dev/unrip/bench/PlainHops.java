package dev.unrip.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;
import dev.unrip.mapping.Envelope;
import dev.unrip.mapping.Mapped;
import dev.unrip.mapping.RawEnvelope;
import dev.unrip.mapping.nearintents.NearIntentsMapping;
import dev.unrip.mapping.reactor.Decision;
import dev.unrip.mapping.reactor.FixedSpread;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import org.apache.kafka.common.header.Headers;

/**
 * The JSON work of our hops for the baseline chain, without Camel: the same schemas from the
 * contracts jar, validated with the same library (networknt, as camel-json-validator does: parse
 * the bytes, validate the tree), and the routes' own mapping functions (routes/mapping:
 * NearIntentsMapping, FixedSpread with the reactor's own configuration). Nothing here maps.
 */
final class PlainHops {

    static final ObjectMapper JSON = Envelope.json();

    /** A record to produce: key, value, headers (the envelope mirrored). */
    record Out(String key, byte[] value, Map<String, Object> headers) {
        static Out of(Mapped event) {
            return new Out(event.key(), event.json().getBytes(StandardCharsets.UTF_8), event.headers());
        }
    }

    final JsonSchema rawQuote = schema("raw.near_intents.quote.v1");
    final JsonSchema swapDemand = schema("norm.swap_demand.v1");
    final JsonSchema executeTrade = schema("cmd.execute_trade.v1");
    final JsonSchema tradeResult = schema("exec.trade_result.v1");
    final FixedSpread strategy = reactorStrategy();

    static JsonSchema schema(String type) {
        try (InputStream in =
                PlainHops.class.getClassLoader().getResourceAsStream("schemas/" + type + ".schema.json")) {
            if (in == null) {
                throw new IllegalStateException("schema " + type + " is not on the class path (unrip-schemas)");
            }
            return JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012)
                    .getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The strategy as the reactor configures it: its application.properties, read from the checkout. */
    static FixedSpread reactorStrategy() {
        Path file = Path.of(System.getProperty("unrip.repo", "."))
                .resolve("routes/reactor/src/main/resources/application.properties");
        Properties p = new Properties();
        try (InputStream in = Files.newInputStream(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read the reactor's configuration " + file + " (-Dunrip.repo): " + e.getMessage(), e);
        }
        // The plain chain is the fixed-spread placeholder: its id as the reactor names it then
        // (reactor.strategy-id=${reactor.strategy}-v1).
        return new FixedSpread(
                p.getProperty("reactor.strategy-id").replace("${reactor.strategy}", "fixed-spread"),
                Integer.parseInt(p.getProperty("reactor.spread-bps")),
                Long.parseLong(p.getProperty("reactor.quote-validity-margin-ms")),
                FixedSpread.parseRates(List.of(p.getProperty("reactor.pairs").split(","))));
    }

    /** As json-validator: parse, validate, fail with the messages. */
    static void validate(JsonSchema schema, byte[] value) throws IOException {
        Set<ValidationMessage> errors = schema.validate(JSON.readTree(value));
        if (!errors.isEmpty()) {
            throw new IllegalArgumentException("invalid: " + errors);
        }
    }

    /** normalize: raw.near_intents.quote -> norm.swap_demand, as normalizeSwapDemand. */
    Out normalize(byte[] frame, Headers headers) throws IOException {
        validate(rawQuote, frame);
        Out out = Out.of(NearIntentsMapping.swapDemand(
                frame,
                RawEnvelope.of(name -> headers.lastHeader(name) == null
                        ? null
                        : headers.lastHeader(name).value())));
        validate(swapDemand, out.value());
        return out;
    }

    /** react: norm.swap_demand -> cmd.execute_trade, as reactToSwapDemand; null = skipped. */
    Out react(byte[] value) throws IOException {
        return react(value, false);
    }

    /** {@code ignoreDeadline}: build the command even past the answer deadline (backlog commands). */
    Out react(byte[] value, boolean ignoreDeadline) throws IOException {
        validate(swapDemand, value);
        Decision decision = strategy.decide(JSON.readTree(value), ignoreDeadline ? Instant.EPOCH : Instant.now());
        if (decision.command() == null) {
            return null;
        }
        Out out = Out.of(decision.command());
        validate(executeTrade, out.value());
        return out;
    }
}
