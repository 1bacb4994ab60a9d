package dev.unrip.mapping.binance;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.EventTime;
import dev.unrip.contracts.ExactText;
import dev.unrip.mapping.Envelope;
import dev.unrip.mapping.Mapped;
import dev.unrip.mapping.RawEnvelope;
import java.math.BigDecimal;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one place where Binance's spot market-data frames meet the canonical events: a partial book
 * depth frame of the combined stream ({@code raw.binance.depth.v1}) → {@code norm.order_book.v1},
 * keyed by instrument. Pure, like the NEAR mappings: the output depends only on the raw record (its
 * bytes and its envelope headers), so a replay yields byte-identical events with identical ids.
 *
 * <p>All or nothing, never changed: a frame is mapped whole or refused with the field named (no
 * stream, a stream that is not a partial book, a price that is not a decimal string, a side out of
 * order, more levels than the stream carries, an empty level). Prices and quantities stay the
 * venue's exact decimal text; they are compared as BigDecimal, never as floating point.
 *
 * <p>A crossed book (best bid at or above best ask) is not refused: it is what the venue said, and
 * dead-lettering it would hide the venue's state from research and from the reactor, which refuses
 * to price on a crossed book itself (OrderBook.crossed). The raw topic and the event both keep it.
 */
public final class BinanceMapping {

    public static final String VENUE = "binance";
    public static final String SOURCE = "unrip/binance-normalize";
    public static final String ORDER_BOOK = "norm.order_book.v1";
    /** The raw stream of raw.binance.depth, as it enters the raw event id. */
    public static final String DEPTH_STREAM = "depth";

    /** A partial book depth stream: symbol, levels (5, 10, 20), and the 100 ms variant. */
    private static final Pattern DEPTH = Pattern.compile("^([a-z0-9]+)@depth(5|10|20)(@100ms)?$");
    /** A decimal string as Binance writes prices and quantities: digits, optionally a point and digits. */
    private static final Pattern DECIMAL = Pattern.compile("^[0-9]+(\\.[0-9]+)?$");

    private BinanceMapping() {}

    /** Whether a stream name is a partial book depth stream this mapping takes ({@code <symbol>@depth<N>[@100ms]}). */
    public static boolean isDepthStream(String stream) {
        return stream != null && DEPTH.matcher(stream).matches();
    }

    /**
     * The instrument of a depth stream, its symbol in upper case ({@code nearusdt@depth10@100ms} →
     * {@code NEARUSDT}): the raw record key and the norm record key alike.
     */
    public static String instrumentOf(String stream) {
        return depth(stream).group(1).toUpperCase(java.util.Locale.ROOT);
    }

    /** raw.binance.depth (a combined-stream frame; the route validated it against its schema) → norm.order_book.v1. */
    public static Mapped orderBook(byte[] frame, RawEnvelope raw) {
        JsonNode root;
        try {
            root = Envelope.json().readTree(frame);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("frame: not JSON (" + e.getOriginalMessage() + ")");
        } catch (java.io.IOException e) {
            throw new IllegalArgumentException("frame: cannot be read (" + e.getMessage() + ")");
        }
        if (root == null || !root.isObject()) {
            throw new IllegalArgumentException("frame: not a JSON object (a combined-stream frame is one)");
        }
        JsonNode streamNode = root.get("stream");
        if (streamNode == null || !streamNode.isTextual()) {
            throw new IllegalArgumentException(
                    "stream: missing or not text; a combined-stream frame names its stream, was " + streamNode);
        }
        String stream = streamNode.textValue();
        Matcher name = depth(stream);
        int depth = Integer.parseInt(name.group(2));
        JsonNode data = root.get("data");
        if (data == null || !data.isObject()) {
            throw new IllegalArgumentException("data: missing or not an object, was " + abbreviated(data));
        }
        JsonNode updateId = data.get("lastUpdateId");
        if (updateId == null
                || !updateId.isIntegralNumber()
                || !updateId.canConvertToLong()
                || updateId.longValue() < 0) {
            throw new IllegalArgumentException("lastUpdateId: not an update id (an integer from 0), was " + updateId);
        }
        String venueTime = venueTime(data.get("E"));
        String observedAt = time(CloudEventHeaders.OBSERVED_AT, raw.observedAt());
        String ingestedAt = time(CloudEventHeaders.INGESTED_AT, raw.ingestedAt());

        String instrument = name.group(1).toUpperCase(java.util.Locale.ROOT);
        ObjectNode payload = Envelope.object();
        payload.put("instrument", instrument);
        payload.put("stream", stream);
        payload.put("depth", depth);
        payload.put("last_update_id", updateId.longValue());
        payload.set("bids", side("bids", data.get("bids"), depth, -1));
        payload.set("asks", side("asks", data.get("asks"), depth, +1));
        if (venueTime != null) {
            payload.put("venue_time", venueTime);
        }
        // occurred_at: the venue's time when it gave one, else when the venue said it (observed_at);
        // both come from the raw record, so a replay reproduces the event byte for byte.
        return new Mapped(
                instrument,
                Envelope.event(
                        EventIds.normalizedEventId(ORDER_BOOK, raw.id()),
                        ORDER_BOOK,
                        VENUE,
                        SOURCE,
                        venueTime != null ? venueTime : observedAt,
                        observedAt,
                        ingestedAt,
                        raw.id(),
                        payload));
    }

