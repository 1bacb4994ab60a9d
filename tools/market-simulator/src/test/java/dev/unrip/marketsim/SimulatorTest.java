package dev.unrip.marketsim;

import static org.awaitility.Awaitility.await;

import io.quarkus.test.common.http.TestHTTPResource;
import java.net.URI;
import java.net.URL;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;

/**
 * What every test of the running simulator shares: the control API, a reset before each test
 * (books, settings, counters), and the clients it opened closed after it.
 */
abstract class SimulatorTest {

    @TestHTTPResource("/")
    URL base;

    Control control;
    private final List<WsClient> clients = new ArrayList<>();

    @BeforeEach
    void resetTheSimulator() throws Exception {
        control = new Control(base.toURI());
        control.post("/control/reset", "");
    }

    @AfterEach
    void closeClients() {
        clients.forEach(WsClient::close);
        await().atMost(WsClient.WAIT)
                .until(() -> control.stats().path("connections").asInt() == 0);
    }

    /** Connects to {@code /ws...} or {@code /stream...}, answering pings as a client should. */
    WsClient connect(String pathAndQuery) {
        return connect(pathAndQuery, true);
    }

    WsClient connect(String pathAndQuery, boolean autoPong) {
        WsClient client = WsClient.connect(control.ws(pathAndQuery), autoPong);
        clients.add(client);
        return client;
    }

    URI ws(String pathAndQuery) {
        return control.ws(pathAndQuery);
    }
}
