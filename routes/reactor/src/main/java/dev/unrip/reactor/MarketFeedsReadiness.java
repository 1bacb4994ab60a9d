package dev.unrip.reactor;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.List;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness includes having rebuilt the inventory: DOWN until balances, outstanding commands, their
 * results and the risk limits have been read to their ends (the reactor quotes nothing meanwhile),
 * naming what is missing and why.
 */
@Readiness
@ApplicationScoped
public class MarketFeedsReadiness implements HealthCheck {

    @Inject
    MarketFeeds feeds;

    @Override
    public HealthCheckResponse call() {
        List<String> missing = feeds.notLoaded();
        HealthCheckResponseBuilder b = HealthCheckResponse.named("market-feeds").status(missing.isEmpty());
        if (!missing.isEmpty()) {
            b.withData("not_loaded", String.join("; ", missing));
        }
        return b.build();
    }
}
