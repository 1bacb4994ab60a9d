package dev.unrip.bench;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What pricing from books, the inventory and the risk gates cost the react hop: the same offered
 * rate in this run with the reactor restarted with the book strategy (books, balances,
 * reservations and gates on: what the deployment runs) and with the fixed-spread placeholder (all
 * of it off: what `make run` runs by default), each warmed up after its restart until the JIT
 * compilers are quiet (a restarted reactor's first minute is its cold start, not the cost of
 * pricing); the react hop's p50 and p99 of each (cmd record time - demand record time).
 *
 * <p>The legs run on, off, off, on (ABBA): on a shared machine whatever drifts during the run
 * (the other services' JIT, the broker's page cache, a neighbour) then weighs on both strategies
 * alike: a linear drift cancels out of the mean of each strategy's two legs, and the first leg,
 * which meets the most warming of the rest of the stack, is the book strategy's (it counts against
 * it, not for it). The figure kept is the difference of those means. Each leg also reads the
 * reactor's own time per demand (the route policy's timer of reactToSwapDemand) and per poll
 * (consumeSwapDemand) and its GC pauses, so a difference in the
 * hop can be told apart from a difference in the decision. The reactor is left as the rest of the
 * bench measures it: the default strategy.
 */
final class ReactCost {

    static final int RATE = 100;
    static final int SECONDS = Harness.QUICK ? 8 : 15;
    /** The longest warm-up after each restart (LatencySteps.warmUp: at least its minimum, then until the JIT is quiet). */
    static final int WARMUP_MAX_SECONDS = Harness.QUICK ? 60 : 120;

    private static final List<String> LEGS = List.of("book-spread", "fixed-spread", "fixed-spread", "book-spread");

    private ReactCost() {}

    /** One measured leg: the hop, and what the reactor itself spent over the same window. */
    record Leg(String strategy, Percentiles hop, double decideMs, double pollMs, double gcMsPerSecond) {
        String line() {
            return String.format(
                    "%-12s react hop p50 %s ms, p99 %s ms (%d commands); in the reactor: %.3f ms per demand"
                            + " (reactToSwapDemand), %.3f ms per poll (consumeSwapDemand), GC %.1f ms/s",
                    strategy,
                    Percentiles.fmt(hop.p50()),
                    Percentiles.fmt(hop.p99()),
                    hop.count(),
                    decideMs,
                    pollMs,
                    gcMsPerSecond);
        }
    }

    static void measure(Harness run, LatencySteps latency, Load load, Tailer tailer, Stage.Topics topics)
            throws Exception {
        run.say("react hop cost: book-spread (pricing, inventory, gates on) against fixed-spread (off), " + RATE
                + " quotes/s for " + SECONDS + " s each, legs " + String.join(", ", LEGS)
                + ", each after its restart and warm-up ...");
        List<Leg> legs = new ArrayList<>();
        for (String strategy : LEGS) {
            legs.add(afterRestart(run, latency, load, tailer, topics, strategy));
            run.say("  " + legs.get(legs.size() - 1).line());
        }
        run.say("  restarting the reactor with its default strategy ...");
        run.stack.stopService("reactor");
        run.stack.startService("reactor");
        Leg on1 = legs.get(0);
        Leg off1 = legs.get(1);
        Leg off2 = legs.get(2);
        Leg on2 = legs.get(3);
        run.say(String.format(
                "in the reactor, on against off: +%.3f ms per demand (legs 1 and 2), +%.3f ms (legs 4 and 3)",
                on1.decideMs() - off1.decideMs(), on2.decideMs() - off2.decideMs()));
        run.results.reactOn = meanOf(on1.hop(), on2.hop());
        run.results.reactOff = meanOf(off1.hop(), off2.hop());
        run.results.reactLegs = legs;
        run.say(String.format(
                "react hop p50/p99, the mean of each strategy's two legs: gates on %s / %s ms (%d commands), off %s / %s ms (%d commands)",
                Percentiles.fmt(run.results.reactOn.p50()),
                Percentiles.fmt(run.results.reactOn.p99()),
                run.results.reactOn.count(),
                Percentiles.fmt(run.results.reactOff.p50()),
                Percentiles.fmt(run.results.reactOff.p99()),
                run.results.reactOff.count()));
    }

    /** Two legs of one strategy: each percentile the mean of the two legs', the counts summed. */
    static Percentiles meanOf(Percentiles a, Percentiles b) {
        return new Percentiles(
                a.count() + b.count(),
                (a.p50() + b.p50()) / 2,
                (a.p99() + b.p99()) / 2,
                (a.p999() + b.p999()) / 2,
                Math.max(a.max(), b.max()),
                (a.mean() * a.count() + b.mean() * b.count()) / (a.count() + b.count()));
    }

    /** The reactor restarted with {@code strategy}, warmed up, then one measured step. */
    private static Leg afterRestart(
            Harness run, LatencySteps latency, Load load, Tailer tailer, Stage.Topics topics, String strategy)
            throws Exception {
        run.say("  restarting the reactor with REACTOR_STRATEGY=" + strategy + " ...");
        run.stack.stopService("reactor");
        run.stack.startService("reactor", "", Map.of("REACTOR_STRATEGY", strategy));
        latency.warmUp("ours", load, tailer, topics, WARMUP_MAX_SECONDS);
        Map<String, Double> before = reactorMeters(run);
        long t0 = System.nanoTime();
        Stage stage = latency.step("ours", load, tailer, topics, RATE, SECONDS);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Map<String, Double> after = reactorMeters(run);
        return new Leg(
                strategy,
                stage.hops().get("react"),
                meanMs(before, after, "reactToSwapDemand"),
                meanMs(before, after, "consumeSwapDemand"),
                (delta(before, after, "gc_sum") * 1000) / seconds);
    }

    private static double meanMs(Map<String, Double> before, Map<String, Double> after, String route) {
        double n = delta(before, after, route + "_count");
        return n > 0 ? delta(before, after, route + "_sum") * 1000 / n : Double.NaN;
    }

    private static double delta(Map<String, Double> before, Map<String, Double> after, String key) {
        return after.getOrDefault(key, Double.NaN) - before.getOrDefault(key, Double.NaN);
    }

    /**
     * From the reactor's /q/metrics: the route policy's timer (sum and count) of its two hot routes
     * and the JVM's GC pause time, summed over their series; an empty map when it cannot be read.
     */
    private static Map<String, Double> reactorMeters(Harness run) {
        Map<String, Double> out = new LinkedHashMap<>();
        try {
            HttpResponse<String> r = run.http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:"
                                    + run.stack.service("reactor").httpPort() + "/q/metrics"))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                double value;
                try {
                    value = Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
                } catch (NumberFormatException e) {
                    continue;
                }
                if (line.startsWith("jvm_gc_pause_seconds_sum{")) {
                    out.merge("gc_sum", value, Double::sum);
                } else if (line.startsWith("camel_route_policy_seconds_")) {
                    String route = Tailer.between(line, "routeId=\"", "\"");
                    String kind = line.startsWith("camel_route_policy_seconds_sum{")
                            ? "_sum"
                            : line.startsWith("camel_route_policy_seconds_count{") ? "_count" : null;
                    if (route != null && kind != null) {
                        out.merge(route + kind, value, Double::sum);
                    }
                }
            }
        } catch (Exception e) {
            run.say("  (the reactor's metrics could not be read: " + e.getMessage() + ")");
        }
        return out;
    }
}
