package dev.unrip.routes.testing;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The relay simulator's control API ({@code /control/*}, tools/relay-simulator/README.md) from a test. */
public final class SimulatorControl {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private final String base;

    /** @param base {@code http://localhost:<port>} */
    public SimulatorControl(String base) {
        this.base = base;
    }

    /** POSTs the body; anything but 200 fails the test with the simulator's answer. */
    public JsonNode post(String path, String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build());
        if (response.statusCode() != 200) {
            throw new AssertionError("POST " + path + ": " + response.statusCode() + " " + response.body());
        }
        return parse(response.body());
    }

    public JsonNode get(String path) {
        return parse(
                send(HttpRequest.newBuilder(URI.create(base + path)).build()).body());
    }

    /** DELETEs; anything but 200 fails the test with the simulator's answer. */
    public JsonNode delete(String path) {
        HttpResponse<String> response =
                send(HttpRequest.newBuilder(URI.create(base + path)).DELETE().build());
        if (response.statusCode() != 200) {
            throw new AssertionError("DELETE " + path + ": " + response.statusCode() + " " + response.body());
        }
        return parse(response.body());
    }

    /** DELETEs with a body; anything but 200 fails the test with the simulator's answer. */
    public JsonNode delete(String path, String body) {
        HttpResponse<String> response = send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .method("DELETE", HttpRequest.BodyPublishers.ofString(body))
                .build());
        if (response.statusCode() != 200) {
            throw new AssertionError("DELETE " + path + ": " + response.statusCode() + " " + response.body());
        }
        return parse(response.body());
    }

    public JsonNode stats() {
        return get("/control/stats");
    }

    /** Pushes quote requests (envelope B) at 50/s. */
    public JsonNode pushQuotes(int count) {
        return post("/control/quotes", "{\"count\":" + count + ",\"rate\":50,\"envelope\":\"B\"}");
    }

    private static HttpResponse<String> send(HttpRequest request) {
        try {
            return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(request.uri() + ": " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode parse(String body) {
        try {
            return JSON.readTree(body);
        } catch (IOException e) {
            throw new AssertionError("not JSON: " + body, e);
        }
    }
}
