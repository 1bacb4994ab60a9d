package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;

/** A NEAR JSON-RPC client of the simulator's /rpc endpoints, as a test calls them. */
final class Rpc extends SimulatorHttp {

    Rpc(URI base) {
        super(base);
    }

    /** The body of a call_function query of the view with these JSON args. */
    static String query(String account, String method, String argsJson) {
        return "{\"jsonrpc\":\"2.0\",\"id\":\"dontcare\",\"method\":\"query\",\"params\":{"
                + "\"request_type\":\"call_function\",\"finality\":\"final\",\"account_id\":\"" + account
                + "\",\"method_name\":\"" + method + "\",\"args_base64\":\""
                + Base64.getEncoder().encodeToString(argsJson.getBytes(StandardCharsets.UTF_8)) + "\"}}";
    }

    /** POSTs the body to {@code path} (/rpc or /rpc/name); {@code timeout} null: no client timeout. */
    HttpResponse<String> post(String path, String body, Duration timeout) throws Exception {
        return HTTP.send(request(path, body, timeout), HttpResponse.BodyHandlers.ofString());
    }

    private HttpRequest request(String path, String body, Duration timeout) {
        HttpRequest.Builder request = HttpRequest.newBuilder(base.resolve(path))
                .header("content-type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (timeout != null) {
            request.timeout(timeout);
        }
        return request.build();
    }

    /** The whole JSON-RPC answer to a view of intents.near on /rpc, which must be HTTP 200. */
    JsonNode call(String method, String argsJson) {
        return call("/rpc", "intents.near", method, argsJson);
    }

    JsonNode call(String path, String account, String method, String argsJson) {
        return send(request(path, query(account, method, argsJson), null), 200);
    }

    /** The view's return value: the result bytes, read as JSON. */
    JsonNode view(String method, String argsJson) {
        return value(call(method, argsJson));
    }

    static JsonNode value(JsonNode answer) {
        JsonNode bytes = answer.path("result").path("result");
        if (!bytes.isArray()) {
            throw new AssertionError("no result bytes: " + answer);
        }
        byte[] raw = new byte[bytes.size()];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) bytes.get(i).asInt();
        }
        try {
            return JSON.readTree(raw);
        } catch (Exception e) {
            throw new AssertionError("result bytes are not JSON: " + new String(raw, StandardCharsets.UTF_8));
        }
    }
}
