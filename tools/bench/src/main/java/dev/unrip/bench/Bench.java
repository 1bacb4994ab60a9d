package dev.unrip.bench;

import dev.unrip.localstack.LocalStack;
import dev.unrip.localstack.StackConfig;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code make bench}: starts a private local stack (tools/local-stack: Kafka KRaft, PostgreSQL 17,
 * the relay simulator and every route group as its own process; free ports, state under
 * tools/bench/target/bench-state) and measures, in one run:
 * <ol>
 *   <li>our pipeline: end-to-end latency at fixed offered rates pushed by the simulator, stepped
 *       up to the highest sustainable rate ({@link LatencySteps}); stage throughput on backlogs
 *       ({@link ExecutorBacklog}, {@link IngestBurst}, {@link NormalizeBacklog}); the resident
 *       memory of every process ({@link Rss});</li>
 *   <li>the broker's own limit: Kafka's ProducerPerformance / ConsumerPerformance with our real
 *       record values ({@link BrokerLimit});</li>
 *   <li>a baseline chain of plain Kafka clients doing the same hops with the same JSON work
 *       ({@link PlainChainLatency}, and the plain loops on the same backlogs);</li>
 *   <li>the ratios, the targets met and missed, and CPU profiles where throughput is missed.</li>
 * </ol>
 * Prints progress as it goes and a final table, and writes the run into {@link Report#FILE}.
 * This class is the order of the measurements; each measurement is a class of its own.
 */
public final class Bench {

    private final Harness run;
    private final LatencySteps latency;

    Bench(Path repo) {
        this.run = new Harness(repo);
        this.latency = new LatencySteps(run);
    }

    public static void main(String[] args) throws Exception {
        Path repo =
                Path.of(System.getProperty("unrip.repo", ".")).toAbsolutePath().normalize();
        Bench bench = new Bench(repo);
        int rc = bench.measure();
        System.exit(rc);
    }

    int measure() throws Exception {
        Results results = run.results;
        run.say("unrip bench: a private stack under " + run.repo.relativize(run.state)
                + "; every figure below comes from this one run");
        results.loadStart = Report.loadAverage();
        deleteRecursively(run.state);
        Files.createDirectories(run.state);
        LocalStack stack = new LocalStack(
                StackConfig.forTests(run.repo, run.state, Map.of()), line -> run.say("  [stack] " + line));
        run.stack = stack;
        Thread cleanup = new Thread(stack::close, "bench-cleanup");
        Runtime.getRuntime().addShutdownHook(cleanup);
        run.rss = new Rss(run::pids);
        boolean complete = false;
        if ("normalize".equals(System.getProperty("bench.stage"))) {
            return normalizeOnly(cleanup);
        }
        if ("ingest".equals(System.getProperty("bench.stage"))) {
            return ingestOnly(cleanup);
        }
        if ("react".equals(System.getProperty("bench.stage"))) {
            return reactOnly(cleanup);
        }
        if ("cold".equals(System.getProperty("bench.stage"))) {
            return coldOnly(cleanup);
        }
        try {
            stack.startInfrastructure();
            results.rttBefore = Probes.brokerRoundTrip(run.bootstrap());
            run.say("broker round trip now (one record, acks=all, linger 0, send then wait for the ack, 300 times): "
                    + results.rttBefore.brief());
            results.pgCommit = Probes.postgresCommit(
                    stack.postgres().jdbcUrl(),
                    stack.postgres().user(),
                    stack.postgres().password(),
                    0);
            run.say("PostgreSQL commit now (one-row insert, autocommit, fsync on, 300 times): "
                    + results.pgCommit.brief());
            results.sign = Probes.ed25519Sign();
            run.say("Ed25519 sign now (SolverKey, Bouncy Castle, as the executor signs, 300 times, in this JVM): "
                    + results.sign.brief());
            pipeline(new Simulator(run));
            stopServices();
            BrokerLimit.measure(run);
            plainChain();
            complete = true;
        } catch (Exception e) {
            run.say("BENCH FAILED: " + e);
            e.printStackTrace();
        } finally {
            run.rss.close();
            run.say("stopping the stack ...");
            stack.close();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
        results.runtimeSeconds = (System.currentTimeMillis() - run.started) / 1000;
        results.loadEnd = Report.loadAverage();
        List<String> table = results.table();
        table.forEach(run::say);
        if (complete) {
            Report.write(run.repo, results, run.console, table);
            run.say("wrote " + Report.FILE);
        } else {
            run.say("incomplete run: " + Report.FILE + " left as it was");
        }
        return complete ? 0 : 1;
    }

    /**
     * {@code make bench STAGE=normalize}: the normalize backlogs of ours and of the plain loop only,
     * for tuning the normalize route (about a minute); printed, nothing written.
     */
    int normalizeOnly(Thread cleanup) throws Exception {
        try {
            run.stack.startInfrastructure();
            NormalizeBacklog.ours(run);
            ChildJvm.createSchema(run);
            NormalizeBacklog.plain(run);
            run.say(String.format(
                    "normalize: ours %,.0f events/s, the plain loop %,.0f events/s (steady, over the same measured backlog)",
                    run.results.normalizePerSec, run.results.plainNormalizePerSec));
            return 0;
        } finally {
            run.stack.close();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    /**
     * {@code make bench STAGE=ingest}: the simulator and the ingest alone, three bursts after a
     * warm-up burst, for tuning the ingest route (about two minutes); printed, nothing written.
     */
    int ingestOnly(Thread cleanup) throws Exception {
        try {
            run.stack.startInfrastructure();
            run.stack.startService("relay-simulator");
            run.stack.startService("near-intents-ingest");
            Simulator simulator = new Simulator(run);
            Waits.await(
                    "the ingest subscribed to the simulator",
                    60,
                    () -> simulator.stats().path("subscriptions_quote").asInt() >= 1);
            List<Double> rates = new java.util.ArrayList<>();
            for (int burst = 0; burst < 4; burst++) {
                IngestBurst.measure(run, simulator);
                if (burst > 0) {
                    rates.add(run.results.ingestPerSec);
                }
            }
            run.say(String.format(
                    "ingest: %s frames/s over three bursts after a warm-up burst",
                    rates.stream().map(r -> String.format("%,.0f", r)).toList()));
            return 0;
        } finally {
            run.stack.close();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    /**
     * {@code make bench STAGE=react}: every service up and warmed, then the react-hop cost alone
     * ({@link ReactCost}: book-spread against fixed-spread, about nine minutes); printed, nothing
     * written.
     */
    int reactOnly(Thread cleanup) throws Exception {
        try {
            run.stack.startInfrastructure();
            Simulator simulator = new Simulator(run);
            startEveryService(simulator);
            Stage.Topics ours = Stage.Topics.OURS;
            try (Tailer tailer = new Tailer(run.bootstrap(), ours.all(), 1000)) {
                latency.warmUp("ours", simulator, tailer, ours, LatencySteps.WARMUP_MAX_SECONDS);
                ReactCost.measure(run, latency, simulator, tailer, ours);
            }
            return 0;
        } finally {
            run.stack.close();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    /**
     * {@code make bench STAGE=cold}: the first quotes after a start, per set of JVM options
     * ({@link ColdStart}, about eight minutes); printed, nothing written.
     */
    int coldOnly(Thread cleanup) throws Exception {
        try {
            run.stack.startInfrastructure();
            Simulator simulator = new Simulator(run);
            startEveryService(simulator);
            ColdStart.measure(run, simulator);
            return 0;
        } finally {
            run.stack.close();
            Runtime.getRuntime().removeShutdownHook(cleanup);
        }
    }

    /** Every service of the stack, in its order, until the ingest has subscribed to the simulator. */
    private void startEveryService(Simulator simulator) throws Exception {
        startEveryService(run, simulator, name -> Map.of());
    }

    /** As above, each service with the environment {@code env} gives for its name added. */
    static void startEveryService(
            Harness run, Simulator simulator, java.util.function.Function<String, Map<String, String>> env)
            throws Exception {
        for (String name : StackConfig.SERVICE_MODULES.keySet()) {
            run.stack.startService(name, "", env.apply(name));
        }
        Waits.await(
                "the ingest subscribed to the simulator",
                60,
                () -> simulator.stats().path("subscriptions_quote").asInt() >= 1);
    }

    /** Our pipeline: every service up; latency steps, then the backlogs, stopping what each backlog must not share the machine with. */
    void pipeline(Simulator simulator) throws Exception {
        Results results = run.results;
        run.rss.phase("startup");
        startEveryService(simulator);
        run.rss.phase("idle");
        Thread.sleep(2000);
        run.rss.sampleNow();

        Stage.Topics ours = Stage.Topics.OURS;
        try (Tailer tailer = new Tailer(run.bootstrap(), ours.all(), 1000)) {
            run.rss.phase("warmup");
            latency.warmUp("ours", simulator, tailer, ours, LatencySteps.WARMUP_MAX_SECONDS);
            run.rss.phase("load");
            results.rttLoaded = Probes.brokerRoundTrip(run.bootstrap());
            run.say("broker round trip now, every service up and idle: " + results.rttLoaded.brief());
            results.ours =
                    latency.ladder("ours", simulator, tailer, ours, 100, 500, 1000, 1500, 2000, 3000, 4000, 6000);
            RecordValues.measure(run, tailer);
            ReactCost.measure(run, latency, simulator, tailer, ours);
        }
        ExecutorBacklog.ours(run);
        run.say("stopping the executor, normalize and reactor: the ingest burst goes to the raw topic only ...");
        run.stopInParallel(List.of("near-intents-execute", "near-intents-normalize", "reactor"));
        IngestBurst.measure(run, simulator);
        run.say("stopping the ingest and the simulator: the normalize backlog has the machine to itself ...");
        run.stopInParallel(List.of("near-intents-ingest", "relay-simulator"));
        NormalizeBacklog.ours(run);
        results.rssUnderLoad = run.rss.maxMib("warmup", "load", "ingest-burst", "executor-backlog");
        results.rssUnderLoadPhase = run.rss.maxPhase("warmup", "load", "ingest-burst", "executor-backlog");
        results.rssIdle = run.rss.maxMib("idle");
    }

    void stopServices() throws InterruptedException {
        run.rss.phase("stopping");
        run.say("stopping every service (in parallel) ...");
        run.stopInParallel(new ArrayList<>(run.stack.services().keySet()));
    }

    /** The baseline: the plain-client chain's latency, then its normalize and execute loops alone on backlogs. */
    void plainChain() throws Exception {
        Stage.Topics plain = Stage.Topics.PLAIN;
        Kafka.createTopics(
                run.bootstrap(),
                6,
                plain.raw(),
                plain.norm(),
                plain.cmd(),
                plain.exec(),
                "bench.plain.backlog.norm",
                "bench.plain.backlog.cmd",
                "bench.plain.backlog.exec",
                "bench.plain.backlog.unused");
        ChildJvm.createSchema(run);
        PlainChainLatency.measure(run, latency);
        NormalizeBacklog.plain(run);
        ExecutorBacklog.plain(run);
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
