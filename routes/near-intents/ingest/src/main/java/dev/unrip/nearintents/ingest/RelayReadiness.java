package dev.unrip.nearintents.ingest;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of the ingest includes its venue connection: while the relay is away the ingest is
 * not ready (no frames can come in), but it stays alive and keeps reconnecting, so liveness never
 * restarts it for the venue's outage.
 */
@Readiness
@ApplicationScoped
public class RelayReadiness implements HealthCheck {

    @Inject
    RelayConnection relay;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("near-intents-relay")
                .status(relay.isConnected())
                .withData("url", relay.url())
                .withData("disconnected_for_ms", relay.disconnectedForMs())
                .build();
    }
}
