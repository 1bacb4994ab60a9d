package dev.unrip.relaysim;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the WebSocket endpoint is up; reports what it serves. */
@Readiness
@ApplicationScoped
public class SimulatorHealth implements HealthCheck {

    @Inject
    RelayServer server;

    @Inject
    Ledger ledger;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("relay-simulator")
                .up()
                .withData("connections", server.connectionCount())
                .withData("quotes_pushed", ledger.counter("quotes_pushed"))
                .build();
    }
}
