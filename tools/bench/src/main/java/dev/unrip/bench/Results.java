package dev.unrip.bench;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** Every figure of one run, the targets judged against them, and the final table. */
final class Results {

    /** The route groups whose resident memory is judged against the budget. */
    static final List<String> ROUTE_GROUPS = List.of(
            "near-intents-ingest", "near-intents-normalize", "reactor", "near-intents-execute", "trade-results");

    double rawSizes = Double.NaN;
    double normSizes = Double.NaN;
    double cmdSizes = Double.NaN;
    double execSizes = Double.NaN;
    List<Stage> ours = List.of();
    List<Stage> plain = List.of();
    /** Per system: how long its warm-up ran and the JIT's CPU at its end. */
    final Map<String, String> warmups = new LinkedHashMap<>();

    double ingestPerSec = Double.NaN;
    double normalizePerSec = Double.NaN;
    double normalizeOverallPerSec = Double.NaN;
    double normalizeProfiledPerSec = Double.NaN;
    int normalizeProfileEvents;
    Profile.Summary normalizeProfile;
    double executorPerSec = Double.NaN;
    int executorDone;
    int executorOffered;
    Profile.Summary executorProfile;
    /** Commands the executor's profile window covered (a backlog of its own, after the rate was taken). */
    int executorProfileCommands;

    double executorProfiledPerSec = Double.NaN;
    Map<String, Double> rssUnderLoad = Map.of();
    Map<String, String> rssUnderLoadPhase = Map.of();
    Map<String, Double> rssIdle = Map.of();
    final Map<String, BrokerTools.Result> broker = new LinkedHashMap<>();
    double plainRss = Double.NaN;
    double plainNormalizePerSec = Double.NaN;
    double plainExecutorPerSec = Double.NaN;
    String plainExecutorSteps = "";
    long runtimeSeconds;
    Percentiles rttBefore = Percentiles.EMPTY;
    Percentiles rttAfter = Percentiles.EMPTY;
    Percentiles rttLoaded = Percentiles.EMPTY;
    Percentiles pgCommit = Percentiles.EMPTY;
    Percentiles pgCommitAfter = Percentiles.EMPTY;
    Percentiles sign = Percentiles.EMPTY;
    /** The react hop with pricing, inventory and gates on (book-spread) and off (fixed-spread), same run. */
    Percentiles reactOn = Percentiles.EMPTY;

    Percentiles reactOff = Percentiles.EMPTY;
    /** Every leg of the react-hop cost, in the order measured (ReactCost). */
    List<ReactCost.Leg> reactLegs = List.of();

    String loadStart = "?";
    String loadEnd = "?";

    record Target(String name, String figure, boolean met) {
        String line() {
            return String.format("  %-7s %-62s %s", met ? "MET" : "MISSED", name, figure);
        }
    }

    Optional<Stage> at(List<Stage> stages, double rate) {
        return stages.stream().filter(s -> s.offered() == rate).findFirst();
    }

    double highestSustainable(List<Stage> stages) {
        return stages.stream()
                .filter(Stage::sustainable)
                .mapToDouble(Stage::offered)
                .max()
                .orElse(0);
    }

    double brokerRate(String key) {
        BrokerTools.Result r = broker.get(key);
        return r == null ? Double.NaN : r.recordsPerSec();
    }

    /** A consume → produce hop can go no faster than the broker consumes its input and takes its output. */
    double hopLimit(String in, String out) {
        return Math.min(brokerRate("consumer " + in), brokerRate("producer " + out));
    }

