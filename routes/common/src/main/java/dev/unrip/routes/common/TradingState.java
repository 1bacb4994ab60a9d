package dev.unrip.routes.common;

import dev.unrip.contracts.EventTime;
import dev.unrip.contracts.TradingStateRecord;
import dev.unrip.contracts.TradingStateRecord.Effective;
import dev.unrip.contracts.TradingStateRecord.State;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.arc.properties.IfBuildProperty;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * The trading state this process obeys, read from the compacted control topic
 * ({@code trading-state.topic}, ctl.trading_state) into memory by a {@link CompactedTopicView}: a
 * change on the topic applies here within one poll (well under a second), and asking costs a few
 * map look-ups, no I/O.
 *
 * <p>What applies to a strategy on this process's venue ({@code trading-state.venue}) is the most
 * restrictive of the global, venue and strategy records ({@link TradingStateRecord#effective}).
 * Fail closed: HALTED until the topic has been read to its end, and while it holds no global
 * record; a record that cannot be read halts its scope (its key) with the error as the reason.
 *
 * <p>Metrics: {@code unrip_trading_state{scope=...}} per scope seen (0 ACTIVE, 1 REDUCING, 2
 * HALTED) and {@code scope="effective"} for this process's venue and strategy
 * ({@code trading-state.strategy}, optional). Only in the groups that set
 * {@code trading-state.enabled=true} (at build time): the reactor and the executor.
 */
@IfBuildProperty(name = "trading-state.enabled", stringValue = "true")
@Startup
@ApplicationScoped
@Named("tradingState")
@RegisterForReflection
public class TradingState {

    private static final Logger LOG = Logger.getLogger(TradingState.class);
    public static final String METRIC = "unrip_trading_state";
    /** The reason while the topic has not been read to its end. */
    static final String NOT_READ = "the trading state topic has not been read to its end yet (fail closed)";

    @ConfigProperty(name = "trading-state.topic")
    String topic;

    @ConfigProperty(name = "trading-state.bootstrap-servers")
    String bootstrap;

    @ConfigProperty(name = "trading-state.poll-timeout-ms")
    long pollTimeoutMs;

    @ConfigProperty(name = "trading-state.venue")
    String venue;

    @ConfigProperty(name = "trading-state.strategy")
    Optional<String> strategy;

    @Inject
    MeterRegistry registry;

    private final Map<String, TradingStateRecord> scopes = new ConcurrentHashMap<>();
    private final Set<String> gauged = ConcurrentHashMap.newKeySet();
    private Counter invalid;
    private volatile CompactedTopicView view;

    @PostConstruct
    void start() {
        invalid = Counter.builder("unrip_trading_state_invalid_records_total")
                .description("ctl.trading_state records that could not be read (their scope is halted)")
                .register(registry);
        gauge(TradingStateRecord.GLOBAL);
        Gauge.builder(METRIC, () -> effective(strategy.orElse(null)).state().ordinal())
                .description("Trading state, 0 ACTIVE, 1 REDUCING, 2 HALTED: per scope, and effective for this process")
                .tag("scope", "effective")
                .register(registry);
        view = new CompactedTopicView(topic, bootstrap, Duration.ofMillis(pollTimeoutMs), new Listener()).start();
    }

    @PreDestroy
    void stop() {
        if (view != null) {
            view.close();
        }
    }

    /** What applies to commands of the strategy (null: any) on this process's venue. */
    public Effective effective(String strategyId) {
        return effective(venue, strategyId);
    }

    /** What applies to commands of the strategy on the venue (either null: that scope is not asked). */
    public Effective effective(String onVenue, String strategyId) {
        if (view == null || !view.caughtUp()) {
            return new Effective(State.HALTED, TradingStateRecord.GLOBAL, NOT_READ, null, null);
        }
        return TradingStateRecord.effective(scopes::get, onVenue, strategyId);
    }

    /**
     * The state as it is now, kept: what a batch decides on, so that every command of one batch sees
     * the same state.
     */
    public Snapshot snapshot() {
        return new Snapshot(Map.copyOf(scopes), caughtUp(), venue);
    }

    /**
     * The snapshot once the topic has been read to its end, waiting up to {@code atMost} for it: a
     * process that has just started reads it within a second or two, and a batch that arrives
     * meanwhile must not be decided on "not read yet" (that would refuse commands for good, not
     * halt them).
     *
     * @throws NotReadException when the topic is still not read after {@code atMost}: the caller
     *     retries later, nothing decided
     */
    public Snapshot awaitRead(Duration atMost) throws NotReadException {
        long deadline = System.nanoTime() + atMost.toNanos();
        try {
            // Before start-up has opened the view there is nothing to wait on yet; then its latch.
            while (view == null && System.nanoTime() - deadline < 0) {
                Thread.sleep(20);
            }
            CompactedTopicView v = view;
            Duration left = Duration.ofNanos(Math.max(0, deadline - System.nanoTime()));
            if (v == null || !v.awaitCaughtUp(left)) {
                throw new NotReadException("trading state topic " + topic + " not read to its end after "
                        + atMost.toMillis() + " ms (" + readProblem() + ")");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new NotReadException("interrupted while waiting for the trading state topic " + topic);
        }
        return snapshot();
    }

    /** The trading state topic has not been read to its end yet: nothing may be decided on it. */
    public static class NotReadException extends Exception {
        public NotReadException(String message) {
            super(message);
        }
    }

    /** The trading state at one moment, for this process's venue. */
    public record Snapshot(Map<String, TradingStateRecord> scopes, boolean caughtUp, String venue) {

        public Effective effective(String strategyId) {
            return caughtUp
                    ? TradingStateRecord.effective(scopes::get, venue, strategyId)
                    : new Effective(State.HALTED, TradingStateRecord.GLOBAL, NOT_READ, null, null);
        }

        /** Why the strategy's commands are halted ({@code <scope>: <reason>}), or empty when they are not. */
        public Optional<String> haltedBecause(String strategyId) {
            Effective e = effective(strategyId);
            return e.halted() ? Optional.of(e.scope() + ": " + e.reason()) : Optional.empty();
        }
    }

    /** The state's name (ACTIVE, REDUCING, HALTED) for the strategy on this process's venue: for a route. */
    public String state(String strategyId) {
        return effective(strategyId).state().name();
    }

    public boolean caughtUp() {
        return view != null && view.caughtUp();
    }

    /** Why the topic is not read yet, or "ok". */
    public String readProblem() {
        return view == null ? "not started" : view.problem();
    }

    /** Every scope's latest record, by scope. */
    public Map<String, TradingStateRecord> scopes() {
        return new TreeMap<>(scopes);
    }

    public String venue() {
        return venue;
    }

    public Optional<String> strategy() {
        return strategy;
    }

    private void gauge(String scope) {
        if (gauged.add(scope)) {
            Gauge.builder(METRIC, () -> level(scope))
                    .description(
                            "Trading state, 0 ACTIVE, 1 REDUCING, 2 HALTED: per scope, and effective for this process")
                    .tag("scope", scope)
                    .register(registry);
        }
    }

    private double level(String scope) {
        TradingStateRecord r = scopes.get(scope);
        if (TradingStateRecord.GLOBAL.equals(scope) && (r == null || !caughtUp())) {
            return State.HALTED.ordinal();
        }
        return r == null ? State.ACTIVE.ordinal() : r.state().ordinal();
    }

    /** Takes every record of the topic as the view reads it. */
    private final class Listener implements CompactedTopicView.Listener {
        @Override
        public void record(String key, byte[] value, ConsumerRecord<String, byte[]> record) {
            if (value == null) {
                TradingStateRecord gone = scopes.remove(key);
                LOG.infof("trading state %s: record removed (was %s)", key, gone == null ? "none" : gone.state());
                return;
            }
            TradingStateRecord next;
            try {
                next = TradingStateRecord.parse(key, value);
            } catch (IllegalArgumentException e) {
                invalid.increment();
                if (!TradingStateRecord.isScope(key)) {
                    LOG.errorf(
                            "%s partition %d offset %d: key '%s' is no scope; record passed over: %s",
                            topic, record.partition(), record.offset(), key, e.getMessage());
                    return;
                }
                String reason = "unreadable record at partition " + record.partition() + " offset " + record.offset()
                        + ": " + e.getMessage() + " (fail closed)";
                next = new TradingStateRecord(
                        key,
                        State.HALTED,
                        reason.length() > 500 ? reason.substring(0, 500) : reason,
                        "unrip",
                        EventTime.format(Instant.ofEpochMilli(record.timestamp())));
                LOG.errorf("trading state %s: HALTED, %s", key, reason);
            }
            TradingStateRecord before = scopes.put(key, next);
            gauge(key);
            if (before == null
                    || before.state() != next.state()
                    || !before.reason().equals(next.reason())) {
                LOG.infof(
                        "trading state %s: %s -> %s (%s; set by %s at %s)",
                        key,
                        before == null ? "none" : before.state(),
                        next.state(),
                        next.reason(),
                        next.setBy(),
                        next.setAt());
            }
        }

        @Override
        public void caughtUp() {
            Effective e = effective(strategy.orElse(null));
            LOG.infof(
                    "trading state read (%d scope(s)): effective for venue %s%s is %s (%s: %s)",
                    scopes.size(),
                    venue,
                    strategy.map(s -> ", strategy " + s).orElse(""),
                    e.state(),
                    e.scope(),
                    e.reason());
        }
    }
}
