package dev.unrip.marketsim;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The simulator's control API from a test: JSON in, JSON out, the expected status checked. */
final class Control {

    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static final ObjectMapper JSON = new ObjectMapper();
    private final URI base;

    Control(URI base) {
        this.base = base;
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), 200);
    }

    JsonNode post(String path, String body) {
        return post(path, body, 200);
    }

    JsonNode post(String path, String body, int expectedStatus) {
        return send(
                HttpRequest.newBuilder(base.resolve(path))
                        .header("Content-Type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                expectedStatus);
    }

    JsonNode stats() {
        return get("/control/stats");
    }

    /** A ws:// address on the simulator's port: {@code /ws/...} or {@code /stream?streams=...}. */
    URI ws(String pathAndQuery) {
        return URI.create("ws://" + base.getHost() + ":" + base.getPort() + pathAndQuery);
    }

    private static JsonNode send(HttpRequest request, int expectedStatus) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != expectedStatus) {
                throw new AssertionError(request.method() + " " + request.uri() + ": expected " + expectedStatus
                        + ", got " + response.statusCode() + " " + response.body());
            }
            return JSON.readTree(response.body());
        } catch (java.io.IOException e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