    List<Target> targets() {
        List<Target> t = new ArrayList<>();
        Optional<Stage> s500 = at(ours, 500);
        t.add(s500.map(s -> new Target(
                        "end-to-end p50 <= 5 ms at 500 quotes/s for " + s.seconds() + " s",
                        "p50 " + Percentiles.fmt(s.e2e().p50()) + " ms"
                                + (s.sustainable() ? "" : " (" + s.verdict() + ")"),
                        s.sustainable() && s.e2e().p50() <= 5))
                .orElse(new Target("end-to-end p50 <= 5 ms at 500 quotes/s", "not measured", false)));
        t.add(s500.map(s -> new Target(
                        "end-to-end p99 <= 25 ms at 500 quotes/s for " + s.seconds() + " s",
                        "p99 " + Percentiles.fmt(s.e2e().p99()) + " ms",
                        s.sustainable() && s.e2e().p99() <= 25))
                .orElse(new Target("end-to-end p99 <= 25 ms at 500 quotes/s", "not measured", false)));
        t.add(new Target(
                "react hop p50 with pricing, inventory and gates <= 1 ms over without, same run (mean of two legs each)",
                String.format(
                        "+%s ms (%s against %s; %,d against %,d commands)",
                        Percentiles.fmt(reactOn.p50() - reactOff.p50()),
                        Percentiles.fmt(reactOn.p50()),
                        Percentiles.fmt(reactOff.p50()),
                        reactOn.count(),
                        reactOff.count()),
                // Only a like-for-like figure counts: the book strategy must have priced (nearly)
                // every demand the placeholder did, not skipped them cheaply.
                reactOn.count() > 0
                        && reactOff.count() > 0
                        && reactOn.count() >= 0.9 * reactOff.count()
                        && reactOn.p50() - reactOff.p50() <= 1));
        t.add(new Target(
                "normalize >= 20,000 events/s per instance",
                String.format("%,.0f events/s", normalizePerSec),
                normalizePerSec >= 20_000));
        t.add(new Target(
                "executor >= 2,000 commands/s, durable idempotency (paper mode)",
                String.format("%,.0f commands/s", executorPerSec),
                executorPerSec >= 2_000));
        double worst = 0;
        String worstName = "-";
        for (String group : ROUTE_GROUPS) {
            double mib = rssUnderLoad.getOrDefault(group, 0.0);
            if (mib > worst) {
                worst = mib;
                worstName = group;
            }
        }
        boolean allRss = ROUTE_GROUPS.stream().allMatch(g -> rssUnderLoad.containsKey(g) && rssUnderLoad.get(g) <= 300);
        t.add(new Target(
                "every route-group process <= 300 MiB resident under load",
                String.format("max %.0f MiB (%s)", worst, worstName),
                allRss));
        Optional<Stage[]> pair = comparable();
        if (pair.isPresent()) {
            Stage o = pair.get()[0];
            Stage p = pair.get()[1];
            double r50 = o.e2e().p50() / p.e2e().p50();
            double r99 = o.e2e().p99() / p.e2e().p99();
            t.add(new Target(
                    String.format("our latency <= 1.5x the plain-client chain's (%.0f/s, p50 and p99)", o.offered()),
                    String.format(
                            "p50 %.2fx (%s vs %s ms), p99 %.2fx (%s vs %s ms)%s",
                            r50,
                            Percentiles.fmt(o.e2e().p50()),
                            Percentiles.fmt(p.e2e().p50()),
                            r99,
                            Percentiles.fmt(o.e2e().p99()),
                            Percentiles.fmt(p.e2e().p99()),
                            o.offered() == 500
                                    ? ""
                                    : String.format(
                                            "; only at %.0f/s, the highest rate both sustained, not at 500/s",
                                            o.offered())),
                    r50 <= 1.5 && r99 <= 1.5));
        } else {
            t.add(new Target(
                    "our latency <= 1.5x the plain-client chain's", "no offered rate that both sustained", false));
        }
        return t;
    }

    /** Ours and the baseline at the same offered rate: 500/s when both sustained it, else the highest rate both sustained. */
    Optional<Stage[]> comparable() {
        Stage best = null;
        Stage bestPlain = null;
        for (Stage o : ours) {
            Optional<Stage> p = at(plain, o.offered());
            if (o.sustainable() && p.isPresent() && p.get().sustainable()) {
                if (o.offered() == 500) {
                    return Optional.of(new Stage[] {o, p.get()});
                }
                if (best == null || o.offered() > best.offered()) {
                    best = o;
                    bestPlain = p.get();
                }
            }
        }
        return best == null ? Optional.empty() : Optional.of(new Stage[] {best, bestPlain});
    }

