package dev.unrip.relaysim;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;

/** The simulator's HTTP control API, as a test calls it. */
final class Control extends SimulatorHttp {

    Control(URI base) {
        super(base);
    }

    JsonNode get(String path) {
        return send(HttpRequest.newBuilder(base.resolve(path)).GET().build(), 200);
    }

    JsonNode post(String path, String body) {
        return send(
                HttpRequest.newBuilder(base.resolve(path))
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                200);
    }

    /** Any method with a body, expecting this status. */
    JsonNode call(String method, String path, String body, int expectedStatus) {
        return send(
                HttpRequest.newBuilder(base.resolve(path))
                        .method(method, HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                expectedStatus);
    }

    int postStatus(String path, String body) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(base.resolve(path))
                                    .POST(HttpRequest.BodyPublishers.ofString(body))
                                    .build(),
                            HttpResponse.BodyHandlers.discarding())
                    .statusCode();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** A GET's body as text (metrics). */
    String text(String path) {
        try {
            return HTTP.send(
                            HttpRequest.newBuilder(base.resolve(path)).GET().build(),
                            HttpResponse.BodyHandlers.ofString())
                    .body();
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    JsonNode stats() {
        return get("/control/stats");
    }
}
