package dev.unrip.reactor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unrip.mapping.Envelope;
import dev.unrip.routes.common.CompactedTopicView;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.eclipse.microprofile.config.inject.ConfigProperty;
import org.jboss.logging.Logger;

/**
 * What the book strategy knows of the world, read from topics into memory on their own threads
 * ({@link CompactedTopicView}s), never asked for while quoting:
 *
 * <ul>
 *   <li>norm.order_book (compacted, from the beginning): the latest book per instrument; a book
 *       older than reactor.max-book-age-ms is not priced on, so nothing waits for this one;
 *   <li>norm.balance (compacted, from the beginning): our account's balance per asset;
 *   <li>cmd.execute_trade and exec.trade_result, from reactor.reservation-lookback-ms ago: the
 *       outstanding commands of this strategy (their promises) and the ends that free them early;
 *   <li>ctl.risk_limits (compacted, from the beginning): the limits in force for this strategy.
 * </ul>
 *
 * Until the last four have been read to their ends (after every start), {@link #loaded} is false
 * and the route quotes nothing (skip reason {@code inventory_not_loaded}).
 */
@Startup
@ApplicationScoped
@Named("marketFeeds")
public class MarketFeeds {

    private static final Logger LOG = Logger.getLogger(MarketFeeds.class);

    @ConfigProperty(name = "kafka.bootstrap.servers")
    String bootstrap;

    @ConfigProperty(name = "reactor.feeds.poll-timeout-ms")
    long pollTimeoutMs;

    @ConfigProperty(name = "reactor.reservation-lookback-ms")
    long lookbackMs;

    @ConfigProperty(name = "reactor.strategy-id")
    String strategyId;

    @Inject
    BookSpreadStrategy strategy;

    @Inject
    MeterRegistry registry;

    private final List<CompactedTopicView> mustLoad = new ArrayList<>();
    private CompactedTopicView books;
    private Counter refusedLimits;

    @PostConstruct
    void start() {
        refusedLimits = Counter.builder("unrip_reactor_risk_limits_refused_total")
                .description("ctl.risk_limits records refused (not limits); the limits in force stay")
                .register(registry);
        Duration poll = Duration.ofMillis(pollTimeoutMs);
        books = new CompactedTopicView("norm.order_book", bootstrap, poll, json(strategy::book)).start();
        mustLoad.add(new CompactedTopicView("norm.balance", bootstrap, poll, json(strategy::balance)).start());
        mustLoad.add(new CompactedTopicView("ctl.risk_limits", bootstrap, poll, (key, value, record) -> {
                    if (value != null && strategyId.equals(key)) {
                        limits(value, record);
                    }
                })
                .start());
        Instant from = Instant.now().minusMillis(lookbackMs);
        mustLoad.add(CompactedTopicView.tail("cmd.execute_trade", bootstrap, poll, from, json(strategy::command))
                .start());
        mustLoad.add(CompactedTopicView.tail("exec.trade_result", bootstrap, poll, from, json(strategy::result))
                .start());
    }

    @PreDestroy
    void stop() {
        books.close();
        mustLoad.forEach(CompactedTopicView::close);
    }

    /** Whether balances, outstanding commands, their results and the limits have been read to their ends. */
    public boolean loaded() {
        return mustLoad.stream().allMatch(CompactedTopicView::caughtUp);
    }

    /** What is not loaded yet, for the health check: topic and problem, or empty. */
    public List<String> notLoaded() {
        return mustLoad.stream()
                .filter(v -> !v.caughtUp())
                .map(v -> v.topic() + ": " + v.problem())
                .toList();
    }

    private void limits(byte[] value, ConsumerRecord<String, byte[]> record) {
        try {
            strategy.limits(Envelope.json().readTree(value).path("payload").path("limits"));
            LOG.infof("risk limits of %s: replaced by ctl.risk_limits offset %d", strategyId, record.offset());
        } catch (IOException | IllegalArgumentException e) {
            refusedLimits.increment();
            LOG.errorf(
                    "ctl.risk_limits offset %d refused, the limits in force stay: %s", record.offset(), e.getMessage());
        }
    }

    private static CompactedTopicView.Listener json(Consumer<JsonNode> take) {
        return (key, value, record) -> {
            if (value == null) {
                return;
            }
            try {
                take.accept(Envelope.json().readTree(value));
            } catch (IOException e) {
                throw new IllegalArgumentException(
                        record.topic() + " offset " + record.offset() + " is not JSON: " + e.getMessage(), e);
            }
        };
    }
}
