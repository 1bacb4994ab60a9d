package dev.unrip.routes.common;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.TradingStateRecord;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * Automatic halts: a threshold crossed writes a HALTED record for {@code auto-halt.scope} (global
 * by default) to ctl.trading_state, set by {@code <app>/auto-halt} with the figures as the reason,
 * so every reactor and executor stops within a second and an operator decides (make trading-state,
 * make resume). One halt per window: while the rate stays above the threshold nothing more is
 * written. A halt that cannot be written is logged and counted; the caller goes on.
 *
 * <p>Triggers, each 0 to turn it off:
 *
 * <ul>
 *   <li>dead letters per rolling minute in this process (the dead-letter route calls {@link
 *       #deadLettered}), {@code auto-halt.dead-letters-per-minute};
 *   <li>executions IN_DOUBT (the executor's reconciliation calls {@link #inDoubt} with what it
 *       left undecided), {@code auto-halt.in-doubt}: an execution whose outcome the venue cannot
 *       tell is inventory nobody knows, and trading on goes blind. One halt when the count reaches
 *       the threshold, the next only after it fell below;
 *   <li>settlement mismatches (trade-results calls {@link #settlementMismatches} when the venue
 *       settles a quote whose result we recorded as not traded), {@code
 *       auto-halt.settlement-mismatches}: our books contradict the venue's; every such batch halts.
 * </ul>
 */
@ApplicationScoped
@Named("autoHalt")
@RegisterForReflection
public class AutoHalt {

    private static final Logger LOG = Logger.getLogger(AutoHalt.class);
    private static final Duration WINDOW = Duration.ofMinutes(1);

    @ConfigProperty(name = "quarkus.application.name")
    String app;

    @ConfigProperty(name = "auto-halt.dead-letters-per-minute")
    int deadLettersPerMinute;

    @ConfigProperty(name = "auto-halt.in-doubt")
    int inDoubtThreshold;

    @ConfigProperty(name = "auto-halt.settlement-mismatches")
    int settlementMismatchThreshold;

    @ConfigProperty(name = "auto-halt.scope")
    String scope;

    @Inject
    ProducerTemplate producer;

    @Inject
    MeterRegistry registry;

    private final Deque<Long> deadLetters = new ArrayDeque<>();
    /** System.nanoTime() of the last halt; null before the first. */
    private Long haltedAt;

    /** Whether the IN_DOUBT count is at or over its threshold since the last halt it wrote. */
    private boolean inDoubtOver;

    private Counter failed;

    @PostConstruct
    void meters() {
        failed = Counter.builder("unrip_auto_halt_failed_total")
                .description("Automatic halts that could not be written to ctl.trading_state")
                .register(registry);
    }

    /** One more dead letter (from the dead-letter route, once the record is on its topic). */
    public void deadLettered() {
        if (deadLettersPerMinute <= 0) {
            return;
        }
        long now = System.nanoTime();
        int count;
        synchronized (this) {
            deadLetters.addLast(now);
            while (now - deadLetters.peekFirst() > WINDOW.toNanos()) {
                deadLetters.removeFirst();
            }
            count = deadLetters.size();
            if (count < deadLettersPerMinute || (haltedAt != null && now - haltedAt < WINDOW.toNanos())) {
                return;
            }
            haltedAt = now;
        }
        halt(
                "dead_letter_rate",
                count + " dead letters in the last minute in " + app + " (auto-halt.dead-letters-per-minute="
                        + deadLettersPerMinute + ")");
    }

    /** How many executions reconciliation left IN_DOUBT this round (the executor, every round). */
    public void inDoubt(long count) {
        if (inDoubtThreshold <= 0) {
            return;
        }
        synchronized (this) {
            boolean over = count >= inDoubtThreshold;
            boolean crossed = over && !inDoubtOver;
            inDoubtOver = over;
            if (!crossed) {
                return;
            }
        }
        halt(
                "in_doubt",
                count + " executions IN_DOUBT in " + app + ": the venue cannot tell their outcome (auto-halt.in-doubt="
                        + inDoubtThreshold + ")");
    }

    /** {@code count} results settled by the venue that our books say did not trade ({@code which}). */
    public void settlementMismatches(int count, List<String> which) {
        if (settlementMismatchThreshold <= 0 || count < settlementMismatchThreshold) {
            return;
        }
        halt(
                "settlement_mismatch",
                count + " settlement(s) of results recorded as not traded in " + app + " " + which
                        + " (auto-halt.settlement-mismatches=" + settlementMismatchThreshold + ")");
    }

    /** Writes the HALTED record; {@code trigger} names the threshold in the metric and the reason. */
    public void halt(String trigger, String why) {
        TradingStateRecord record = TradingStateRecord.now(
                scope, TradingStateRecord.State.HALTED, "auto-halt " + trigger + ": " + why, app + "/auto-halt");
        try {
            ObjectNode event = record.event("unrip/" + app);
            Map<String, Object> headers = new HashMap<>(TradingStateRecord.headers(event));
            headers.put(KafkaConstants.KEY, scope);
            producer.sendBodyAndHeaders(
                    "kafka:" + TradingStateRecord.TOPIC + "?synchronous=true",
                    TradingStateRecord.bytes(event),
                    headers);
            registry.counter("unrip_auto_halts_total", "trigger", trigger).increment();
            LOG.errorf("trading HALTED (%s) by %s/auto-halt: %s", scope, app, why);
        } catch (RuntimeException e) {
            failed.increment();
            LOG.errorf(e, "auto-halt %s could not be written to %s: %s", trigger, TradingStateRecord.TOPIC, why);
        }
    }
}
