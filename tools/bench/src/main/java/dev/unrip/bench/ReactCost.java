package dev.unrip.bench;

import java.util.Map;

/**
 * What pricing from books, the inventory and the risk gates cost the react hop: the same offered
 * rate twice in this run, the reactor with the book strategy (books, balances, reservations and
 * gates on: what `make run` runs) and then restarted with the fixed-spread placeholder (all of it
 * off), each after a short warm-up; the react hop's p50 and p99 of each (cmd record time - demand
 * record time). The reactor is left with the book strategy.
 */
final class ReactCost {

    static final int RATE = 100;
    static final int SECONDS = Harness.QUICK ? 8 : 15;

    private ReactCost() {}

    static void measure(Harness run, LatencySteps latency, Load load, Tailer tailer, Stage.Topics topics)
            throws Exception {
        run.say("react hop cost: book-spread (pricing, inventory, gates on) against fixed-spread (off), " + RATE
                + " quotes/s for " + SECONDS + " s each ...");
        Stage on = latency.step("ours", load, tailer, topics, RATE, SECONDS);
        restartReactor(run, "fixed-spread");
        latency.step("ours", load, tailer, topics, RATE, Harness.QUICK ? 4 : 8); // its JIT warm-up
        Stage off = latency.step("ours", load, tailer, topics, RATE, SECONDS);
        restartReactor(run, "book-spread");
        run.results.reactOn = on.hops().get("react");
        run.results.reactOff = off.hops().get("react");
        run.say(String.format(
                "react hop p50/p99: gates on %s / %s ms, off %s / %s ms",
                Percentiles.fmt(run.results.reactOn.p50()),
                Percentiles.fmt(run.results.reactOn.p99()),
                Percentiles.fmt(run.results.reactOff.p50()),
                Percentiles.fmt(run.results.reactOff.p99())));
    }

    private static void restartReactor(Harness run, String strategy) throws Exception {
        run.say("  restarting the reactor with REACTOR_STRATEGY=" + strategy + " ...");
        run.stack.stopService("reactor");
        run.stack.startService("reactor", "", Map.of("REACTOR_STRATEGY", strategy));
    }
}
