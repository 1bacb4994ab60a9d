package dev.unrip.marketsim;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/** Ready once the stream endpoints are up; reports the books and the connections. */
@Readiness
@ApplicationScoped
public class SimulatorHealth implements HealthCheck {

    @Inject
    StreamServer server;

    @Inject
    Books books;

    @Override
    public HealthCheckResponse call() {
        return HealthCheckResponse.named("market-simulator")
                .up()
                .withData("connections", server.connections().size())
                .withData(
                        "symbols",
                        String.join(
                                ",",
                                books.all().stream().map(b -> b.spec.symbol()).toList()))
                .build();
    }
}
