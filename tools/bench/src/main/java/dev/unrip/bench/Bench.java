package dev.unrip.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventTime;
import dev.unrip.localstack.LocalStack;
import dev.unrip.localstack.ServiceProcess;
import dev.unrip.localstack.StackConfig;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * {@code make bench}: starts a private local stack (tools/local-stack: Kafka KRaft, PostgreSQL 17,
 * the relay simulator and every route group as its own process; free ports, state under
 * tools/bench/target/bench-state) and measures, in one run:
 * <ol>
 *   <li>our pipeline: end-to-end latency at fixed offered rates pushed by the simulator, stepped
 *       up to the highest sustainable rate; stage throughput on backlogs (ingest, normalize,
 *       executor); the resident memory of every process;</li>
 *   <li>the broker's own limit: Kafka's ProducerPerformance / ConsumerPerformance with our real
 *       record values;</li>
 *   <li>a baseline chain of plain Kafka clients doing the same hops with the same JSON work;</li>
 *   <li>the ratios, the targets met and missed, and CPU profiles where throughput is missed.</li>
 * </ol>
 * Prints progress as it goes and a final table, and writes the run into docs/benchmarks.md.
 */
public final class Bench {

    static final Stage.Topics OURS = new Stage.Topics("raw.near_intents.quote", "norm.swap_demand", "cmd.execute_trade", "exec.trade_result");
    static final Stage.Topics PLAIN = new Stage.Topics("bench.plain.raw", "bench.plain.norm", "bench.plain.cmd", "bench.plain.exec");
    static final List<String> ROUTE_GROUPS = List.of("near-intents-ingest", "near-intents-normalize", "reactor", "near-intents-execute", "trade-results");
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
    static final String USDC = "nep141:17208628f84f5d6ad33f0da3bbbeb27ffcb398eac501a31bd6ad2011e36133a1";

    // Sizes of the run (seconds, records); -Dbench.quick=true shortens everything for a smoke run.
    final boolean quick = Boolean.getBoolean("bench.quick");
    final int targetSeconds = quick ? 15 : 60;
    final int stepSeconds = quick ? 8 : 10;
    final int climbSeconds = 8;
    final int plainSeconds = quick ? 8 : 15;
    final int normalizeWarmup = quick ? 20_000 : 60_000;
    final int normalizeBacklog = quick ? 20_000 : 50_000;
    final int normalizeProfiled = quick ? 10_000 : 40_000;
    final int executorBacklog = quick ? 5_000 : 20_000;
    /** Every backlog phase stops here and reports the rate of what it got through. */
    final int backlogCapSeconds = quick ? 15 : 25;
    final int ingestBurst = quick ? 8_000 : 15_000;
    final long perfRecords = quick ? 100_000 : 200_000;
    /** Past this, the harness climbs no further (the whole run must stay under 10 minutes). */
    final long climbBudgetMs = quick ? 240_000L : 270_000L;

    final long started = System.currentTimeMillis();
    final List<String> console = new ArrayList<>();
    final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
    final Path repo;
    final Path state;
    final Results results = new Results();
    LocalStack stack;
    Rss rss;
    String simUrl;

    Bench(Path repo) {
        this.repo = repo;
        this.state = repo.resolve("tools/bench/target/bench-state");
    }

    public static void main(String[] args) throws Exception {
        Path repo = Path.of(System.getProperty("unrip.repo", ".")).toAbsolutePath().normalize();
        Bench bench = new Bench(repo);
        int rc = bench.run();
        System.exit(rc);
    }

