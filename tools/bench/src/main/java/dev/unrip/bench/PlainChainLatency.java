package dev.unrip.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.kafka.clients.producer.KafkaProducer;

/**
 * The baseline's latency: the plain-client chain (normalize, react, execute loops in one JVM) fed
 * raw records at fixed rates as the ingest would write them, warmed up and stepped as ours, at the
 * same rates up to the highest one ours sustained; and its resident memory after the steps.
 */
final class PlainChainLatency {

    private PlainChainLatency() {}

    static void measure(Harness run, LatencySteps steps) throws Exception {
        Stage.Topics plain = Stage.Topics.PLAIN;
        run.say("plain: starting the plain-client chain (normalize, react, execute loops in one JVM) ...");
        Frames frames = new Frames(9003);
        AtomicLong sequence = new AtomicLong();
        try (ChildJvm chain = ChildJvm.plainChain(
                        run, "chain", "normalize,react,execute", plain.raw(), plain.norm(), plain.cmd(), plain.exec());
                Tailer tailer = new Tailer(run.bootstrap(), plain.all(), 0);
                KafkaProducer<String, byte[]> producer = Kafka.ingestProducer(run.bootstrap())) {
            chain.awaitReady(3);
            List<Cpu.Proc> processes = new ArrayList<>(List.of(new Cpu.Proc("plain-chain", chain.pid(), false)));
            processes.addAll(run.infrastructure());
            RateProducer load = new RateProducer(producer, plain.raw(), frames, sequence, processes);
            steps.warmUp("plain", load, tailer, plain, LatencySteps.PLAIN_WARMUP_MAX_SECONDS);
            // The same rates as ours, up to the highest one ours sustained (the comparison is at equal offered rates).
            double oursBest = run.results.ours.stream()
                    .filter(Stage::sustainable)
                    .mapToDouble(Stage::offered)
                    .max()
                    .orElse(0);
            List<Integer> rates = new ArrayList<>();
            if (oursBest > 0 && oursBest < 100) {
                rates.add((int) oursBest); // ours sustained only a low rate: measure the baseline there too
            }
            rates.addAll(List.of(100, 500, 1000));
            if (oursBest > 1000) {
                rates.add((int) oursBest);
            }
            run.results.plain = steps.ladder(
                    "plain",
                    load,
                    tailer,
                    plain,
                    rates.stream().mapToInt(Integer::intValue).toArray());
            run.results.plainRss = Rss.vmRssKib(chain.pid()) / 1024.0;
        }
    }
}
