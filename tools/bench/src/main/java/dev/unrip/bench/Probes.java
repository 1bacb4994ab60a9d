package dev.unrip.bench;

import dev.unrip.nearintents.protocol.QuoteResponse;
import dev.unrip.nearintents.protocol.SolverKey;
import dev.unrip.nearintents.protocol.VersionedNonce;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * What the machine gives right now, for reading the other figures: one record at a time to the
 * broker, a durable PostgreSQL commit (the executor commits four per command) and an Ed25519
 * signature (one per command).
 */
final class Probes {

    private Probes() {}

    /** One record at a time, waiting for each ack: what a per-record synchronous hop pays per record. */
    static Percentiles brokerRoundTrip(String bootstrap) throws Exception {
        Kafka.createTopics(bootstrap, 1, "bench.rtt");
        List<Double> ms = new ArrayList<>();
        try (KafkaProducer<String, byte[]> producer = Kafka.ingestProducer(bootstrap)) {
            producer.send(new ProducerRecord<>("bench.rtt", "k", new byte[500])).get();
            for (int i = 0; i < 300; i++) {
                long t = System.nanoTime();
                producer.send(new ProducerRecord<>("bench.rtt", "k", new byte[500]))
                        .get();
                ms.add((System.nanoTime() - t) / 1e6);
            }
        }
        return Percentiles.of(ms);
    }

    static Percentiles postgresCommit(String url, String user, String password, long base) throws Exception {
        List<Double> ms = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(url, user, password)) {
            try (Statement s = c.createStatement()) {
                s.execute(
                        "create table if not exists bench_commit_probe (id bigint primary key, at timestamptz not null default now())");
            }
            try (PreparedStatement p = c.prepareStatement("insert into bench_commit_probe (id) values (?)")) {
                for (int i = 0; i < 320; i++) {
                    long t = System.nanoTime();
                    p.setLong(1, base + i);
                    p.executeUpdate();
                    if (i >= 20) {
                        ms.add((System.nanoTime() - t) / 1e6);
                    }
                }
            }
        }
        return Percentiles.of(ms);
    }

    static Percentiles ed25519Sign() {
        SolverKey key = SolverKey.generateThrowaway();
        Instant deadline = Instant.now().plusSeconds(120);
        List<Double> ms = new ArrayList<>();
        for (int i = 0; i < 350; i++) {
            byte[] nonce = VersionedNonce.derive(String.format("%030x", i), new byte[4], deadline);
            long t = System.nanoTime();
            QuoteResponse.request(
                    i,
                    "q-" + i,
                    "nep141:wrap.near",
                    "nep141:usdt.tether-token.near",
                    "1000000000000000000000000",
                    "2990000",
                    true,
                    "solver.unrip.near",
                    deadline,
                    nonce,
                    key);
            if (i >= 50) {
                ms.add((System.nanoTime() - t) / 1e6);
            }
        }
        return Percentiles.of(ms);
    }
}