    List<String> table() {
        List<String> out = new ArrayList<>();
        out.add("");
        out.add("================================ unrip bench: results ================================");
        out.add(String.format(
                "record values (mean bytes, real records): raw %.0f, norm %.0f, cmd %.0f, exec %.0f",
                rawSizes, normSizes, cmdSizes, execSizes));
        out.add("(1) broker limit: Kafka's own tools on the same broker, our real values, acks=all, 6 partitions");
        out.add("    one record at a time (send, wait for the ack), ms:");
        out.add("      infrastructure only        " + rttBefore.brief());
        out.add("      every service up, idle     " + rttLoaded.brief());
        out.add("      services stopped again     " + rttAfter.brief());
        out.add("    PostgreSQL one-row insert + commit (fsync), ms: at the start " + pgCommit.brief());
        out.add("                                                     services stopped " + pgCommitAfter.brief());
        out.add("    Ed25519 sign (SolverKey, as the executor), ms:     " + sign.brief());
        broker.forEach((k, r) -> out.add(String.format(
                "    %-14s %,10.0f records/s  %6.1f MB/s   %s", k, r.recordsPerSec(), r.mbPerSec(), r.detail())));
        out.add(
                "(2) plain-client chain (normalize -> react -> execute loops, same JSON work, durable executor), e2e = result record time - observed_at, ms");
        stageTable(out, plain, "plain");
        out.add(String.format(
                "    backlog throughput: normalize %,.0f events/s, execute %,.0f commands/s; resident %.0f MiB (one JVM, three loops)",
                plainNormalizePerSec, plainExecutorPerSec, plainRss));
        out.add("    plain executor, mean per command: " + plainExecutorSteps);
        out.add(
                "(3) our pipeline (every route group its own process; executor in paper mode, PostgreSQL-backed idempotency)");
        stageTable(out, ours, "ours");
        out.add(String.format(
                "    highest sustainable offered rate: %.0f quotes/s (ours), %.0f (plain, up to the rates tried)",
                highestSustainable(ours), highestSustainable(plain)));
        ours.stream()
                .filter(s -> s.frameToCmd().count() > 0)
                .forEach(s -> out.add(String.format(
                        "    frame -> command at %4.0f/s: p50 %s  p99 %s ms",
                        s.offered(),
                        Percentiles.fmt(s.frameToCmd().p50()),
                        Percentiles.fmt(s.frameToCmd().p99()))));
        out.add(String.format(
                "    react hop at %d/s, pricing + inventory + gates on / off: p50 %s / %s ms, p99 %s / %s ms",
                ReactCost.RATE,
                Percentiles.fmt(reactOn.p50()),
                Percentiles.fmt(reactOff.p50()),
                Percentiles.fmt(reactOn.p99()),
                Percentiles.fmt(reactOff.p99())));
        reactLegs.forEach(leg -> out.add("      " + leg.line()));
        out.add(String.format(
                "    stage throughput: ingest %,.0f frames/s (simulator burst); normalize %,.0f events/s steady (%,.0f first-to-last, one instance);",
                ingestPerSec, normalizePerSec, normalizeOverallPerSec));
        out.add(String.format(
                "                      executor %,.0f commands/s (%d of %d backlog commands done in the time cap)",
                executorPerSec, executorDone, executorOffered));
        if (normalizeProfile != null && executorProfile != null) {
            out.add(String.format(
                    "    CPU per item over the profile (the process's CPU, every thread: JIT, GC, Kafka I/O included): normalize %.2f ms/event (%.2f cores, %,.0f events/s under JFR),",
                    normalizeProfile.cpuMsPer(normalizeProfileEvents),
                    normalizeProfile.cpuCores(),
                    normalizeProfiledPerSec));
            out.add(String.format(
                    "                                  executor %.2f ms/command (%.2f cores, %,.0f commands/s under JFR)",
                    executorProfile.cpuMsPer(executorProfileCommands),
                    executorProfile.cpuCores(),
                    executorProfiledPerSec));
        }
        out.add("    resident memory (max under load / idle after start, MiB; the phase of the maximum):");
        rssUnderLoad.forEach((k, v) -> out.add(String.format(
                "      %-24s %6.0f / %6.0f   %s",
                k, v, rssIdle.getOrDefault(k, Double.NaN), rssUnderLoadPhase.getOrDefault(k, ""))));
        out.add("(4) ratios");
        out.add(String.format(
                "    ingest / broker producer (raw)                     %5.1f %%",
                100 * ingestPerSec / brokerRate("producer raw")));
        out.add(String.format(
                "    normalize / broker hop limit (raw in, norm out)    %5.1f %%   (plain loop: %5.1f %%)",
                100 * normalizePerSec / hopLimit("raw", "norm"), 100 * plainNormalizePerSec / hopLimit("raw", "norm")));
        out.add(String.format(
                "    executor / broker hop limit (norm-sized records)   %5.1f %%   (plain loop: %5.1f %%)",
                100 * executorPerSec / hopLimit("norm", "norm"), 100 * plainExecutorPerSec / hopLimit("norm", "norm")));
        for (Stage s : ours) {
            at(plain, s.offered())
                    .ifPresent(p -> out.add(String.format(
                            "    latency ours / plain at %4.0f/s: p50 %.2fx  p99 %.2fx  p99.9 %.2fx%s",
                            s.offered(),
                            s.e2e().p50() / p.e2e().p50(),
                            s.e2e().p99() / p.e2e().p99(),
                            s.e2e().p999() / p.e2e().p999(),
                            s.sustainable() && p.sustainable()
                                    ? ""
                                    : "   (not both sustainable: queueing, not comparable)")));
        }
        out.add("targets (2 cores, every process on this one machine):");
        targets().forEach(t -> out.add(t.line()));
        if (normalizeProfile != null) {
            out.addAll(normalizeProfile.lines());
        }
        if (executorProfile != null) {
            out.addAll(executorProfile.lines());
        }
        out.add(String.format("bench runtime: %d min %02d s", runtimeSeconds / 60, runtimeSeconds % 60));
        return out;
    }

