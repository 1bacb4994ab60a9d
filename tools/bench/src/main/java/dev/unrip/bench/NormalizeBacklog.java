package dev.unrip.bench;

import dev.unrip.localstack.ServiceProcess;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Normalize events/s on a backlog, ours and the plain loop's, over the same records: one more
 * normalize instance (same app, own group, own output topic) on a backlog of valid raw records
 * produced before it starts (so the harness producing it does not set the pace). Its output, in
 * time order, is read in three parts: the first warms the JIT up, the rate is taken over the
 * second (no profiler attached), the profile over the third.
 */
final class NormalizeBacklog {

    static final int WARMUP = Harness.QUICK ? 20_000 : 60_000;
    static final int MEASURED = Harness.QUICK ? 20_000 : 50_000;
    static final int PROFILED = Harness.QUICK ? 10_000 : 40_000;
    static final int TOTAL = WARMUP + MEASURED + PROFILED;

    private NormalizeBacklog() {}

    static void ours(Harness run) throws Exception {
        Results results = run.results;
        run.rss.phase("normalize-backlog");
        Kafka.createTopics(
                run.bootstrap(),
                6,
                "bench.backlog.raw",
                "bench.backlog.raw_status",
                "bench.backlog.norm",
                "bench.backlog.norm_status");
        run.say(String.format(
                "normalize: producing a backlog of %d valid raw quote records (%d to warm up, %d measured, %d profiled) ...",
                TOTAL, WARMUP, MEASURED, PROFILED));
        Kafka.produceRaw(run.bootstrap(), "bench.backlog.raw", new Frames(9001), 0, TOTAL);
        try (Tailer tailer = new Tailer(run.bootstrap(), List.of("bench.backlog.norm"), 0)) {
            run.say("normalize: starting a normalize instance on it (own group, own output topic) ...");
            ServiceProcess instance = run.stack.startService(
                    "near-intents-normalize",
                    "backlog",
                    Map.of(
                            "NORMALIZE_INPUT_QUOTE", "bench.backlog.raw",
                            "NORMALIZE_INPUT_QUOTE_STATUS", "bench.backlog.raw_status",
                            "NORMALIZE_OUTPUT_SWAP_DEMAND", "bench.backlog.norm",
                            "NORMALIZE_OUTPUT_QUOTE_STATUS", "bench.backlog.norm_status",
                            "NORMALIZE_GROUP_ID", "bench-normalize-backlog"));
            long pid = instance.process().pid().orElseThrow();
            Profile.prime(pid);
            Waits.awaitOrCap(
                    Harness.BACKLOG_CAP_SECONDS, () -> tailer.count("bench.backlog.norm") >= WARMUP + MEASURED);
            int profiledFrom = tailer.count("bench.backlog.norm");
            Profile.Running profile = Profile.start(pid, "bench");
            Waits.awaitOrCap(Harness.BACKLOG_CAP_SECONDS, () -> tailer.count("bench.backlog.norm") >= TOTAL);
            results.normalizeProfile = Profile.stop(
                    profile, run.state.resolve("normalize.jfr"), "near-intents-normalize (backlog instance)");
            List<Tailer.Seen> out = tailer.records("bench.backlog.norm").stream()
                    .sorted(Comparator.comparingLong(Tailer.Seen::ts))
                    .toList();
            List<Tailer.Seen> measured = Rates.part(out, WARMUP, WARMUP + MEASURED);
            List<Tailer.Seen> profiled = Rates.part(out, profiledFrom, out.size());
            results.normalizePerSec = Rates.steady(measured);
            results.normalizeOverallPerSec = Rates.overall(measured);
            results.normalizeProfiledPerSec = Rates.steady(profiled);
            results.normalizeProfileEvents = profiled.size();
            run.say(String.format(
                    "  normalize: %d of %d events; warm-up %.0f events/s, measured %.0f events/s steady (last 80%% of its %d), %.0f first to last; under JFR %.0f events/s",
                    out.size(),
                    TOTAL,
                    Rates.steady(Rates.part(out, 0, WARMUP)),
                    results.normalizePerSec,
                    measured.size(),
                    results.normalizeOverallPerSec,
                    results.normalizeProfiledPerSec));
            results.normalizeProfile.lines().forEach(l -> run.say("  " + l));
            run.stack.stopService("near-intents-normalize-backlog");
        }
    }

    /** The plain normalize loop alone, on the raw backlog ours read (warm-up, measured, profiled). */
    static void plain(Harness run) throws Exception {
        Kafka.createTopics(run.bootstrap(), 6, "bench.plain.backlog.norm", "bench.plain.backlog.unused");
        run.say("plain: normalize loop alone on the same " + TOTAL
                + " raw records (the rate over the measured backlog's share) ...");
        try (Tailer tailer = new Tailer(run.bootstrap(), List.of("bench.plain.backlog.norm"), 0);
                ChildJvm normalize =
                        ChildJvm.plainLoop(run, "normalize", "bench.backlog.raw", "bench.plain.backlog.norm")) {
            Waits.awaitOrCap(Harness.BACKLOG_CAP_SECONDS, () -> tailer.count("bench.plain.backlog.norm") >= TOTAL);
            // As ours: the first records warm the loop up, the rate is over the next MEASURED.
            List<Tailer.Seen> out = tailer.records("bench.plain.backlog.norm").stream()
                    .sorted(Comparator.comparingLong(Tailer.Seen::ts))
                    .toList();
            run.results.plainNormalizePerSec = Rates.steady(Rates.part(out, WARMUP, WARMUP + MEASURED));
            run.say(String.format(
                    "  plain normalize: %d events, %.0f events/s steady over the measured share (last 80%%)",
                    out.size(), run.results.plainNormalizePerSec));
        }
    }
}
