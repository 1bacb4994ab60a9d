package dev.unrip.marketsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The frames, in the shapes of Binance's spot stream documentation (binance/binance-spot-api-docs,
 * web-socket-streams.md, 2026-07: "Partial Book Depth Streams", "Individual Symbol Book Ticker
 * Streams", "Server Shutdown", "Live Subscribing/Unsubscribing to streams", "Error Messages"),
 * compact JSON as the venue sends it. Prices and quantities are the snapshot's decimal strings.
 */
final class Payloads {

    private Payloads() {}

    /** {@code {"lastUpdateId":160,"bids":[["0.0024","10"]],"asks":[["0.0026","100"]]}}, best levels first. */
    static String depth(BookSnapshot book, int levels) {
        StringBuilder out = new StringBuilder(64 + levels * 60);
        out.append("{\"lastUpdateId\":").append(book.lastUpdateId()).append(",\"bids\":");
        levels(out, book, book.bids().size(), levels, true);
        out.append(",\"asks\":");
        levels(out, book, book.asks().size(), levels, false);
        return out.append('}').toString();
    }

    private static void levels(StringBuilder out, BookSnapshot book, int available, int levels, boolean bids) {
        out.append('[');
        for (int i = 0; i < Math.min(available, levels); i++) {
            BookSnapshot.Level level = bids ? book.bids().get(i) : book.asks().get(i);
            if (i > 0) {
                out.append(',');
            }
            out.append("[\"")
                    .append(level.price())
                    .append("\",\"")
                    .append(level.qty())
                    .append("\"]");
        }
        out.append(']');
    }

    /** {@code {"u":400900217,"s":"BNBUSDT","b":"25.35190000","B":"31.21000000","a":"25.36520000","A":"40.66000000"}}. */
    static String bookTicker(BookSnapshot book) {
        BookSnapshot.Level bid = book.bestBid();
        BookSnapshot.Level ask = book.bestAsk();
        return "{\"u\":" + book.lastUpdateId() + ",\"s\":\"" + book.symbol() + "\",\"b\":\"" + bid.price()
                + "\",\"B\":\"" + bid.qty() + "\",\"a\":\"" + ask.price() + "\",\"A\":\"" + ask.qty() + "\"}";
    }

    /** A combined stream's envelope: {@code {"stream":"<streamName>","data":<rawPayload>}}. */
    static String combined(String stream, String payload) {
        return "{\"stream\":\"" + stream + "\",\"data\":" + payload + "}";
    }

    /** {@code {"e":"serverShutdown","E":<ms>}}; on a combined connection under the stream {@code !serverShutdown}. */
    static String serverShutdown(long now, boolean combined) {
        String event = "{\"e\":\"serverShutdown\",\"E\":" + now + "}";
        return combined ? combined("!serverShutdown", event) : event;
    }

    /** {@code {"result":<result>,"id":<id>}}: null for SUBSCRIBE, UNSUBSCRIBE and SET_PROPERTY. */
    static String result(JsonNode id, JsonNode result) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.set("result", result == null ? NullNode.getInstance() : result);
        out.set("id", id == null ? NullNode.getInstance() : id);
        return out.toString();
    }

    /**
     * A refused request. The documentation's table lists the bare {@code {"code":2,"msg":"Invalid
     * request: ..."}}; on the wire Binance nests it, with the request's id (null when there is none
     * to read): {@code {"error":{"code":2,"msg":"Invalid request: invalid stream"},"id":1}}, as the
     * public clients that parse those answers record it.
     */
    static String error(JsonNode id, int code, String msg) {
        ObjectNode out = JsonNodeFactory.instance.objectNode();
        out.putObject("error").put("code", code).put("msg", msg);
        out.set("id", id == null ? NullNode.getInstance() : id);
        return out.toString();
    }
}
