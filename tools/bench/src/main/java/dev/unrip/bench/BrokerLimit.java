package dev.unrip.bench;

import java.util.List;

/**
 * The broker's own limit with the services stopped: Kafka's ProducerPerformance and
 * ConsumerPerformance on our real raw and norm record values (the payload files {@link RecordValues}
 * wrote), acks=all, 6 partitions; the round-trip and commit probes again beside them.
 */
final class BrokerLimit {

    static final long RECORDS = Harness.QUICK ? 100_000 : 200_000;

    private BrokerLimit() {}

    static void measure(Harness run) throws Exception {
        Results results = run.results;
        results.rttAfter = Probes.brokerRoundTrip(run.bootstrap());
        run.say("broker round trip now, the services stopped: " + results.rttAfter.brief());
        results.pgCommitAfter = Probes.postgresCommit(
                run.stack.postgres().jdbcUrl(),
                run.stack.postgres().user(),
                run.stack.postgres().password(),
                1000);
        run.say("PostgreSQL commit now, the services stopped: " + results.pgCommitAfter.brief());
        Kafka.createTopics(run.bootstrap(), 6, "bench.perf.raw", "bench.perf.norm");
        String bootstrap = run.bootstrap();
        for (String kind : List.of("raw", "norm")) {
            run.say("broker: Kafka ProducerPerformance, " + RECORDS + " records of our real " + kind
                    + " values, acks=all ...");
            BrokerTools.Result p = BrokerTools.producer(
                    bootstrap,
                    "bench.perf." + kind,
                    run.state.resolve("payload-" + kind + ".txt"),
                    RECORDS,
                    run.state.resolve("logs/perf-producer-" + kind + ".log"));
            run.say(String.format(
                    "  producer %s: %.0f records/s (%.1f MB/s), %s",
                    kind, p.recordsPerSec(), p.mbPerSec(), p.detail()));
            run.say("broker: Kafka ConsumerPerformance on the same records ...");
            BrokerTools.Result c = BrokerTools.consumer(
                    bootstrap, "bench.perf." + kind, RECORDS, run.state.resolve("logs/perf-consumer-" + kind + ".log"));
            run.say(String.format(
                    "  consumer %s: %.0f records/s (%.1f MB/s), %s",
                    kind, c.recordsPerSec(), c.mbPerSec(), c.detail()));
            results.broker.put("producer " + kind, p);
            results.broker.put("consumer " + kind, c);
        }
    }
}
