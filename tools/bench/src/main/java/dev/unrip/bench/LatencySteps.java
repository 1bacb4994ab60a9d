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
 * End-to-end latency of a chain (ours or the plain clients') at fixed offered rates: a warm-up
 * until the JIT is quiet, then offered-rate steps up to the highest sustainable rate, each one
 * analysed by {@link Stage} from the records a {@link Tailer} saw.
 */
final class LatencySteps {

    /**
     * Warm-up before any latency step, for ours and for the plain chain alike: WARMUP_RATE/s for at
     * least WARMUP_MIN_SECONDS, then on in 10 s slices until the JIT compilers of the chain's JVMs
     * (and the broker's) use less than JIT_QUIET_CORES over a slice, or the maximum. Seven JVMs
     * share two cores: on make run at 100 quotes/s their compilers used about one core for the
     * first minute and fell below 0.05 cores only after about two (measured 2026-11-30); a latency
     * step inside that window measures the JIT, not the pipeline.
     */
    static final int WARMUP_RATE = 200;

    static final int WARMUP_MIN_SECONDS = 60;
    static final int WARMUP_MAX_SECONDS = 180;
    static final int PLAIN_WARMUP_MAX_SECONDS = 120;
    static final double JIT_QUIET_CORES = 0.05;

    // Step lengths (seconds): 500/s runs for the target's duration (ours) or PLAIN_SECONDS (the plain chain).
    static final int TARGET_SECONDS = Harness.QUICK ? 15 : 60;
    static final int STEP_SECONDS = Harness.QUICK ? 8 : 10;
    static final int CLIMB_SECONDS = 8;
    static final int PLAIN_SECONDS = Harness.QUICK ? 8 : 15;
    /** Past this, the harness climbs no further (the whole run must stay under 10 minutes). */
    static final long CLIMB_BUDGET_MS = Harness.QUICK ? 240_000L : 270_000L;

    private final Harness run;

    LatencySteps(Harness run) {
        this.run = run;
    }

    /** The warm-up (see WARMUP_RATE): offers load until the JIT is quiet, prints its progress, then drains. */
    void warmUp(String system, Load load, Tailer tailer, Stage.Topics topics, int maxSeconds) throws Exception {
        List<Cpu.Proc> jvms = load.processes().stream()
                .filter(p -> !p.name().equals("postgres") && !p.name().equals("harness"))
                .toList();
        run.say(String.format(
                "%s: warm-up at %d quotes/s, at least %d s, then until the JIT compilers use < %.2f cores over 10 s (at most %d s) ...",
                system, WARMUP_RATE, WARMUP_MIN_SECONDS, JIT_QUIET_CORES, maxSeconds));
        long t0 = System.currentTimeMillis();
        load.start(WARMUP_RATE, maxSeconds);
        double jit = Double.NaN;
        Cpu.Snapshot last = Cpu.snapshot(jvms);
        int elapsed = 0;
        while (elapsed < maxSeconds) {
            Thread.sleep(10_000);
            elapsed = (int) ((System.currentTimeMillis() - t0) / 1000);
            Cpu.Snapshot now = Cpu.snapshot(jvms);
            Map<String, Double> cores = Cpu.cores(last, now);
            jit = cores.get(Cpu.JIT);
            double all = cores.get(Cpu.TOTAL);
            last = now;
            run.say(String.format(
                    "  %s warm-up %3d s: over the last 10 s the chain's JVMs used %.2f cores, their JIT compilers %.2f of them",
                    system, elapsed, all, jit));
            if (elapsed >= WARMUP_MIN_SECONDS && jit < JIT_QUIET_CORES) {
                break;
            }
        }
        load.cancel();
        run.results.warmups.put(system, String.format("%d s (JIT %.2f cores over its last 10 s)", elapsed, jit));
        drain(tailer, topics, 30);
    }

    /**
     * Offered-rate steps: the given rates in order; 100/s and 500/s always run (the target and the
     * comparison are at 500/s), a higher rate only while the previous step was sustainable and the
     * time budget lasts; then one step between the highest sustainable rate and the first failure
     * when they are far apart.
     */
    List<Stage> ladder(String system, Load load, Tailer tailer, Stage.Topics topics, int... rates) throws Exception {
        List<Stage> stages = new ArrayList<>();
        boolean plain = "plain".equals(system);
        for (int rate : rates) {
            boolean previousFailed =
                    !stages.isEmpty() && !stages.get(stages.size() - 1).sustainable();
            if (rate > 500 && previousFailed || rate == 500 && plain && previousFailed) {
                break; // (ours always runs 500/s: it is the target's rate)
            }
            if (rate > 1000 && System.currentTimeMillis() - run.started > CLIMB_BUDGET_MS) {
                run.say("  (time budget: no higher step)");
                break;
            }
            int seconds = rate == 500
                    ? (plain ? PLAIN_SECONDS : TARGET_SECONDS)
                    : rate <= 1000 && !plain ? STEP_SECONDS : CLIMB_SECONDS;
            stages.add(step(system, load, tailer, topics, rate, seconds));
        }
        double best = stages.stream()
                .filter(Stage::sustainable)
                .mapToDouble(Stage::offered)
                .max()
                .orElse(0);
        double broke = stages.stream()
                .filter(s -> !s.sustainable() && s.offered() > best)
                .mapToDouble(Stage::offered)
                .min()
                .orElse(0);
        if (System.currentTimeMillis() - run.started < CLIMB_BUDGET_MS) {
            if (best > 0 && broke > 0 && broke / best >= 1.4) {
                stages.add(step(system, load, tailer, topics, Math.round((best + broke) / 2 / 50) * 50, CLIMB_SECONDS));
            } else if (best == 0) {
                // Nothing sustained: go down until something does, so there is a latency figure at all.
                for (int rate : new int[] {50, 25, 10}) {
                    Stage s = step(system, load, tailer, topics, rate, CLIMB_SECONDS);
                    stages.add(s);
                    if (s.sustainable()) {
                        break;
                    }
                }
            }
        }
        return stages;
    }

    Stage step(String system, Load load, Tailer tailer, Stage.Topics topics, double rate, int seconds)
            throws Exception {
        run.say(String.format("%s: offering %.0f quotes/s for %d s ...", system, rate, seconds));
        tailer.clear();
        Map<String, Long> skippedBefore = "ours".equals(system) ? reactorSkips() : Map.of();
        List<Cpu.Proc> processes = load.processes();
        Cpu.Snapshot cpuFrom = Cpu.snapshot(processes);
        long from = System.currentTimeMillis();
        long before = load.start(rate, seconds);
        long pushEnd = from + seconds * 1000L;
        boolean aborted = false;
        while (System.currentTimeMillis() < pushEnd) {
            Thread.sleep(1000);
            long now = System.currentTimeMillis();
            if (now - from < 5000) {
                continue;
            }
            long newest = tailer.records(topics.exec()).stream()
                    .mapToLong(Tailer.Seen::observed)
                    .max()
                    .orElse(from);
            if (now - newest > 3000) {
                aborted = true;
                load.cancel();
                pushEnd = now;
                run.say(String.format("  results are %d ms behind the offered load: stopping this step", now - newest));
                break;
            }
        }
        Map<String, Double> cpu = Cpu.cores(cpuFrom, Cpu.snapshot(processes));
        // Drain: wait until the chain is idle (an overloaded chain works off its backlog, within bounds).
        drain(tailer, topics, aborted ? 20 : 30);
        long pushed = load.pushed(before);
        String counts = String.format(
                "pushed %d, raw %d, norm %d, cmd %d, results %d",
                pushed,
                tailer.count(topics.raw()),
                tailer.count(topics.norm()),
                tailer.count(topics.cmd()),
                tailer.count(topics.exec()));
        if ("ours".equals(system)) {
            Map<String, Long> skipped = reactorSkips();
            StringBuilder b = new StringBuilder();
            skipped.forEach((reason, n) -> {
                long d = n - skippedBefore.getOrDefault(reason, 0L);
                if (d > 0) {
                    b.append(", ").append(reason).append(' ').append(d);
                }
            });
            counts += b.length() == 0 ? "" : " (strategy skipped" + b.substring(1) + ")";
        }
        run.say("  " + counts);
        Stage s = Stage.analyse(
                system,
                rate,
                seconds,
                pushed,
                tailer.records(topics.raw()),
                tailer.records(topics.norm()),
                tailer.records(topics.cmd()),
                tailer.records(topics.exec()),
                from,
                pushEnd,
                aborted,
                cpu);
        run.say("  " + s.line());
        run.say("  CPU while offered: " + Cpu.line(cpu));
        return s;
    }

    /** Waits until no record came on the chain's norm, cmd or result topic for 2 s: every stage idle, no backlog. */
    private void drain(Tailer tailer, Stage.Topics topics, int maxSeconds) throws InterruptedException {
        long deadline = System.currentTimeMillis() + maxSeconds * 1000L;
        long last = -1;
        long since = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            long now = (long) tailer.count(topics.norm()) + tailer.count(topics.cmd()) + tailer.count(topics.exec());
            if (now != last) {
                last = now;
                since = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - since >= 2000) {
                return;
            }
            Thread.sleep(200);
        }
        run.say("  (still draining after " + maxSeconds + " s: the next step starts with a backlog)");
    }

    /** unrip_reactor_skipped_total by reason, from the reactor's Prometheus metrics. */
    private Map<String, Long> reactorSkips() {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            HttpResponse<String> r = run.http.send(
                    HttpRequest.newBuilder(URI.create("http://localhost:"
                                    + run.stack.service("reactor").httpPort() + "/q/metrics"))
                            .timeout(Duration.ofSeconds(5))
                            .GET()
                            .build(),
                    HttpResponse.BodyHandlers.ofString());
            for (String line : r.body().split("\n")) {
                if (line.startsWith("unrip_reactor_skipped_total{")) {
                    String reason = Tailer.between(line, "reason=\"", "\"");
                    out.merge(reason, (long) Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1)), Long::sum);
                }
            }
        } catch (Exception e) {
            // no figure; the step line says nothing about skips
        }
        return out;
    }
}
