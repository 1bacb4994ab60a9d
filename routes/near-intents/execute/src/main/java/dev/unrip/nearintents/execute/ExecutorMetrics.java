package dev.unrip.nearintents.execute;

import dev.unrip.mapping.execute.ExecutionState;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/** The executor's meters, built once when the bean is created, not per command. */
@ApplicationScoped
public class ExecutorMetrics {

    @Inject
    MeterRegistry registry;

    @Inject
    ExecutorConfig config;

    private final AtomicLong inDoubt = new AtomicLong();
    private Timer frameToResponse;
    private Timer receivePhase;
    private Timer claimPhase;
    private Timer venuePhase;
    private Timer finishPhase;

    @PostConstruct
    void meters() {
        frameToResponse = Timer.builder("unrip_executor_frame_to_response")
                .description("relay frame arrival (observed_at) to the quote response sent")
                .tag("mode", config.mode())
                .publishPercentileHistogram()
                .register(registry);
        receivePhase = phase("receive");
        claimPhase = phase("claim");
        venuePhase = phase("venue");
        finishPhase = phase("finish");
    }

    /** Where a batch's time goes: one timer per phase of executeBatch. */
    private Timer phase(String name) {
        return Timer.builder("unrip_executor_batch_phase")
                .description("time of one phase of a batch of commands: "
                        + "receive (idempotent repository + RECEIVED, one transaction), claim (EXECUTING and immediate endings, one transaction), "
                        + "venue (build, sign, send and await the answers), finish (the outcomes, one transaction)")
                .tag("phase", name)
                .publishPercentiles(0.5, 0.99)
                .register(registry);
    }

    /** At start: the in-doubt gauge, and the counters an alert watches visible at 0, so their rate has a series to look at. */
    void registerAtStart() {
        registry.gauge("unrip_executor_in_doubt", inDoubt);
        registry.counter("unrip_executor_duplicates_suppressed_total");
        registry.counter("unrip_executor_reconciled_total", "status", ExecutionState.SUCCEEDED.text());
    }

    void receivePhase(long nanos) {
        receivePhase.record(nanos, TimeUnit.NANOSECONDS);
    }

    void claimPhase(long nanos) {
        claimPhase.record(nanos, TimeUnit.NANOSECONDS);
    }

    void venuePhase(long nanos) {
        venuePhase.record(nanos, TimeUnit.NANOSECONDS);
    }

    void finishPhase(long nanos) {
        finishPhase.record(nanos, TimeUnit.NANOSECONDS);
    }

    /** End to end, the figure a solver lives by: relay frame arrival to our quote response on the wire. */
    void frameToResponse(Duration elapsed) {
        frameToResponse.record(elapsed);
    }

    void duplicateSuppressed() {
        registry.counter("unrip_executor_duplicates_suppressed_total").increment();
    }

    void result(ExecutionState status) {
        registry.counter("unrip_executor_results_total", "status", status.text())
                .increment();
    }

    /** A command not signed, by why (SigningGate.Problem kinds): no quote went out. */
    void notSigned(String kind) {
        registry.counter("unrip_executor_not_signed_total", "reason", kind).increment();
    }

    void reconciled(ExecutionState status) {
        registry.counter("unrip_executor_reconciled_total", "status", status.text())
                .increment();
    }

    /** One more execution left IN_DOUBT by a batch. */
    void inDoubt() {
        inDoubt.incrementAndGet();
    }

    /** The in-doubt executions as reconciliation last counted them. */
    void inDoubt(long stillInDoubt) {
        inDoubt.set(stillInDoubt);
    }
}
