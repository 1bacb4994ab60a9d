package dev.unrip.routes.common;

import dev.unrip.contracts.TradingStateRecord.Effective;
import io.quarkus.arc.properties.IfBuildProperty;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.HealthCheckResponseBuilder;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness includes having read the trading state: DOWN until the control topic has been read to
 * its end (the process treats trading as HALTED meanwhile), then UP whatever the state is, since a
 * halted process is healthy and must stay in service to obey a resume. The details say what applies.
 */
@IfBuildProperty(name = "trading-state.enabled", stringValue = "true")
@Readiness
@ApplicationScoped
public class TradingStateReadiness implements HealthCheck {

    @Inject
    TradingState state;

    @Override
    public HealthCheckResponse call() {
        Effective e = state.effective(state.strategy().orElse(null));
        HealthCheckResponseBuilder b = HealthCheckResponse.named("trading-state")
                .status(state.caughtUp())
                .withData("caught_up", state.caughtUp())
                .withData("effective", e.state().name())
                .withData("decided_by", e.scope())
                .withData("reason", e.reason())
                .withData("venue", state.venue());
        state.strategy().ifPresent(s -> b.withData("strategy", s));
        if (e.setBy() != null) {
            b.withData("set_by", e.setBy()).withData("set_at", e.setAt());
        }
        if (!state.caughtUp()) {
            b.withData("read_problem", state.readProblem());
        }
        return b.build();
    }
}
