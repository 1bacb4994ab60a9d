package dev.unrip.nearintents.execute;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Optional;
import org.eclipse.microprofile.health.HealthCheck;
import org.eclipse.microprofile.health.HealthCheckResponse;
import org.eclipse.microprofile.health.Readiness;

/**
 * Readiness of a live executor includes what it must have read from the chain to sign: DOWN, with
 * the reason, until current_salt is known and fresh and the signer key is registered (SigningGate).
 */
@Readiness
@ApplicationScoped
public class ChainReadiness implements HealthCheck {

    @Inject
    SigningGate gate;

    @Override
    public HealthCheckResponse call() {
        Optional<SigningGate.Problem> problem = gate.problem();
        return HealthCheckResponse.named("near-intents-signing")
                .status(problem.isEmpty())
                .withData("mode", gate.live() ? "live" : "paper")
                .withData("salt", gate.live() ? String.valueOf(gate.saltHex()) : "paper (none read)")
                .withData("reason", problem.map(SigningGate.Problem::reason).orElse("ok"))
                .build();
    }
}
