package dev.unrip.relaysim;

import static org.junit.jupiter.api.Assertions.assertEquals;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** What the tests' HTTP clients of the simulator share: its address, one JDK client, JSON answers. */
abstract class SimulatorHttp {

    static final HttpClient HTTP = HttpClient.newHttpClient();
    static final ObjectMapper JSON = new ObjectMapper();
    final URI base;

    SimulatorHttp(URI base) {
        this.base = base;
    }

    /** Sends the request; its answer must have this status, and its body is read as JSON. */
    JsonNode send(HttpRequest request, int expectedStatus) {
        try {
            HttpResponse<String> response = HTTP.send(request, HttpResponse.BodyHandlers.ofString());
            assertEquals(expectedStatus, response.statusCode(), request.uri() + ": " + response.body());
            return JSON.readTree(response.body());
        } catch (Exception e) {
            throw new IllegalStateException(request.uri() + ": " + e.getMessage(), e);
        }
    }
}