    /** A latency ladder: the header, a row per offered rate, and the warm-up it followed. */
    private void stageTable(List<String> out, List<Stage> stages, String side) {
        out.add(String.format(
                "    %-8s %7s %7s %7s %7s   %s",
                "rate/s", "p50", "p99", "p99.9", "max", "hops p50/p99 (ms)     verdict"));
        stages.forEach(s -> out.addAll(stageRows(s)));
        out.add("    warm-up before the steps: " + warmups.getOrDefault(side, "-"));
    }

    /** A step's latency row, then the CPU each process used while the load was offered. */
    static List<String> stageRows(Stage s) {
        String p999 = Percentiles.fmt(s.e2e().p999()) + (s.e2e().p999Meaningful() ? "" : "*");
        List<String> rows = new ArrayList<>();
        rows.add(String.format(
                "    %-8.0f %7s %7s %7s %7s   %s   %s",
                s.offered(),
                Percentiles.fmt(s.e2e().p50()),
                Percentiles.fmt(s.e2e().p99()),
                p999,
                Percentiles.fmt(s.e2e().max()),
                s.hopsBrief(),
                s.verdict()));
        if (s.cpu() != null && !s.cpu().isEmpty()) {
            rows.add(String.format(
                    "             CPU while offered: %s (%.2f ms of CPU per offered quote)",
                    Cpu.line(s.cpu()), s.cpu().getOrDefault(Cpu.TOTAL, 0.0) * 1000 / s.offered()));
        }
        return rows;
    }
}