    private static Matcher depth(String stream) {
        Matcher m = stream == null ? null : DEPTH.matcher(stream);
        if (m == null || !m.matches()) {
            throw new IllegalArgumentException("stream: '" + ExactText.requireEncodable("stream", abbreviated(stream))
                    + "' is not a partial book depth stream (<symbol>@depth<5|10|20>[@100ms])");
        }
        return m;
    }

    /**
     * One side, best level first: {@code order} -1 for bids (prices strictly descending), +1 for
     * asks (strictly ascending). At most {@code depth} levels, each a positive price and quantity.
     */
    private static ArrayNode side(String field, JsonNode levels, int depth, int order) {
        if (levels == null || !levels.isArray()) {
            throw new IllegalArgumentException(
                    field + ": missing or not an array of levels, was " + abbreviated(levels));
        }
        if (levels.size() > depth) {
            throw new IllegalArgumentException(field + ": " + levels.size() + " levels in a stream of " + depth
                    + " (the stream carries at most " + depth + ")");
        }
        ArrayNode out = Envelope.json().createArrayNode();
        BigDecimal previous = null;
        for (int i = 0; i < levels.size(); i++) {
            String where = field + "[" + i + "]";
            JsonNode level = levels.get(i);
            if (!level.isArray() || level.size() < 2) {
                throw new IllegalArgumentException(
                        where + ": not a [price, quantity] level, was " + abbreviated(level));
            }
            String price = decimal(where + " price", level.get(0));
            String quantity = decimal(where + " quantity", level.get(1));
            BigDecimal p = new BigDecimal(price);
            if (previous != null && p.compareTo(previous) * order <= 0) {
                throw new IllegalArgumentException(where + ": price " + price + " is not "
                        + (order < 0 ? "below" : "above") + " the level before it (" + previous.toPlainString()
                        + "); " + field + " come best first, prices strictly "
                        + (order < 0 ? "descending" : "ascending"));
            }
            previous = p;
            ObjectNode entry = out.addObject();
            entry.put("price", price);
            entry.put("quantity", quantity);
        }
        return out;
    }

    /** A positive decimal string, kept exactly as the venue wrote it. */
    private static String decimal(String where, JsonNode value) {
        if (value == null
                || !value.isTextual()
                || !DECIMAL.matcher(value.textValue()).matches()) {
            throw new IllegalArgumentException(where + ": " + abbreviated(value)
                    + " is not a decimal string (digits, optionally a point and digits; never a JSON number)");
        }
        if (new BigDecimal(value.textValue()).signum() == 0) {
            throw new IllegalArgumentException(where + ": " + value.textValue()
                    + " is zero; a level of a partial book has a positive price and quantity");
        }
        return value.textValue();
    }

    /** data.E, the venue's event time in ms since the epoch, when the frame has one; null otherwise. */
    private static String venueTime(JsonNode e) {
        if (e == null || e.isNull()) {
            return null;
        }
        if (!e.isIntegralNumber() || !e.canConvertToLong() || e.longValue() < 0) {
            throw new IllegalArgumentException("E: not an event time (ms since the epoch), was " + abbreviated(e));
        }
        return EventTime.format(Instant.ofEpochMilli(e.longValue()));
    }

    /** A raw envelope time, carried through exactly as the ingest wrote it (RFC 3339 UTC, EventTime). */
    private static String time(String header, String value) {
        try {
            Instant.parse(value);
            return value;
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException("header '" + header + "': '" + value + "' is not an RFC 3339 UTC time");
        }
    }

    private static String abbreviated(Object value) {
        String text = String.valueOf(value);
        return text.length() <= 80 ? text : text.substring(0, 80) + "...";
    }
}
