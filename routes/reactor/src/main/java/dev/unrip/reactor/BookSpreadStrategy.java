package dev.unrip.reactor;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unrip.contracts.ReferenceAssets;
import dev.unrip.mapping.Envelope;
import dev.unrip.mapping.reactor.BookPricing;
import dev.unrip.mapping.reactor.BookSpread;
import dev.unrip.mapping.reactor.Decision;
import dev.unrip.mapping.reactor.Inventory;
import dev.unrip.mapping.reactor.OrderBook;
import dev.unrip.mapping.reactor.RiskLimits;
import dev.unrip.routes.common.Events;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Startup;
import io.quarkus.runtime.annotations.RegisterForReflection;
import jakarta.annotation.PostConstruct;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.inject.Named;
import java.io.IOException;
import java.math.BigInteger;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.eclipse.microprofile.config.inject.ConfigProperty;

/**
 * The reactor's adapter over the market-making strategy of the mapping library ({@link
 * BookSpread}): the demand in, the command as the body with its envelope headers and key, or no
 * body with the skip reason in {@link FixedSpreadStrategy#SKIP_REASON}. What the strategy knows
 * of the world comes from topics, into memory ({@link MarketFeeds}): the latest book per
 * instrument, our balances, our outstanding commands and their results, the risk limits. No I/O
 * in the quoting path.
 */
// Created at start: a malformed reactor.risk-limits or reference file stops the application with its message.
@Startup
@ApplicationScoped
@Named("book-spread")
@RegisterForReflection
public class BookSpreadStrategy {

    /** exec.trade_result statuses after which nothing of the command was promised to the venue. */
    private static final Set<String> NOTHING_PROMISED = Set.of("FAILED", "REJECTED", "EXPIRED");

    @ConfigProperty(name = "reactor.strategy-id")
    String strategyId;

    @ConfigProperty(name = "reactor.spread-bps")
    int spreadBps;

    @ConfigProperty(name = "reactor.quote-validity-margin-ms")
    long validityMarginMs;

    @ConfigProperty(name = "reactor.max-book-age-ms")
    long maxBookAgeMs;

    @ConfigProperty(name = "reactor.risk-limits")
    String riskLimits;

    @ConfigProperty(name = "reactor.solver-account-id")
    String solverAccountId;

    @Inject
    MeterRegistry registry;

    private final Map<String, OrderBook> books = new ConcurrentHashMap<>();
    private final ReferenceAssets assets = ReferenceAssets.fromClasspath();
    private BookSpread strategy;

    @PostConstruct
    void configure() throws IOException {
        BookPricing pricing = new BookPricing(
                assets, i -> Optional.ofNullable(books.get(i)), Duration.ofMillis(maxBookAgeMs), spreadBps);
        strategy = new BookSpread(
                strategyId,
                validityMarginMs,
                pricing,
                RiskLimits.parse(Envelope.json().readTree(riskLimits), assets),
                new Inventory());
        for (ReferenceAssets.Asset asset : assets.byId().values()) {
            asset.instrument()
                    .ifPresent(instrument -> Gauge.builder(
                                    "unrip_reactor_book_age_seconds", () -> bookAgeSeconds(instrument))
                            .description("Age of the latest reference book of the instrument (NaN: none yet)")
                            .tag("instrument", instrument)
                            .register(registry));
            for (String kind : new String[] {"available", "reserved"}) {
                Gauge.builder("unrip_reactor_inventory", () -> inventory(asset.id(), kind))
                        .description("Our balance less open reservations (available), and the reservations (reserved),"
                                + " in whole units (NaN: balance not read yet)")
                        .tag("asset", asset.symbol())
                        .tag("kind", kind)
                        .register(registry);
            }
        }
    }

    /** @return the cmd.execute_trade.v1 event, or null with the skip reason set. */
    public String decide(Exchange exchange) throws IOException {
        Message in = exchange.getMessage();
        boolean reducing = "REDUCING".equals(in.getHeader("reactor_trading_state", String.class));
        Decision decision =
                strategy.decide(Envelope.json().readTree(in.getBody(byte[].class)), Instant.now(), reducing);
        if (decision.command() == null) {
            in.setHeader(FixedSpreadStrategy.SKIP_REASON, decision.skipReason());
            return null;
        }
        return Events.emit(in, decision.command());
    }

    /** norm.order_book.v1: the latest book of its instrument. */
    public void book(JsonNode event) {
        OrderBook book = OrderBook.of(event);
        books.put(book.instrument(), book);
    }

    /** norm.balance.v1: our account's balances only. */
    public void balance(JsonNode event) {
        JsonNode payload = event.path("payload");
        if (solverAccountId.equals(payload.path("account_id").asText())) {
            strategy.balance(
                    payload.path("asset").asText(),
                    new BigInteger(payload.path("amount").asText()));
        }
    }

    /** cmd.execute_trade.v1 of this strategy (ours, or another reactor's, or before a restart): its promise. */
    public void command(JsonNode event) {
        JsonNode payload = event.path("payload");
        if (strategyId.equals(payload.path("strategy_id").asText())) {
            JsonNode action = payload.path("action");
            strategy.reserve(
                    payload.path("command_id").asText(),
                    new Inventory.Reservation(
                            action.path("asset_out").asText(),
                            new BigInteger(action.path("amount_out").asText()),
                            Instant.parse(action.path("quote_deadline").asText())));
        }
    }

    /** exec.trade_result.v1: a command that ended without a promise to the venue frees its reservation. */
    public void result(JsonNode event) {
        JsonNode payload = event.path("payload");
        if (NOTHING_PROMISED.contains(payload.path("status").asText())) {
            strategy.release(payload.path("command_id").asText());
        }
    }

    /** A new risk-limits document (ctl.risk_limits); refused whole, naming the field, when it does not parse. */
    public void limits(JsonNode document) {
        strategy.limits(RiskLimits.parse(document, assets));
    }

    private double bookAgeSeconds(String instrument) {
        OrderBook book = books.get(instrument);
        return book == null
                ? Double.NaN
                : Duration.between(book.observedAt(), Instant.now()).toMillis() / 1000.0;
    }

    private double inventory(String asset, String kind) {
        int decimals = assets.asset(asset).orElseThrow().decimals();
        Instant now = Instant.now();
        Optional<BigInteger> amount =
                "reserved".equals(kind) ? Optional.of(strategy.reserved(asset, now)) : strategy.available(asset, now);
        return amount.map(a -> new java.math.BigDecimal(a, decimals).doubleValue())
                .orElse(Double.NaN);
    }
}
