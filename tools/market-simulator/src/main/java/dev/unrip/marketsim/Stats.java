package dev.unrip.marketsim;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * What the simulator did, for {@code GET /control/stats} (since the start or the last reset) and
 * for {@code /q/metrics} (since the start: {@code market_sim_frames_sent_total}, {@code
 * market_sim_pings_sent_total}, {@code market_sim_pongs_received_total}, {@code
 * market_sim_forced_disconnects_total{reason}}).
 */
@ApplicationScoped
public class Stats {

    /** Why the simulator closed a connection. */
    static final String LIFETIME = "lifetime";

    static final String PONG_TIMEOUT = "pong_timeout";
    static final String RATE_LIMIT = "rate_limit";
    static final String CONTROL = "control";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final Map<String, LongAdder> counters = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> framesPerStream = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> suppressedPerStream = new ConcurrentHashMap<>();
    private final MeterRegistry registry;
    private final Counter framesSent;
    private final Counter pingsSent;
    private final Counter pongsReceived;

    @Inject
    Stats(MeterRegistry registry) {
        this.registry = registry;
        this.framesSent = registry.counter("market_sim_frames_sent_total");
        this.pingsSent = registry.counter("market_sim_pings_sent_total");
        this.pongsReceived = registry.counter("market_sim_pongs_received_total");
    }

    void count(String name) {
        counters.computeIfAbsent(name, k -> new LongAdder()).increment();
    }

    long counter(String name) {
        LongAdder adder = counters.get(name);
        return adder == null ? 0 : adder.sum();
    }

    void frameSent(String stream) {
        framesPerStream.computeIfAbsent(stream, k -> new LongAdder()).increment();
        framesSent.increment();
    }

    void frameSuppressed(String stream) {
        suppressedPerStream.computeIfAbsent(stream, k -> new LongAdder()).increment();
    }

    void pingSent() {
        count("pings_sent");
        pingsSent.increment();
    }

    void pongReceived(boolean answeredAPing) {
        count(answeredAPing ? "pongs_received" : "pongs_unsolicited");
        pongsReceived.increment();
    }

    void forcedDisconnect(String reason) {
        count("forced_disconnects." + reason);
        registry.counter("market_sim_forced_disconnects_total", "reason", reason)
                .increment();
    }

    void reset() {
        counters.clear();
        framesPerStream.clear();
        suppressedPerStream.clear();
    }

    ObjectNode toJson() {
        ObjectNode out = JSON.createObjectNode();
        out.put("connections_total", counter("connections_total"));
        ObjectNode frames = out.putObject("frames_sent");
        long total = 0;
        for (Map.Entry<String, Long> e : sums(framesPerStream).entrySet()) {
            frames.put(e.getKey(), e.getValue());
            total += e.getValue();
        }
        out.put("frames_sent_total", total);
        ObjectNode suppressed = out.putObject("frames_suppressed_silent");
        sums(suppressedPerStream).forEach(suppressed::put);
        out.put("frames_dropped_slow_client", counter("frames_dropped_slow_client"));
        out.put("pings_sent", counter("pings_sent"));
        out.put("pongs_received", counter("pongs_received"));
        out.put("pongs_unsolicited", counter("pongs_unsolicited"));
        out.put("messages_received", counter("messages_received"));
        out.put("answers_sent", counter("answers_sent"));
        out.put("errors_sent", counter("errors_sent"));
        ObjectNode forced = out.putObject("forced_disconnects");
        long forcedTotal = 0;
        for (String reason : new String[] {LIFETIME, PONG_TIMEOUT, RATE_LIMIT, CONTROL}) {
            long n = counter("forced_disconnects." + reason);
            forced.put(reason, n);
            forcedTotal += n;
        }
        out.put("forced_disconnects_total", forcedTotal);
        return out;
    }

    private static Map<String, Long> sums(Map<String, LongAdder> adders) {
        Map<String, Long> sorted = new TreeMap<>();
        adders.forEach((k, v) -> sorted.put(k, v.sum()));
        return sorted;
    }
}
