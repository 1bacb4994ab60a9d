package dev.unrip.nearintents.chain;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.unrip.nearintents.chain.RpcError.Kind;
import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * Reads a NEAR JSON-RPC answer to a {@code call_function} query, strictly: a value only from a
 * {@code result} with a byte array and a block height; the errors classified by their name and
 * cause (current nodes), or as a contract error when an HTTP 200 {@code result} carries an {@code
 * error} string and no bytes (the older shape).
 */
final class RpcAnswer {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RpcAnswer() {}

    static NearRpc.View read(String id, byte[] body, String endpoint, Duration latency) throws RpcError {
        JsonNode answer;
        try {
            answer = JSON.readTree(body);
        } catch (IOException e) {
            throw new RpcError(Kind.MALFORMED, endpoint, "the answer is not JSON", body);
        }
        if (answer == null || !answer.isObject()) {
            throw new RpcError(Kind.MALFORMED, endpoint, "the answer is not a JSON object", body);
        }
        if (!id.equals(answer.path("id").asText(null))) {
            throw new RpcError(Kind.MALFORMED, endpoint, "the answer's id is not the request's (" + id + ")", body);
        }
        if (answer.has("error")) {
            throw error(answer.get("error"), endpoint, body);
        }
        JsonNode result = answer.path("result");
        if (!result.isObject()) {
            throw new RpcError(Kind.MALFORMED, endpoint, "the answer has neither result nor error", body);
        }
        if (result.has("error")) {
            // The older shape: a failed contract call inside an HTTP 200 result.
            throw new RpcError(
                    Kind.CONTRACT_ERROR,
                    endpoint,
                    result.path("error").asText(result.get("error").toString()),
                    body);
        }
        JsonNode bytes = result.path("result");
        if (!bytes.isArray()) {
            throw new RpcError(Kind.MALFORMED, endpoint, "result.result is not a byte array", body);
        }
        byte[] value = new byte[bytes.size()];
        for (int i = 0; i < value.length; i++) {
            JsonNode b = bytes.get(i);
            if (!b.isInt() || b.asInt() < 0 || b.asInt() > 255) {
                throw new RpcError(Kind.MALFORMED, endpoint, "result.result[" + i + "] is not a byte (0..255)", body);
            }
            value[i] = (byte) b.asInt();
        }
        if (!result.path("block_height").canConvertToExactIntegral()) {
            throw new RpcError(Kind.MALFORMED, endpoint, "result.block_height is not an integer", body);
        }
        return new NearRpc.View(
                value,
                result.path("block_height").asLong(),
                result.path("block_hash").asText(null),
                endpoint,
                body,
                latency);
    }

    /** A non-200 answer that is a node's structured refusal (e.g. HTTP 400 REQUEST_VALIDATION_ERROR), classified. */
    static Optional<RpcError> refusal(byte[] body, String endpoint) {
        try {
            JsonNode answer = JSON.readTree(body);
            if (answer != null && answer.path("error").has("name")) {
                return Optional.of(error(answer.get("error"), endpoint, body));
            }
        } catch (IOException e) {
            // not JSON: an endpoint that cannot answer
        }
        return Optional.empty();
    }

    /** A JSON-RPC error object, classified. */
    private static RpcError error(JsonNode error, String endpoint, byte[] body) {
        String name = error.path("name").asText("");
        String cause = error.path("cause").path("name").asText("");
        String detail = describe(error);
        return switch (name) {
            case "HANDLER_ERROR" ->
                new RpcError(
                        "CONTRACT_EXECUTION_ERROR".equals(cause) ? Kind.CONTRACT_ERROR : Kind.HANDLER_ERROR,
                        endpoint,
                        detail,
                        body);
            case "INTERNAL_ERROR" -> new RpcError(Kind.UNAVAILABLE, endpoint, detail, body);
            case "REQUEST_VALIDATION_ERROR" -> new RpcError(Kind.REQUEST_ERROR, endpoint, detail, body);
            default -> {
                // Nodes before the structured errors: code/message/data only.
                String text = error.toString();
                yield new RpcError(
                        text.contains("wasm execution failed") || text.contains("FunctionCallError")
                                ? Kind.CONTRACT_ERROR
                                : Kind.REQUEST_ERROR,
                        endpoint,
                        detail,
                        body);
            }
        };
    }

    private static String describe(JsonNode error) {
        StringBuilder out = new StringBuilder();
        out.append(error.path("name").asText("error"));
        if (error.path("cause").has("name")) {
            out.append('/').append(error.path("cause").path("name").asText());
        }
        JsonNode info = error.path("cause").path("info");
        if (!info.isMissingNode() && !info.isNull()) {
            out.append(' ').append(info);
        } else if (error.has("data")) {
            out.append(' ').append(error.path("data").asText(error.path("data").toString()));
        } else if (error.has("message")) {
            out.append(' ').append(error.path("message").asText());
        }
        return out.toString();
    }
}
