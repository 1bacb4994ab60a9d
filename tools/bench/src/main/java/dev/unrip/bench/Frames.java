package dev.unrip.bench;

import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.EventTime;
import dev.unrip.relaysim.QuoteGenerator;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Raw quote frames as the relay simulator pushes them (its own generator, envelope B) and raw
 * records as the ingest writes them: the frame byte for byte, keyed by quote_id, the envelope in
 * ce_* / unrip_* headers. Used for the backlogs and for the plain-client chain's input.
 */
final class Frames {

    private final QuoteGenerator generator;

    Frames(long seed) {
        this.generator = new QuoteGenerator(seed);
    }

    /** The n-th quote request of this seed, framed as the simulator frames it (envelope B). */
    Frame frame(long sequence) {
        QuoteGenerator.Quote quote = generator.quote(sequence);
        String body = quote.data().toString().substring(1);
        String text = "{\"jsonrpc\":\"2.0\",\"method\":\"event\",\"params\":{\"subscription\":\"bench\",\"data\":{"
                + body + ",\"metadata\":" + quote.metadata() + "}}";
        return new Frame(quote.quoteId(), text.getBytes(StandardCharsets.UTF_8));
    }

    record Frame(String quoteId, byte[] bytes) {}

    /** The raw record the ingest would write for this frame, observed and ingested at {@code at}. */
    static ProducerRecord<String, byte[]> rawRecord(String topic, Frame frame, Instant at) {
        String time = EventTime.format(at);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, frame.quoteId(), frame.bytes());
        header(record, CloudEventHeaders.SPEC_VERSION, "1.0");
        header(record, CloudEventHeaders.ID, EventIds.rawEventId("near-intents", "quote", frame.bytes()));
        header(record, CloudEventHeaders.TYPE, "raw.near_intents.quote.v1");
        header(record, CloudEventHeaders.SOURCE, "unrip/near-intents-ingest");
        header(record, CloudEventHeaders.CONTENT_TYPE, CloudEventHeaders.CONTENT_TYPE_JSON);
        header(record, CloudEventHeaders.SCHEMA_VERSION, "1.0");
        header(
                record,
                CloudEventHeaders.DATA_SCHEMA,
                "https://unrip.dev/schemas/raw.near_intents.quote.v1.schema.json");
        header(record, CloudEventHeaders.TIME, time);
        header(record, CloudEventHeaders.VENUE, "near-intents");
        header(record, CloudEventHeaders.OBSERVED_AT, time);
        header(record, CloudEventHeaders.INGESTED_AT, time);
        return record;
    }

    static void header(ProducerRecord<?, ?> record, String name, String value) {
        record.headers().add(name, value.getBytes(StandardCharsets.UTF_8));
    }
}
