package dev.unrip.nearintents.chain;

import dev.unrip.nearintents.chain.RpcError.Kind;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.time.Duration;

/**
 * The RPC client's meters, the same in every route group that reads the chain: {@code
 * unrip_near_rpc_calls_total{endpoint,method,outcome}} (outcome ok or the failure's kind), {@code
 * unrip_near_rpc_errors_total{kind,method}} and the latency per endpoint, {@code
 * unrip_near_rpc_latency_seconds{endpoint}}.
 */
public final class RpcMeters implements NearRpc.Observer {

    private final MeterRegistry registry;

    public RpcMeters(MeterRegistry registry) {
        this.registry = registry;
    }

    @Override
    public void attempt(String endpoint, String method, Kind failure, Duration latency) {
        registry.counter(
                        "unrip_near_rpc_calls_total",
                        "endpoint",
                        endpoint,
                        "method",
                        method,
                        "outcome",
                        failure == null ? "ok" : failure.label())
                .increment();
        if (failure != null) {
            registry.counter("unrip_near_rpc_errors_total", "kind", failure.label(), "method", method)
                    .increment();
        }
        Timer.builder("unrip_near_rpc_latency")
                .description("one NEAR JSON-RPC attempt, answer or failure")
                .tag("endpoint", endpoint)
                .publishPercentiles(0.5, 0.99)
                .register(registry)
                .record(latency);
    }
}
