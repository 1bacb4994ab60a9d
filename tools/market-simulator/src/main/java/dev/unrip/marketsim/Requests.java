package dev.unrip.marketsim;

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.BooleanNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The live subscription requests of Binance's stream API (web-socket-streams.md, "Live
 * Subscribing/Unsubscribing to streams"): SUBSCRIBE, UNSUBSCRIBE, LIST_SUBSCRIPTIONS, SET_PROPERTY
 * and GET_PROPERTY ({@code combined}), each answered {@code {"result":...,"id":<same>}}, and the
 * documented refusals ("Error Messages"): code 3 for text that is not JSON, code 2 for a request
 * the venue cannot read (no {@code method}, an unknown one, a bad id, too many parameters, a
 * malformed stream name), code 0 for an unknown property, code 1 for a property value that is not
 * a boolean. A refusal of a request that could not be read carries {@code "id":null}; one of a
 * readable request carries its id.
 */
final class Requests {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> METHODS =
            Set.of("SUBSCRIBE", "UNSUBSCRIBE", "LIST_SUBSCRIPTIONS", "SET_PROPERTY", "GET_PROPERTY");
    private static final String EXPECTED =
            "expected one of `SUBSCRIBE`, `UNSUBSCRIBE`, `LIST_SUBSCRIPTIONS`, `SET_PROPERTY`, `GET_PROPERTY`";
    /** The documented id formats: a 64-bit signed integer, a string of up to 36 characters (a UUID fits), or null. */
    private static final Pattern TEXT_ID = Pattern.compile("[A-Za-z0-9_-]{1,36}");

    private Requests() {}

    /** The answer to one text message of a connection (never null: every request gets one). */
    static String answer(MarketConnection c, String text, int maxStreams) {
        JsonNode request;
        try {
            request = JSON.readTree(text);
        } catch (JsonProcessingException e) {
            JsonLocation at = e.getLocation();
            return Payloads.error(
                    null,
                    3,
                    "Invalid JSON: expected value at line " + (at == null ? 1 : at.getLineNr()) + " column "
                            + (at == null ? 1 : at.getColumnNr()));
        }
        if (request == null || request.isMissingNode()) {
            return Payloads.error(null, 3, "Invalid JSON: EOF while parsing a value at line 1 column 0");
        }
        if (!request.isObject()) {
            return Payloads.error(
                    null,
                    2,
                    "Invalid request: invalid type: "
                            + request.getNodeType().name().toLowerCase() + ", expected struct Request");
        }
        JsonNode method = request.get("method");
        if (method == null) {
            return Payloads.error(
                    null, 2, "Invalid request: missing field `method` at " + position(text, lastChar(text)));
        }
        if (!method.isTextual() || !METHODS.contains(method.asText())) {
            return Payloads.error(
                    null,
                    2,
                    "Invalid request: unknown variant `" + method.asText(method.toString()) + "`, " + EXPECTED + " at "
                            + position(text, methodEnd(text)));
        }
        JsonNode id = request.get("id");
        if (!validId(id)) {
            return Payloads.error(null, 2, "Invalid request: request ID must be an unsigned integer");
        }
        JsonNode params = request.get("params");
        return switch (method.asText()) {
            case "SUBSCRIBE", "UNSUBSCRIBE" -> streams(c, id, method.asText(), params, maxStreams);
            case "LIST_SUBSCRIPTIONS" -> {
                ArrayNode list = JSON.createArrayNode();
                c.listSubscriptions().forEach(list::add);
                yield Payloads.result(id, list);
            }
            default -> property(c, id, method.asText().equals("SET_PROPERTY"), params);
        };
    }

    private static String streams(MarketConnection c, JsonNode id, String method, JsonNode params, int max) {
        if (params == null || !params.isArray()) {
            return Payloads.error(id, 2, "Invalid request: missing field `params`: a list of stream names");
        }
        List<String> names = new ArrayList<>();
        for (JsonNode name : params) {
            if (!name.isTextual() || !StreamName.wellFormed(name.asText())) {
                return Payloads.error(id, 2, "Invalid request: invalid stream");
            }
            names.add(name.asText());
        }
        if (method.equals("UNSUBSCRIBE")) {
            c.unsubscribe(names);
        } else if (!c.subscribe(names, max)) {
            return Payloads.error(
                    id, 2, "Invalid request: too many streams: a connection can listen to at most " + max + " streams");
        }
        return Payloads.result(id, null);
    }

    /** SET_PROPERTY ["combined", true|false] and GET_PROPERTY ["combined"]: the only property there is. */
    private static String property(MarketConnection c, JsonNode id, boolean set, JsonNode params) {
        int size = params == null || !params.isArray() ? 0 : params.size();
        if (size > (set ? 2 : 1)) {
            return Payloads.error(id, 2, "Invalid request: too many parameters");
        }
        JsonNode name = size == 0 ? null : params.get(0);
        if (name == null || !name.isTextual()) {
            return Payloads.error(id, 2, "Invalid request: property name must be a string");
        }
        if (!name.asText().equals("combined")) {
            return Payloads.error(id, 0, "Unknown property");
        }
        if (!set) {
            return Payloads.result(id, BooleanNode.valueOf(c.combined));
        }
        JsonNode value = size < 2 ? null : params.get(1);
        if (value == null || !value.isBoolean()) {
            return Payloads.error(id, 1, "Invalid value type: expected Boolean");
        }
        c.combined = value.asBoolean();
        return Payloads.result(id, null);
    }

    private static boolean validId(JsonNode id) {
        return id != null
                && (id.isNull()
                        || (id.isIntegralNumber() && id.canConvertToLong())
                        || (id.isTextual() && TEXT_ID.matcher(id.asText()).matches()));
    }

    /** Where serde, which Binance's messages come from, says a problem is: the line and column of a character. */
    static String position(String text, int index) {
        int line = 1;
        int column = 0;
        for (int i = 0; i <= index && i < text.length(); i++) {
            if (text.charAt(i) == '\n') {
                line++;
                column = 0;
            } else {
                column++;
            }
        }
        return "line " + line + " column " + column;
    }

    private static int lastChar(String text) {
        int i = text.length() - 1;
        while (i > 0 && Character.isWhitespace(text.charAt(i))) {
            i--;
        }
        return i;
    }

    /** The index of the last character of the top-level {@code method} value. */
    private static int methodEnd(String text) {
        try (JsonParser parser = JSON.createParser(text)) {
            int depth = 0;
            for (JsonToken t = parser.nextToken(); t != null; t = parser.nextToken()) {
                if (t == JsonToken.START_OBJECT || t == JsonToken.START_ARRAY) {
                    depth++;
                } else if (t == JsonToken.END_OBJECT || t == JsonToken.END_ARRAY) {
                    depth--;
                } else if (t == JsonToken.FIELD_NAME
                        && depth == 1
                        && parser.currentName().equals("method")) {
                    parser.nextToken();
                    parser.skipChildren();
                    parser.finishToken();
                    return (int) parser.currentLocation().getCharOffset() - 1;
                }
            }
        } catch (IOException e) {
            // read before: cannot happen
        }
        return lastChar(text);
    }
}
