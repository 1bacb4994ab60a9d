package dev.unrip.nearintents.execute;

import dev.unrip.nearintents.chain.IntentsContract;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.Optional;

/**
 * The executor's line to the chain: the intents contract over NEAR_RPC_URLS, when any are
 * configured (live mode requires them; paper mode never reads the chain).
 */
@ApplicationScoped
public class Chain {

    private final Optional<IntentsContract> contract;

    @Inject
    Chain(NearConfig near, MeterRegistry registry) {
        contract = IntentsContract.over(
                near.rpc().urls(),
                Duration.ofMillis(near.rpc().timeoutMs()),
                near.rpc().finality(),
                near.rpc().contractId(),
                registry);
    }

    /** The contract, or empty when no RPC endpoint is configured. */
    public Optional<IntentsContract> contract() {
        return contract;
    }
}
