package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.NullNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/**
 * The JSON shapes of a NEAR RPC node's answers (nearcore's JSON-RPC), in one place so every path
 * answers alike: a call_function result (the return value as a byte array), the newer structured
 * errors ({@code name}/{@code cause}/{@code info} plus the legacy {@code code}/{@code message}/
 * {@code data}), and the older contract error carried inside {@code result}.
 */
final class NearRpc {

    /** The block a view was answered at. */
    record Block(long height, String hash) {}

    /** Prefix of every contract error text; FunctionCallError(...) follows. */
    static final String WASM_FAILED = "wasm execution failed with error: ";

    private static final JsonNodeFactory NODES = JsonNodeFactory.instance;

    private NearRpc() {}

    /** {@code {"result":{"result":[bytes 0..255],"logs":[],"block_height","block_hash"}}} */
    static ObjectNode result(JsonNode id, byte[] value, Block block) {
        ObjectNode out = envelope(id);
        ObjectNode result = out.putObject("result");
        ArrayNode bytes = result.putArray("result");
        for (byte b : value) {
            bytes.add(b & 0xff);
        }
        result.putArray("logs");
        result.put("block_height", block.height());
        result.put("block_hash", block.hash());
        return out;
    }

    /** The older shape of a contract error: {@code {"result":{"error":"wasm execution failed ...","logs":[],...}}}, no bytes. */
    static ObjectNode oldContractError(JsonNode id, String functionCallError, Block block) {
        ObjectNode out = envelope(id);
        ObjectNode result = out.putObject("result");
        result.put("error", WASM_FAILED + "FunctionCallError(" + functionCallError + ")");
        result.putArray("logs");
        result.put("block_height", block.height());
        result.put("block_hash", block.hash());
        return out;
    }

    /** The newer shape of a contract error: HANDLER_ERROR / CONTRACT_EXECUTION_ERROR with {@code info.vm_error}. */
    static ObjectNode contractError(JsonNode id, String functionCallError, Block block) {
        String vmError = WASM_FAILED + "FunctionCallError(" + functionCallError + ")";
        ObjectNode info = NODES.objectNode().put("vm_error", vmError);
        info.put("block_height", block.height());
        info.put("block_hash", block.hash());
        return handlerError(id, "CONTRACT_EXECUTION_ERROR", info, vmError);
    }

    /** HTTP 200: the request was understood, the node could not answer it ({@code code} -32000, "Server error"). */
    static ObjectNode handlerError(JsonNode id, String cause, ObjectNode info, String data) {
        return error(id, "HANDLER_ERROR", cause, info, -32000, "Server error", data);
    }

    /** HTTP 400: the body is not JSON or not a request this node serves ({@code PARSE_ERROR}, -32700). */
    static ObjectNode parseError(JsonNode id, String why) {
        return requestValidationError(
                id, "PARSE_ERROR", "error_message", why, -32700, "Parse error", "Parse error: " + why);
    }

    /** HTTP 400: an unknown JSON-RPC method ({@code METHOD_NOT_FOUND}, -32601). */
    static ObjectNode methodNotFound(JsonNode id, String method) {
        return requestValidationError(
                id, "METHOD_NOT_FOUND", "method_name", method, -32601, "Method not found", method);
    }

    /** HTTP 400: REQUEST_VALIDATION_ERROR, its {@code cause.info} the one field that names what was refused. */
    private static ObjectNode requestValidationError(
            JsonNode id, String cause, String infoField, String infoValue, int code, String message, String data) {
        ObjectNode info = NODES.objectNode().put(infoField, infoValue);
        return error(id, "REQUEST_VALIDATION_ERROR", cause, info, code, message, data);
    }

    private static ObjectNode error(
            JsonNode id, String name, String cause, ObjectNode info, int code, String message, String data) {
        ObjectNode out = envelope(id);
        ObjectNode error = out.putObject("error");
        error.put("name", name);
        error.putObject("cause").put("name", cause).set("info", info);
        error.put("code", code);
        error.put("message", message);
        error.put("data", data);
        return out;
    }

    private static ObjectNode envelope(JsonNode id) {
        ObjectNode out = NODES.objectNode().put("jsonrpc", "2.0");
        out.set("id", id == null ? NullNode.getInstance() : id);
        return out;
    }
}
