package dev.unrip.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What one offered-rate step measured, computed from the records a {@link Tailer} saw: every
 * figure is a difference of Kafka record timestamps (each producer's send time) and the envelope's
 * observed_at, records linked hop by hop through their causation ids (raw ce_id ← norm causation,
 * norm id ← cmd causation, cmd id ← result causation). Pure.
 */
record Stage(
        String system,
        double offered,
        int seconds,
        long pushed,
        int raw,
        int results,
        int succeeded,
        int expired,
        Percentiles e2e,
        Percentiles frameToCmd,
        Percentiles rawToResult,
        Map<String, Percentiles> hops,
        long drainMs,
        boolean aborted,
        boolean sustainable,
        String verdict,
        Map<String, Double> cpu) {

    /** Topic names of one chain: ours or the plain clients'. */
    record Topics(String raw, String norm, String cmd, String exec) {
        static final Topics OURS =
                new Topics("raw.near_intents.quote", "norm.swap_demand", "cmd.execute_trade", "exec.trade_result");
        static final Topics PLAIN =
                new Topics("bench.plain.raw", "bench.plain.norm", "bench.plain.cmd", "bench.plain.exec");

        List<String> all() {
            return List.of(raw, norm, cmd, exec);
        }
    }

    /** Sustainable: nothing aborted, the backlog drained within 3 s of the load's end, p99 at most 1 s, at most 1 % expired. */
    static final long MAX_DRAIN_MS = 3000;

    static final double MAX_P99_MS = 1000;

    static Stage analyse(
            String system,
            double offered,
            int seconds,
            long pushed,
            List<Tailer.Seen> raws,
            List<Tailer.Seen> norms,
            List<Tailer.Seen> cmds,
            List<Tailer.Seen> execs,
            long from,
            long pushEnd,
            boolean aborted,
            Map<String, Double> cpu) {
        Map<String, Tailer.Seen> rawById = new HashMap<>();
        int rawCount = 0;
        for (Tailer.Seen r : raws) {
            if (r.observed() >= from) {
                rawById.put(r.id(), r);
                rawCount++;
            }
        }
        Map<String, Tailer.Seen> normById = new HashMap<>();
        List<Double> normalize = new ArrayList<>();
        for (Tailer.Seen n : norms) {
            if (n.observed() < from) {
                continue;
            }
            normById.put(n.id(), n);
            Tailer.Seen r = rawById.get(n.causation());
            if (r != null) {
                normalize.add((double) (n.ts() - r.ts()));
            }
        }
        Map<String, Tailer.Seen> cmdById = new HashMap<>();
        List<Double> react = new ArrayList<>();
        List<Double> frameToCmd = new ArrayList<>();
        for (Tailer.Seen c : cmds) {
            if (c.observed() < from) {
                continue;
            }
            cmdById.put(c.id(), c);
            frameToCmd.add((double) (c.ts() - c.observed()));
            Tailer.Seen n = normById.get(c.causation());
            if (n != null) {
                react.add((double) (c.ts() - n.ts()));
            }
        }
        List<Double> ingest = new ArrayList<>();
        for (Tailer.Seen r : rawById.values()) {
            ingest.add((double) (r.ts() - r.observed()));
        }
        List<Double> execute = new ArrayList<>();
        List<Double> e2e = new ArrayList<>();
        List<Double> rawToResult = new ArrayList<>();
        int results = 0;
        int succeeded = 0;
        int expired = 0;
        long last = 0;
        for (Tailer.Seen e : execs) {
            if (e.observed() < from || e.republished()) {
                continue;
            }
            results++;
            succeeded += "SUCCEEDED".equals(e.status()) ? 1 : 0;
            expired += "EXPIRED".equals(e.status()) ? 1 : 0;
            last = Math.max(last, e.ts());
            e2e.add((double) (e.ts() - e.observed()));
            Tailer.Seen c = cmdById.get(e.causation());
            if (c != null) {
                execute.add((double) (e.ts() - c.ts()));
                Tailer.Seen n = normById.get(c.causation());
                Tailer.Seen r = n == null ? null : rawById.get(n.causation());
                if (r != null) {
                    rawToResult.add((double) (e.ts() - r.ts()));
                }
            }
        }
        Map<String, Percentiles> hops = new LinkedHashMap<>();
        hops.put("ingest", Percentiles.of(ingest));
        hops.put("normalize", Percentiles.of(normalize));
        hops.put("react", Percentiles.of(react));
        hops.put("execute", Percentiles.of(execute));
        Percentiles e2eP = Percentiles.of(e2e);
        long drain = Math.max(0, last - pushEnd);
        List<String> why = new ArrayList<>();
        if (aborted) {
            why.add("load stopped early: results fell more than 3 s behind");
        }
        if (drain > MAX_DRAIN_MS) {
            why.add("backlog took " + drain + " ms to drain");
        }
        if (e2eP.count() == 0 || e2eP.p99() > MAX_P99_MS) {
            why.add("p99 " + Percentiles.fmt(e2eP.p99()) + " ms > " + (int) MAX_P99_MS);
        }
        if (results > 0 && expired > results / 100) {
            why.add(expired + " commands expired");
        }
        if (pushed > 0 && rawCount < pushed * 0.98) {
            why.add("only " + rawCount + " of " + pushed + " frames reached the raw topic");
        }
        boolean ok = why.isEmpty();
        return new Stage(
                system,
                offered,
                seconds,
                pushed,
                rawCount,
                results,
                succeeded,
                expired,
                e2eP,
                Percentiles.of(frameToCmd),
                Percentiles.of(rawToResult),
                hops,
                drain,
                aborted,
                ok,
                ok ? "sustainable" : String.join("; ", why),
                cpu);
    }

    String line() {
        return String.format(
                "%-8s %6.0f/s x %2d s: results %6d (%d ok, %d expired)  e2e %s  |  hops p50/p99: %s  drain %d ms  -> %s",
                system, offered, seconds, results, succeeded, expired, e2e.brief(), hopsBrief(), drainMs, verdict);
    }

    String hopsBrief() {
        StringBuilder b = new StringBuilder();
        hops.forEach((k, v) -> {
            if (v.count() > 0) {
                b.append(k)
                        .append(' ')
                        .append(Percentiles.fmt(v.p50()))
                        .append('/')
                        .append(Percentiles.fmt(v.p99()))
                        .append("  ");
            }
        });
        return b.toString().trim();
    }
}
