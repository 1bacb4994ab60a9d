package dev.unrip.marketsim;

import io.quarkus.runtime.StartupEvent;
import io.vertx.core.Vertx;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import jakarta.inject.Inject;
import java.util.HashMap;
import java.util.Map;

/**
 * The clock of the books and their streams: every 100 ms each book takes a step of its walk, then
 * every subscribed stream that is due gets the book's new state. {@code @depth<N>@100ms} and
 * {@code @bookTicker} (real-time on Binance: every change of the best levels, and every step changes
 * one) send on every tick, {@code @depth<N>} on every tenth (1000 ms). A silent book sends nothing.
 * Each payload is built once per tick and stream, whatever the number of subscribers.
 */
@ApplicationScoped
public class Publisher {

    static final long TICK_MS = 100;

    @Inject
    Vertx vertx;

    @Inject
    Books books;

    @Inject
    StreamServer server;

    @Inject
    Settings settings;

    @Inject
    Stats stats;

    private final Map<String, StreamName> parsed = new HashMap<>();
    private long tick;

    void start(@Observes StartupEvent event) {
        vertx.setPeriodic(TICK_MS, id -> tick());
    }

    synchronized void tick() {
        tick++;
        books.stepAll(settings.volatilityBps());
        long now = System.currentTimeMillis();
        Map<String, BookSnapshot> snapshots = new HashMap<>();
        Map<String, String> payloads = new HashMap<>();
        for (MarketConnection c : server.connections()) {
            if (c.closing) {
                continue;
            }
            for (String name : c.streams()) {
                StreamName stream = parsed.computeIfAbsent(name, n -> StreamName.served(n, books));
                if (stream == null || !stream.dueOn(tick)) {
                    continue;
                }
                Book book = books.get(stream.symbol());
                if (book.silent(now)) {
                    stats.frameSuppressed(name);
                    continue;
                }
                String payload = payloads.computeIfAbsent(name, n -> {
                    BookSnapshot snapshot = snapshots.computeIfAbsent(stream.symbol(), s -> book.snapshot(20));
                    return stream.kind() == StreamName.Kind.DEPTH
                            ? Payloads.depth(snapshot, stream.levels())
                            : Payloads.bookTicker(snapshot);
                });
                if (c.send(c.combined ? Payloads.combined(name, payload) : payload)) {
                    stats.frameSent(name);
                } else if (!c.closing) {
                    stats.count("frames_dropped_slow_client");
                }
            }
        }
    }
}