    int run() throws Exception {
        say("unrip bench: a private stack under " + repo.relativize(state) + "; every figure below comes from this one run");
        results.loadStart = Report.loadAverage();
        deleteRecursively(state);
        Files.createDirectories(state);
        stack = new LocalStack(StackConfig.forTests(repo, state, Map.of()), line -> say("  [stack] " + line));
        Thread cleanup = new Thread(() -> stack.close(), "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        rss = new Rss(this::pids);
        boolean complete = false;
        if ("normalize".equals(System.getProperty("bench.stage"))) {
            return normalizeOnly(cleanup);
        }
        try {
            stack.startInfrastructure();
            simUrl = "http://localhost:" + stack.config().httpPort("relay-simulator");
            results.rttBefore = roundTrip();
            say("broker round trip now (one record, acks=all, linger 0, send then wait for the ack, 300 times): " + results.rttBefore.brief());
            results.pgCommit = Probes.postgresCommit(stack.postgres().jdbcUrl(), stack.postgres().user(), stack.postgres().password(), 0);
            say("PostgreSQL commit now (one-row insert, autocommit, fsync on, 300 times): " + results.pgCommit.brief());
            results.sign = Probes.ed25519Sign();
            say("Ed25519 sign now (SolverKey, Bouncy Castle, as the executor signs, 300 times, in this JVM): " + results.sign.brief());
            pipeline();
            stopServices();
            brokerLimit();
            plainChain();
            complete = true;
        } catch (Exception e) {
            say("BENCH FAILED: " + e);
            e.printStackTrace();
        } finally {
            rss.close();
            say("stopping the stack ...");
            stack.close();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        results.runtimeSeconds = (System.currentTimeMillis() - started) / 1000;
        results.loadEnd = Report.loadAverage();
        List<String> table = results.table();
        table.forEach(this::say);
        if (complete) {
            Report.write(repo, results, console, table);
            say("wrote docs/benchmarks.md");
        } else {
            say("incomplete run: docs/benchmarks.md left as it was");
        }
        return complete ? 0 : 1;
    }

    /**
     * {@code make bench STAGE=normalize}: the normalize backlogs of ours and of the plain loop only,
     * for tuning the normalize route (about a minute); printed, docs/benchmarks.md left alone.
     */
    int normalizeOnly(Thread cleanup) throws Exception {
        try {
            stack.startInfrastructure();
            normalizeThroughput();
            String schema = "bench_plain";
            createPlainSchema(schema);
            plainNormalize(schema);
            say(String.format("normalize: ours %,.0f events/s, the plain loop %,.0f events/s (steady, over the same measured backlog)",
                    results.normalizePerSec, results.plainNormalizePerSec));
            return 0;
        } finally {
            stack.close();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    // ------------------------------------------------------------------------------------------
    // (3) our pipeline

    void pipeline() throws Exception {
        rss.phase("startup");
        for (String name : StackConfig.SERVICE_MODULES.keySet()) {
            stack.startService(name);
        }
        await("the ingest subscribed to the simulator", 60, () -> stats().path("subscriptions_quote").asInt() >= 1);
        rss.phase("idle");
        pause(2000);
        rss.sampleNow();

        try (Tailer tailer = new Tailer(stack.config().kafkaBootstrap(), OURS.all(), 1000)) {
            Load sim = new Load() {
                @Override
                public long start(double rate, int seconds) throws Exception {
                    long before = stats().path("quotes_pushed").asLong();
                    push((long) (rate * seconds), rate, null);
                    return before;
                }

                @Override
                public void cancel() throws Exception {
                    send("DELETE", "/control/quotes", null);
                }

                @Override
                public long pushed(long before) throws Exception {
                    return stats().path("quotes_pushed").asLong() - before;
                }

                @Override
                public List<Cpu.Proc> processes() {
                    List<Cpu.Proc> out = new ArrayList<>();
                    pids().forEach((name, pid) -> out.add(new Cpu.Proc(name, pid, false)));
                    out.addAll(infrastructure());
                    return out;
                }
            };
            rss.phase("warmup");
            warmUp("ours", sim, tailer, OURS, WARMUP_MAX_SECONDS);
            rss.phase("load");
            results.rttLoaded = roundTrip();
            say("broker round trip now, every service up and idle: " + results.rttLoaded.brief());
            results.ours = ladder("ours", sim, tailer, OURS, 100, 500, 1000, 1500, 2000, 3000, 4000, 6000);
            results.rawSizes = sizes(tailer.values(OURS.raw()));
            results.normSizes = sizes(tailer.values(OURS.norm()));
            results.cmdSizes = sizes(tailer.values(OURS.cmd()));
            results.execSizes = sizes(tailer.values(OURS.exec()));
            writePayloads("raw", tailer.values(OURS.raw()));
            writePayloads("norm", tailer.values(OURS.norm()));
            say(String.format("real record values seen (mean bytes): raw %.0f, norm %.0f, cmd %.0f, exec %.0f",
                    results.rawSizes, results.normSizes, results.cmdSizes, results.execSizes));
        }
        executorThroughput();
        say("stopping the executor, normalize and reactor: the ingest burst goes to the raw topic only ...");
        stopInParallel(List.of("near-intents-execute", "near-intents-normalize", "reactor"));
        ingestThroughput();
        say("stopping the ingest and the simulator: the normalize backlog has the machine to itself ...");
        stopInParallel(List.of("near-intents-ingest", "relay-simulator"));
        normalizeThroughput();
        results.rssUnderLoad = rss.maxMib("warmup", "load", "ingest-burst", "executor-backlog");
        results.rssUnderLoadPhase = rss.maxPhase("warmup", "load", "ingest-burst", "executor-backlog");
        results.rssIdle = rss.maxMib("idle");
    }

    /** The warm-up (see WARMUP_RATE): offers load until the JIT is quiet, prints its progress, then drains. */
    void warmUp(String system, Load load, Tailer tailer, Stage.Topics topics, int maxSeconds) throws Exception {
        List<Cpu.Proc> jvms = load.processes().stream().filter(p -> !p.name().equals("postgres") && !p.name().equals("harness")).toList();
        say(String.format("%s: warm-up at %d quotes/s, at least %d s, then until the JIT compilers use < %.2f cores over 10 s (at most %d s) ...",
                system, WARMUP_RATE, WARMUP_MIN_SECONDS, JIT_QUIET_CORES, maxSeconds));
        long t0 = System.currentTimeMillis();
        load.start(WARMUP_RATE, maxSeconds);
        double jit = Double.NaN;
        Cpu.Snapshot last = Cpu.snapshot(jvms);
        int elapsed = 0;
        while (elapsed < maxSeconds) {
            pause(10_000);
            elapsed = (int) ((System.currentTimeMillis() - t0) / 1000);
            Cpu.Snapshot now = Cpu.snapshot(jvms);
            Map<String, Double> cores = Cpu.cores(last, now);
            jit = cores.get(Cpu.JIT);
            double all = cores.get(Cpu.TOTAL);
            last = now;
            say(String.format("  %s warm-up %3d s: over the last 10 s the chain's JVMs used %.2f cores, their JIT compilers %.2f of them",
                    system, elapsed, all, jit));
            if (elapsed >= WARMUP_MIN_SECONDS && jit < JIT_QUIET_CORES) {
                break;
            }
        }
        load.cancel();
        results.warmups.put(system, String.format("%d s (JIT %.2f cores over its last 10 s)", elapsed, jit));
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
            boolean previousFailed = !stages.isEmpty() && !stages.get(stages.size() - 1).sustainable();
            if (rate > 500 && previousFailed || rate == 500 && plain && previousFailed) {
                break; // (ours always runs 500/s: it is the target's rate)
            }
            if (rate > 1000 && System.currentTimeMillis() - started > climbBudgetMs) {
                say("  (time budget: no higher step)");
                break;
            }
            int seconds = rate == 500 ? (plain ? plainSeconds : targetSeconds) : rate <= 1000 && !plain ? stepSeconds : climbSeconds;
            stages.add(step(system, load, tailer, topics, rate, seconds));
        }
        double best = stages.stream().filter(Stage::sustainable).mapToDouble(Stage::offered).max().orElse(0);
        double broke = stages.stream().filter(s -> !s.sustainable() && s.offered() > best).mapToDouble(Stage::offered).min().orElse(0);
        if (System.currentTimeMillis() - started < climbBudgetMs) {
            if (best > 0 && broke > 0 && broke / best >= 1.4) {
                stages.add(step(system, load, tailer, topics, Math.round((best + broke) / 2 / 50) * 50, climbSeconds));
            } else if (best == 0) {
                // Nothing sustained: go down until something does, so there is a latency figure at all.
                for (int rate : new int[] {50, 25, 10}) {
                    Stage s = step(system, load, tailer, topics, rate, climbSeconds);
                    stages.add(s);
                    if (s.sustainable()) {
                        break;
                    }
                }
            }
        }
        return stages;
    }

    Stage step(String system, Load load, Tailer tailer, Stage.Topics topics, double rate, int seconds) throws Exception {
        say(String.format("%s: offering %.0f quotes/s for %d s ...", system, rate, seconds));
        tailer.clear();
        Map<String, Long> skippedBefore = "ours".equals(system) ? reactorSkips() : Map.of();
        List<Cpu.Proc> processes = load.processes();
        Cpu.Snapshot cpuFrom = Cpu.snapshot(processes);
        long from = System.currentTimeMillis();
        long before = load.start(rate, seconds);
        long pushEnd = from + seconds * 1000L;
        boolean aborted = false;
        while (System.currentTimeMillis() < pushEnd) {
            pause(1000);
            long now = System.currentTimeMillis();
            if (now - from < 5000) {
                continue;
            }
            long newest = tailer.records(topics.exec()).stream().mapToLong(Tailer.Seen::observed).max().orElse(from);
            if (now - newest > 3000) {
                aborted = true;
                load.cancel();
                pushEnd = now;
                say(String.format("  results are %d ms behind the offered load: stopping this step", now - newest));
                break;
            }
        }
        Map<String, Double> cpu = Cpu.cores(cpuFrom, Cpu.snapshot(processes));
        // Drain: wait until the chain is idle (an overloaded chain works off its backlog, within bounds).
        drain(tailer, topics, aborted ? 20 : 30);
        long pushed = load.pushed(before);
        String counts = String.format("pushed %d, raw %d, norm %d, cmd %d, results %d", pushed, tailer.count(topics.raw()),
                tailer.count(topics.norm()), tailer.count(topics.cmd()), tailer.count(topics.exec()));
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
        say("  " + counts);
        Stage s = Stage.analyse(system, rate, seconds, pushed, tailer.records(topics.raw()), tailer.records(topics.norm()),
                tailer.records(topics.cmd()), tailer.records(topics.exec()), from, pushEnd, aborted, cpu);
        say("  " + s.line());
        say("  CPU while offered: " + Cpu.line(cpu));
        return s;
    }

    /** Ingest frames/s: a burst of quotes pushed at once; nothing downstream of the raw topic runs meanwhile. */
    void ingestThroughput() throws Exception {
        rss.phase("ingest-burst");
        try (Tailer tailer = new Tailer(stack.config().kafkaBootstrap(), List.of(OURS.raw()), 0)) {
            say("ingest: " + ingestBurst + " quotes pushed by the simulator at once ...");
            long sentBefore = stats().path("quote_frames_sent").asLong();
            push(ingestBurst, 0, null);
            awaitOrCap(backlogCapSeconds, () -> tailer.count(OURS.raw()) >= ingestBurst);
            List<Tailer.Seen> raws = tailer.records(OURS.raw());
            results.ingestPerSec = steadyRate(raws);
            long sent = stats().path("quote_frames_sent").asLong() - sentBefore;
            say(String.format("  ingest: %d frames sent by the simulator, %d raw records, %.0f frames/s (steady, last 80%%)",
                    sent, raws.size(), results.ingestPerSec));
        }
    }

    /**
     * Normalize events/s: one more normalize instance (same app, own group, own output topic) on a
     * backlog of valid raw records produced before it starts (so the harness producing it does not
     * set the pace). Its output, in time order, is read in three parts: the first warms the JIT
     * up, the rate is taken over the second (no profiler attached), the profile over the third.
     */
    void normalizeThroughput() throws Exception {
        rss.phase("normalize-backlog");
        createTopics(6, "bench.backlog.raw", "bench.backlog.raw_status", "bench.backlog.norm", "bench.backlog.norm_status");
        int total = normalizeWarmup + normalizeBacklog + normalizeProfiled;
        say(String.format("normalize: producing a backlog of %d valid raw quote records (%d to warm up, %d measured, %d profiled) ...",
                total, normalizeWarmup, normalizeBacklog, normalizeProfiled));
        produceRaw("bench.backlog.raw", new Frames(9001), 0, total);
        try (Tailer tailer = new Tailer(stack.config().kafkaBootstrap(), List.of("bench.backlog.norm"), 0)) {
            say("normalize: starting a normalize instance on it (own group, own output topic) ...");
            ServiceProcess instance = stack.startService("near-intents-normalize", "backlog", Map.of(
                    "NORMALIZE_INPUT_QUOTE", "bench.backlog.raw",
                    "NORMALIZE_INPUT_QUOTE_STATUS", "bench.backlog.raw_status",
                    "NORMALIZE_OUTPUT_SWAP_DEMAND", "bench.backlog.norm",
                    "NORMALIZE_OUTPUT_QUOTE_STATUS", "bench.backlog.norm_status",
                    "NORMALIZE_GROUP_ID", "bench-normalize-backlog"));
            long pid = instance.process().pid().orElseThrow();
            Profile.prime(pid);
            awaitOrCap(backlogCapSeconds, () -> tailer.count("bench.backlog.norm") >= normalizeWarmup + normalizeBacklog);
            int profiledFrom = tailer.count("bench.backlog.norm");
            Profile.Running profile = Profile.start(pid, "bench");
            awaitOrCap(backlogCapSeconds, () -> tailer.count("bench.backlog.norm") >= total);
            results.normalizeProfile = Profile.stop(profile, state.resolve("normalize.jfr"), "near-intents-normalize (backlog instance)");
            List<Tailer.Seen> out = tailer.records("bench.backlog.norm").stream().sorted(Comparator.comparingLong(Tailer.Seen::ts)).toList();
            List<Tailer.Seen> measured = part(out, normalizeWarmup, normalizeWarmup + normalizeBacklog);
            List<Tailer.Seen> profiled = part(out, profiledFrom, out.size());
            results.normalizePerSec = steadyRate(measured);
            results.normalizeOverallPerSec = overallRate(measured);
            results.normalizeProfiledPerSec = steadyRate(profiled);
            results.normalizeProfileEvents = profiled.size();
            say(String.format("  normalize: %d of %d events; warm-up %.0f events/s, measured %.0f events/s steady (last 80%% of its %d), %.0f first to last; under JFR %.0f events/s",
                    out.size(), total, steadyRate(part(out, 0, normalizeWarmup)), results.normalizePerSec, measured.size(),
                    results.normalizeOverallPerSec, results.normalizeProfiledPerSec));
            results.normalizeProfile.lines().forEach(l -> say("  " + l));
            stack.stopService("near-intents-normalize-backlog");
        }
    }

    /** The records from..to (clamped to what is there). */
    static List<Tailer.Seen> part(List<Tailer.Seen> records, int from, int to) {
        return records.subList(Math.min(records.size(), from), Math.min(records.size(), to));
    }

    /** Executor commands/s: a backlog of valid commands on cmd.execute_trade, the executor in paper mode. */
    void executorThroughput() throws Exception {
        say("executor: stopping trade-results, so the executor has the machine to itself ...");
        stack.stopService("trade-results");
        List<PlainHops.Out> commands = backlogCommands(new Frames(9002), executorBacklog);
        if (Double.isNaN(results.cmdSizes)) {
            results.cmdSizes = commands.stream().mapToInt(c -> c.value().length).average().orElse(Double.NaN);
        }
        Set<String> ids = new HashSet<>();
        commands.forEach(c -> ids.add(c.headers().get(CloudEventHeaders.ID).toString()));
        rss.phase("executor-backlog");
        try (Tailer tailer = new Tailer(stack.config().kafkaBootstrap(), List.of(OURS.exec()), 0)) {
            // The running (warm) executor works through the backlog about as fast as it is produced.
            // The rate is taken without JFR. Then JFR is primed (Profile.prime: its first recording
            // deoptimizes the process, and its buffers stay, so resident memory stops counting), a
            // second backlog lets the JIT recompile, and the profile is taken on a third; its rate is
            // printed beside it (what the recording itself costs).
            long pid = stack.service("near-intents-execute").process().pid().orElseThrow();
            say("executor: producing " + commands.size() + " valid commands (expiry 20 min ahead) to cmd.execute_trade ...");
            produce(OURS.cmd(), commands);
            awaitOrCap(backlogCapSeconds, () -> tailer.count(OURS.exec()) >= commands.size());
            rss.profiled("near-intents-execute");
            Profile.prime(pid);
            List<PlainHops.Out> rewarm = backlogCommands(new Frames(9006), executorBacklog / 2);
            say("executor: JFR primed; " + rewarm.size() + " more commands while the JIT recompiles ...");
            produce(OURS.cmd(), rewarm);
            awaitOrCap(backlogCapSeconds, () -> tailer.count(OURS.exec()) >= commands.size() + rewarm.size());
            List<PlainHops.Out> profiled = backlogCommands(new Frames(9005), executorBacklog / 2);
            int before = tailer.count(OURS.exec());
            Profile.Running profile = Profile.start(pid, "bench");
            say("executor: profiling it on " + profiled.size() + " more commands ...");
            produce(OURS.cmd(), profiled);
            awaitOrCap(backlogCapSeconds, () -> tailer.count(OURS.exec()) >= before + profiled.size());
            results.executorProfile = Profile.stop(profile, state.resolve("executor.jfr"), "near-intents-execute (paper mode)");
            results.executorProfileCommands = profiled.size();
            Set<String> profiledIds = new HashSet<>();
            profiled.forEach(c -> profiledIds.add(c.headers().get(CloudEventHeaders.ID).toString()));
            results.executorProfiledPerSec = steadyRate(tailer.records(OURS.exec()).stream().filter(s -> profiledIds.contains(s.causation())).toList());
            List<Tailer.Seen> out = tailer.records(OURS.exec()).stream().filter(s -> ids.contains(s.causation())).toList();
            long ok = out.stream().filter(s -> "SUCCEEDED".equals(s.status())).count();
            results.executorPerSec = steadyRate(out);
            results.executorDone = out.size();
            results.executorOffered = commands.size();
            say(String.format("  executor: %d of %d commands executed within %d s (%d SUCCEEDED, paper mode), %.0f commands/s steady (last 80%%)",
                    out.size(), commands.size(), backlogCapSeconds, ok, results.executorPerSec));
            results.executorProfile.lines().forEach(l -> say("  " + l));
        }
    }

    private void produce(String topic, List<PlainHops.Out> records) {
        try (KafkaProducer<String, byte[]> producer = bulkProducer()) {
            for (PlainHops.Out r : records) {
                producer.send(record(topic, r));
            }
        }
    }

    /** SIGTERM to every service at once (each still gets its graceful shutdown), then forget them. */
    /** One record at a time, waiting for each ack: what a per-record synchronous hop pays per record. */
    Percentiles roundTrip() throws Exception {
        createTopics(1, "bench.rtt");
        List<Double> ms = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = ingestProducer()) {
            producer.send(new ProducerRecord<>("bench.rtt", "k", new byte[500])).get();
            for (int i = 0; i < 300; i++) {
                long t = System.nanoTime();
                producer.send(new ProducerRecord<>("bench.rtt", "k", new byte[500])).get();
                ms.add((System.nanoTime() - t) / 1e6);
            }
        }
        return Percentiles.of(ms);
    }

    void stopServices() throws InterruptedException {
        rss.phase("stopping");
        say("stopping every service (in parallel) ...");
        stopInParallel(new ArrayList<>(stack.services().keySet()));
    }

    void stopInParallel(List<String> keys) throws InterruptedException {
        List<Thread> stopping = new ArrayList<>();
        for (String key : keys) {
            ServiceProcess service = stack.services().get(key);
            if (service != null) {
                Thread t = new Thread(() -> service.process().stop(Duration.ofSeconds(30)), "stop-" + key);
                t.start();
                stopping.add(t);
            }
        }
        for (Thread t : stopping) {
            t.join();
        }
        for (String key : keys) {
            stack.stopService(key); // already stopped: only drops it from the stack's list
        }
    }

    // ------------------------------------------------------------------------------------------
    // (1) the broker's own limit

    void brokerLimit() throws Exception {
        results.rttAfter = roundTrip();
        say("broker round trip now, the services stopped: " + results.rttAfter.brief());
        results.pgCommitAfter = Probes.postgresCommit(stack.postgres().jdbcUrl(), stack.postgres().user(), stack.postgres().password(), 1000);
        say("PostgreSQL commit now, the services stopped: " + results.pgCommitAfter.brief());
        createTopics(6, "bench.perf.raw", "bench.perf.norm");
        String bootstrap = stack.config().kafkaBootstrap();
        for (String kind : List.of("raw", "norm")) {
            say("broker: Kafka ProducerPerformance, " + perfRecords + " records of our real " + kind + " values, acks=all ...");
            BrokerTools.Result p = BrokerTools.producer(bootstrap, "bench.perf." + kind, state.resolve("payload-" + kind + ".txt"), perfRecords,
                    state.resolve("logs/perf-producer-" + kind + ".log"));
            say(String.format("  producer %s: %.0f records/s (%.1f MB/s), %s", kind, p.recordsPerSec(), p.mbPerSec(), p.detail()));
            say("broker: Kafka ConsumerPerformance on the same records ...");
            BrokerTools.Result c = BrokerTools.consumer(bootstrap, "bench.perf." + kind, perfRecords, state.resolve("logs/perf-consumer-" + kind + ".log"));
            say(String.format("  consumer %s: %.0f records/s (%.1f MB/s), %s", kind, c.recordsPerSec(), c.mbPerSec(), c.detail()));
            results.broker.put("producer " + kind, p);
            results.broker.put("consumer " + kind, c);
        }
    }

    // ------------------------------------------------------------------------------------------
    // (2) the plain-client chain

    void plainChain() throws Exception {
        createTopics(6, PLAIN.raw(), PLAIN.norm(), PLAIN.cmd(), PLAIN.exec(), "bench.plain.backlog.norm", "bench.plain.backlog.cmd",
                "bench.plain.backlog.exec", "bench.plain.backlog.unused");
        String schema = "bench_plain";
        createPlainSchema(schema);
        say("plain: starting the plain-client chain (normalize, react, execute loops in one JVM) ...");
        Frames frames = new Frames(9003);
        AtomicLong sequence = new AtomicLong();
        try (ChildJvm chain = plain("chain", "normalize,react,execute", PLAIN.raw(), PLAIN.norm(), PLAIN.cmd(), PLAIN.exec(), schema);
             Tailer tailer = new Tailer(stack.config().kafkaBootstrap(), PLAIN.all(), 0);
             KafkaProducer<String, byte[]> producer = ingestProducer()) {
            chain.awaitReady(3);
            List<Cpu.Proc> processes = new ArrayList<>(List.of(new Cpu.Proc("plain-chain", chain.pid(), false)));
            processes.addAll(infrastructure());
            RateProducer load = new RateProducer(producer, PLAIN.raw(), frames, sequence, processes);
            warmUp("plain", load, tailer, PLAIN, PLAIN_WARMUP_MAX_SECONDS);
            // The same rates as ours, up to the highest one ours sustained (the comparison is at equal offered rates).
            double oursBest = results.ours.stream().filter(Stage::sustainable).mapToDouble(Stage::offered).max().orElse(0);
            List<Integer> rates = new ArrayList<>();
            if (oursBest > 0 && oursBest < 100) {
                rates.add((int) oursBest); // ours sustained only a low rate: measure the baseline there too
            }
            rates.addAll(List.of(100, 500, 1000));
            if (oursBest > 1000) {
                rates.add((int) oursBest);
            }
            results.plain = ladder("plain", load, tailer, PLAIN, rates.stream().mapToInt(Integer::intValue).toArray());
            results.plainRss = Rss.vmRssKib(chain.pid()) / 1024.0;
        }
        plainNormalize(schema);
        List<PlainHops.Out> commands = backlogCommands(new Frames(9004), executorBacklog);
        produce("bench.plain.backlog.cmd", commands);
        say("plain: execute loop alone on a backlog of " + commands.size() + " commands ...");
        try (Tailer tailer = new Tailer(stack.config().kafkaBootstrap(), List.of("bench.plain.backlog.exec"), 0);
             ChildJvm execute = plain("execute", "execute", "bench.plain.backlog.unused", "bench.plain.backlog.unused", "bench.plain.backlog.cmd",
                    "bench.plain.backlog.exec", schema)) {
            awaitOrCap(backlogCapSeconds, () -> tailer.count("bench.plain.backlog.exec") >= commands.size());
            execute.close();
            results.plainExecutorPerSec = steadyRate(tailer.records("bench.plain.backlog.exec"));
            results.plainExecutorSteps = execute.steps();
            say(String.format("  plain execute: %d of %d commands, %.0f commands/s steady; mean per command: %s",
                    tailer.count("bench.plain.backlog.exec"), commands.size(), results.plainExecutorPerSec, results.plainExecutorSteps));
        }
    }

    /** The plain normalize loop alone, on the raw backlog ours read (warm-up, measured, profiled). */
    void plainNormalize(String schema) throws Exception {
        createTopics(6, "bench.plain.backlog.norm", "bench.plain.backlog.unused");
        int rawBacklog = normalizeWarmup + normalizeBacklog + normalizeProfiled;
        say("plain: normalize loop alone on the same " + rawBacklog + " raw records (the rate over the measured backlog's share) ...");
        try (Tailer tailer = new Tailer(stack.config().kafkaBootstrap(), List.of("bench.plain.backlog.norm"), 0);
             ChildJvm normalize = plain("normalize", "normalize", "bench.backlog.raw", "bench.plain.backlog.norm", "bench.plain.backlog.unused",
                     "bench.plain.backlog.unused", schema)) {
            awaitOrCap(backlogCapSeconds, () -> tailer.count("bench.plain.backlog.norm") >= rawBacklog);
            // As ours: the first records warm the loop up, the rate is over the next normalizeBacklog.
            List<Tailer.Seen> out = tailer.records("bench.plain.backlog.norm").stream().sorted(Comparator.comparingLong(Tailer.Seen::ts)).toList();
            results.plainNormalizePerSec = steadyRate(part(out, normalizeWarmup, normalizeWarmup + normalizeBacklog));
            say(String.format("  plain normalize: %d events, %.0f events/s steady over the measured share (last 80%%)", out.size(), results.plainNormalizePerSec));
        }
    }

    ChildJvm plain(String name, String loops, String raw, String norm, String cmd, String exec, String schema) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ServiceProcess.JVM_FLAGS); // the service JVMs' flags, so memory and GC are comparable
        command.add("-Dunrip.repo=" + stack.config().repoRoot()); // the reactor's configuration (PlainHops)
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), PlainChain.class.getName(),
                stack.config().kafkaBootstrap(), loops, raw, norm, cmd, exec, "plain-" + name, state.resolve("plain-" + name + "-steps.json").toString()));
        Map<String, String> env = Map.of(
                "BENCH_PG_URL", stack.postgres().jdbcUrl() + (stack.postgres().jdbcUrl().contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "BENCH_PG_USER", stack.postgres().user(),
                "BENCH_PG_PASSWORD", stack.postgres().password() == null ? "" : stack.postgres().password());
        return new ChildJvm(command, env, state.resolve("logs/plain-" + name + ".log"), state.resolve("plain-" + name + "-steps.json"));
    }

    void createPlainSchema(String schema) throws Exception {
        String migration = Files.readString(repo.resolve("routes/near-intents/execute/src/main/resources/db/migration/V1__create_execution_state.sql"));
        try (Connection c = DriverManager.getConnection(stack.postgres().jdbcUrl(), stack.postgres().user(), stack.postgres().password());
             Statement s = c.createStatement()) {
            s.execute("create schema if not exists " + schema);
            s.execute("set search_path to " + schema);
            for (String sql : migration.replaceAll("(?m)--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    s.execute(sql);
                }
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // helpers

    interface Load {
        /** Starts offering rate/s for seconds; returns a mark for {@link #pushed}. */
        long start(double rate, int seconds) throws Exception;

        void cancel() throws Exception;

        long pushed(long mark) throws Exception;

        /** The processes doing this load's work, for the CPU each uses while it is offered. */
        List<Cpu.Proc> processes();
    }

    /** The plain chain's input: raw records produced at a fixed rate, as the ingest would write them. */
    static final class RateProducer implements Load {
        private final KafkaProducer<String, byte[]> producer;
        private final String topic;
        private final Frames frames;
        private final AtomicLong sequence;
        private final AtomicLong sent = new AtomicLong();
        private final AtomicBoolean cancelled = new AtomicBoolean();
        private final List<Cpu.Proc> processes;
        private Thread thread;

        RateProducer(KafkaProducer<String, byte[]> producer, String topic, Frames frames, AtomicLong sequence, List<Cpu.Proc> processes) {
            this.producer = producer;
            this.topic = topic;
            this.frames = frames;
            this.sequence = sequence;
            this.processes = processes;
        }

        @Override
        public List<Cpu.Proc> processes() {
            return processes;
        }

        @Override
        public long start(double rate, int seconds) throws Exception {
            if (thread != null) {
                thread.join();
            }
            cancelled.set(false);
            long before = sent.get();
            long count = (long) (rate * seconds);
            thread = new Thread(() -> {
                long t0 = System.nanoTime();
                long done = 0;
                while (done < count && !cancelled.get()) {
                    long due = Math.min(count, (long) ((System.nanoTime() - t0) / 1e9 * rate) + 1);
                    while (done < due) {
                        producer.send(Frames.rawRecord(topic, frames.frame(sequence.getAndIncrement()), Instant.now()));
                        sent.incrementAndGet();
                        done++;
                    }
                    try {
                        Thread.sleep(1);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            }, "plain-load");
            thread.start();
            return before;
        }

        @Override
        public void cancel() {
            cancelled.set(true);
        }

        @Override
        public long pushed(long mark) {
            return sent.get() - mark;
        }
    }

    /** A child JVM (the plain chain), its output in a log file. Stopped with SIGTERM. */
    static final class ChildJvm implements AutoCloseable {
        private final Process process;
        private final Path log;
        private final Path steps;

        ChildJvm(List<String> command, Map<String, String> env, Path log, Path steps) throws IOException {
            Files.createDirectories(log.getParent());
            this.log = log;
            this.steps = steps;
            ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
            b.environment().putAll(env);
            process = b.start();
        }

        long pid() {
            return process.pid();
        }

        void awaitReady(int loops) throws IOException {
            long deadline = System.currentTimeMillis() + 60_000;
            while (System.currentTimeMillis() < deadline) {
                long ready = Files.readAllLines(log).stream().filter(l -> l.startsWith("READY")).count();
                if (ready >= loops) {
                    return;
                }
                if (!process.isAlive()) {
                    throw new IllegalStateException("the plain chain exited; see " + log);
                }
                pause(200);
            }
            throw new IllegalStateException("the plain chain was not ready in 60 s; see " + log);
        }

        String steps() {
            try {
                JsonNode s = PlainHops.JSON.readTree(Files.readString(steps));
                StringBuilder b = new StringBuilder();
                s.fields().forEachRemaining(f -> {
                    if (f.getKey().startsWith("execute.us.")) {
                        b.append(f.getKey().substring("execute.us.".length())).append(' ').append(f.getValue().asLong()).append(" us, ");
                    }
                });
                return b.length() == 0 ? "(no step timings)" : b.substring(0, b.length() - 2);
            } catch (IOException e) {
                return "(no step timings: " + e.getMessage() + ")";
            }
        }

        @Override
        public void close() {
            process.destroy();
            try {
                if (!process.waitFor(20, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /** Valid commands with their expiry far ahead (so the executor executes every one), built by the baseline's own reactor mapping. */
    List<PlainHops.Out> backlogCommands(Frames frames, int n) throws Exception {
        PlainHops hops = new PlainHops();
        List<PlainHops.Out> out = new ArrayList<>(n);
        Instant expires = Instant.now().plus(Duration.ofMinutes(20));
        for (long seq = 0; out.size() < n; seq++) {
            ProducerRecord<String, byte[]> raw = Frames.rawRecord("x", frames.frame(seq), Instant.now());
            PlainHops.Out norm = hops.normalize(raw.value(), raw.headers());
            PlainHops.Out cmd = hops.react(norm.value(), true);
            if (cmd == null) {
                continue;
            }
            ObjectNode command = (ObjectNode) PlainHops.JSON.readTree(cmd.value());
            ObjectNode payload = (ObjectNode) command.path("payload");
            payload.put("expires_at", EventTime.format(expires));
            ((ObjectNode) payload.path("action")).put("quote_deadline", EventTime.format(expires.plusSeconds(130)));
            byte[] value = PlainHops.JSON.writeValueAsBytes(command);
            PlainHops.validate(hops.executeTrade, value);
            out.add(new PlainHops.Out(cmd.key(), value, CloudEventHeaders.mirror(command)));
        }
        return out;
    }

    /** Raw records of the frames from..from+n-1, produced in bulk. */
    void produceRaw(String topic, Frames frames, int from, int n) throws Exception {
        try (KafkaProducer<String, byte[]> producer = bulkProducer()) {
            for (int i = from; i < from + n; i++) {
                producer.send(Frames.rawRecord(topic, frames.frame(i), Instant.now()));
            }
        }
    }

    static ProducerRecord<String, byte[]> record(String topic, PlainHops.Out o) {
        ProducerRecord<String, byte[]> r = new ProducerRecord<>(topic, o.key(), o.value());
        o.headers().forEach((k, v) -> r.headers().add(k, String.valueOf(v).getBytes(StandardCharsets.UTF_8)));
        return r;
    }

    KafkaProducer<String, byte[]> bulkProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.LINGER_MS_CONFIG, 10);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 256 * 1024);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    /** The ingest's producer settings (the routes' Kafka defaults). */
    KafkaProducer<String, byte[]> ingestProducer() {
        Properties p = new Properties();
        p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().kafkaBootstrap());
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 0);
        return new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
    }

    void createTopics(int partitions, String... names) throws Exception {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, stack.config().kafkaBootstrap());
        try (Admin admin = Admin.create(props)) {
            Set<String> existing = admin.listTopics().names().get(30, TimeUnit.SECONDS);
            List<NewTopic> missing = Stream.of(names).filter(n -> !existing.contains(n))
                    .map(n -> new NewTopic(n, partitions, (short) 1)).toList();
            if (!missing.isEmpty()) {
                admin.createTopics(missing).all().get(60, TimeUnit.SECONDS);
            }
        }
    }

    void push(long count, double rate, ObjectNode overrides) throws Exception {
        ObjectNode body = PlainHops.JSON.createObjectNode();
        body.put("count", count);
        body.put("rate", rate);
        if (overrides != null) {
            body.set("overrides", overrides);
        }
        send("POST", "/control/quotes", body.toString());
    }

    /** unrip_reactor_skipped_total by reason, from the reactor's Prometheus metrics. */
    Map<String, Long> reactorSkips() {
        Map<String, Long> out = new LinkedHashMap<>();
        try {
            HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + stack.service("reactor").httpPort() + "/q/metrics"))
                    .timeout(Duration.ofSeconds(5)).GET().build(), HttpResponse.BodyHandlers.ofString());
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

    JsonNode stats() throws Exception {
        return PlainHops.JSON.readTree(send("GET", "/control/stats", null));
    }

    String send(String method, String path, String body) throws Exception {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(simUrl + path)).timeout(Duration.ofSeconds(10));
        b = body == null ? b.method(method, HttpRequest.BodyPublishers.noBody())
                : b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(body));
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new IllegalStateException(method + " " + path + " answered " + r.statusCode() + ": " + r.body());
        }
        return r.body();
    }

    /** The broker, PostgreSQL (its postmaster with the backends) and this harness (load, tailers). */
    List<Cpu.Proc> infrastructure() {
        List<Cpu.Proc> out = new ArrayList<>();
        stack.kafka().process().pid().ifPresent(p -> out.add(new Cpu.Proc("kafka", p, false)));
        stack.postgres().pid().ifPresent(p -> out.add(new Cpu.Proc("postgres", p, true)));
        out.add(new Cpu.Proc("harness", ProcessHandle.current().pid(), false));
        return out;
    }

    Map<String, Long> pids() {
        Map<String, Long> out = new LinkedHashMap<>();
        if (stack != null) {
            stack.services().forEach((k, s) -> s.process().pid().ifPresent(p -> {
                if (s.process().isAlive()) {
                    out.put(k, p);
                }
            }));
        }
        return out;
    }

    void writePayloads(String kind, List<byte[]> values) throws IOException {
        StringBuilder b = new StringBuilder();
        for (byte[] v : values) {
            String s = new String(v, StandardCharsets.UTF_8);
            if (!s.contains("\n")) {
                b.append(s).append('\n');
            }
        }
        Files.writeString(state.resolve("payload-" + kind + ".txt"), b.toString());
    }

    static double sizes(List<byte[]> values) {
        return values.stream().mapToInt(v -> v.length).average().orElse(Double.NaN);
    }

    /** Records per second over the last 80 % of the records by time (the first 20 % include a cold start). */
    static double steadyRate(List<Tailer.Seen> records) {
        if (records.size() < 10) {
            return overallRate(records);
        }
        long[] ts = records.stream().mapToLong(Tailer.Seen::ts).sorted().toArray();
        int from = ts.length / 5;
        long span = ts[ts.length - 1] - ts[from];
        return span <= 0 ? Double.NaN : (ts.length - 1 - from) * 1000.0 / span;
    }

    static double overallRate(List<Tailer.Seen> records) {
        if (records.size() < 2) {
            return Double.NaN;
        }
        long min = records.stream().mapToLong(Tailer.Seen::ts).min().orElse(0);
        long max = records.stream().mapToLong(Tailer.Seen::ts).max().orElse(0);
        return max == min ? Double.NaN : (records.size() - 1) * 1000.0 / (max - min);
    }

    /** Waits until no record came on the chain's norm, cmd or result topic for 2 s: every stage idle, no backlog. */
    void drain(Tailer tailer, Stage.Topics topics, int maxSeconds) {
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
            pause(200);
        }
        say("  (still draining after " + maxSeconds + " s: the next step starts with a backlog)");
    }

    void awaitQuiet(Tailer tailer, String topic, long quietMs, int maxSeconds) {
        long deadline = System.currentTimeMillis() + maxSeconds * 1000L;
        int last = -1;
        long since = System.currentTimeMillis();
        while (System.currentTimeMillis() < deadline) {
            int now = tailer.count(topic);
            if (now != last) {
                last = now;
                since = System.currentTimeMillis();
            } else if (System.currentTimeMillis() - since >= quietMs) {
                return;
            }
            pause(200);
        }
    }

    /** Waits until the condition holds or the cap passes, whichever is first; never fails. */
    void awaitOrCap(int seconds, Check condition) {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception e) {
                // not yet
            }
            pause(250);
        }
    }

    interface Check {
        boolean holds() throws Exception;
    }

    void await(String what, int seconds, Check condition) {
        long deadline = System.currentTimeMillis() + seconds * 1000L;
        while (System.currentTimeMillis() < deadline) {
            try {
                if (condition.holds()) {
                    return;
                }
            } catch (Exception e) {
                // not yet
            }
            pause(250);
        }
        throw new IllegalStateException("timed out after " + seconds + " s waiting for " + what);
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    synchronized void say(String line) {
        long s = (System.currentTimeMillis() - started) / 1000;
        String out = String.format("[%02d:%02d] %s", s / 60, s % 60, line);
        System.out.println(out);
        System.out.flush();
        console.add(out);
    }

    static void deleteRecursively(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> paths = Files.walk(dir)) {
            paths.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
