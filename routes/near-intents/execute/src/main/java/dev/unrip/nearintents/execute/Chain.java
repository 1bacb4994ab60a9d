package dev.unrip.nearintents.execute;

import dev.unrip.nearintents.chain.IntentsContract;
import dev.unrip.nearintents.chain.NearRpc;
import dev.unrip.nearintents.chain.RpcMeters;
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
        contract = near.rpc()
                .urls()
                .map(NearRpc::urls)
                .filter(urls -> !urls.isEmpty())
                .map(urls -> new IntentsContract(
                        new NearRpc(
                                urls,
                                Duration.ofMillis(near.rpc().timeoutMs()),
                                near.rpc().finality(),
                                new RpcMeters(registry)),
                        near.rpc().contractId()));
    }

    /** The contract, or empty when no RPC endpoint is configured. */
    public Optional<IntentsContract> contract() {
        return contract;
    }
}
