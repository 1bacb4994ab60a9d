package dev.unrip.marketsim;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.vertx.ext.web.RoutingContext;

/**
 * The JSON side of the simulator's HTTP endpoints, alike on every one: a request's body read as a
 * JSON object, the {@code {"error":...}} body of a refusal, and a JSON answer with its status.
 */
final class HttpJson {

    private static final ObjectMapper JSON = new ObjectMapper();

    private HttpJson() {}

    /** The body as a JSON object: {@code ifBlank} when there is none, null when it is not a JSON object. */
    static JsonNode body(RoutingContext rc, JsonNode ifBlank) {
        String text = rc.body() == null ? null : rc.body().asString();
        if (text == null || text.isBlank()) {
            return ifBlank;
        }
        try {
            JsonNode node = JSON.readTree(text);
            return node != null && node.isObject() ? node : null;
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    static ObjectNode problem(String message) {
        return JSON.createObjectNode().put("error", message);
    }

    static void json(RoutingContext rc, int status, JsonNode body) {
        rc.response()
                .setStatusCode(status)
                .putHeader("content-type", "application/json")
                .end(body.toString());
    }
}
