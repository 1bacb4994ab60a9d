package dev.unrip.bench;

import java.util.Map;

/**
 * What pricing from books, the inventory and the risk gates cost the react hop: the same offered
 * rate twice in this run, the reactor restarted with the book strategy (books, balances,
 * reservations and gates on: what the deployment runs) and then restarted with the fixed-spread
 * placeholder (all of it off: what `make run` runs by default), each warmed up after its restart
 * until the JIT compilers are quiet (a restarted reactor's first minute is its cold start, not
 * the cost of pricing);
 * the react hop's p50 and p99 of each (cmd record time - demand record time). The reactor is left
 * as the rest of the bench measures it: the default strategy.
 */
final class ReactCost {

    static final int RATE = 100;
    static final int SECONDS = Harness.QUICK ? 8 : 15;
    /** The longest warm-up after each restart (LatencySteps.warmUp: at least its minimum, then until the JIT is quiet). */
    static final int WARMUP_MAX_SECONDS = Harness.QUICK ? 60 : 120;

    private ReactCost() {}

    static void measure(Harness run, LatencySteps latency, Load load, Tailer tailer, Stage.Topics topics)
            throws Exception {
        run.say("react hop cost: book-spread (pricing, inventory, gates on) against fixed-spread (off), " + RATE
                + " quotes/s for " + SECONDS + " s each, each after its restart and warm-up ...");
        Stage on = afterRestart(run, latency, load, tailer, topics, "book-spread");
        Stage off = afterRestart(run, latency, load, tailer, topics, "fixed-spread");
        run.say("  restarting the reactor with its default strategy ...");
        run.stack.stopService("reactor");
        run.stack.startService("reactor");
        run.results.reactOn = on.hops().get("react");
        run.results.reactOff = off.hops().get("react");
        run.say(String.format(
                "react hop p50/p99: gates on %s / %s ms (%d commands), off %s / %s ms (%d commands)",
                Percentiles.fmt(run.results.reactOn.p50()),
                Percentiles.fmt(run.results.reactOn.p99()),
                run.results.reactOn.count(),
                Percentiles.fmt(run.results.reactOff.p50()),
                Percentiles.fmt(run.results.reactOff.p99()),
                run.results.reactOff.count()));
    }

    /** The reactor restarted with {@code strategy}, warmed up, then one measured step. */
    private static Stage afterRestart(
            Harness run, LatencySteps latency, Load load, Tailer tailer, Stage.Topics topics, String strategy)
            throws Exception {
        restartReactor(run, strategy);
        latency.warmUp("ours", load, tailer, topics, WARMUP_MAX_SECONDS);
        return latency.step("ours", load, tailer, topics, RATE, SECONDS);
    }

    private static void restartReactor(Harness run, String strategy) throws Exception {
        run.say("  restarting the reactor with REACTOR_STRATEGY=" + strategy + " ...");
        run.stack.stopService("reactor");
        run.stack.startService("reactor", "", Map.of("REACTOR_STRATEGY", strategy));
    }
}
