package dev.unrip.binance.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the ingest includes its venue connection: while the stream server is away the
 * ingest is not ready (no books can come in), but it stays alive and keeps reconnecting, so
 * liveness never restarts it for the venue's outage.
 */
@Readiness
@ApplicationScoped
public class BinanceReadiness implements HealthCheck {

    @Inject
    BinanceConnection connection;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("binance-streams")
                .status(connection.isConnected())
                .withData("url", connection.url())
                .withData("streams", String.join(",", connection.streams()))
                .withData("disconnected_for_ms", connection.disconnectedForMs())
                .build();
    }
}
