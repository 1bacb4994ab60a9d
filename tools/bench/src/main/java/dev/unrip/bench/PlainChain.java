package dev.unrip.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.mapping.execute.BatchPlan;
import dev.unrip.mapping.execute.ExecutionRows;
import dev.unrip.mapping.execute.ExecutionState;
import dev.unrip.mapping.execute.TradeResults;
import dev.unrip.nearintents.protocol.QuoteResponse;
import dev.unrip.nearintents.protocol.SolverKey;
import dev.unrip.nearintents.protocol.VersionedNonce;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;

/**
 * The baseline: our hops as plain Kafka consumer → producer loops, one thread each, in one JVM
 * (a child of the harness). Same JSON work as the route groups (PlainHops), same producer
 * settings as the routes (acks=all, idempotent, linger 0), at-least-once the plain-client way:
 * process a poll's records, send asynchronously, flush, then commit the offsets. The execute
 * loop does our executor's durable work per poll (paper mode: Camel's idempotent-repository
 * statements and RECEIVED in one transaction, sign, EXECUTING in a second, SUCCEEDED in a third)
 * and times each step.
 *
 * <pre>
 *   PlainChain &lt;bootstrap&gt; &lt;loops: normalize,react,execute&gt; &lt;raw&gt; &lt;norm&gt; &lt;cmd&gt; &lt;exec&gt; &lt;group prefix&gt; &lt;steps file&gt;
 *   env BENCH_PG_URL, BENCH_PG_USER, BENCH_PG_PASSWORD (execute loop only)
 * </pre>
 */
public final class PlainChain {

    private static volatile boolean running = true;

    public static void main(String[] args) throws Exception {
        String bootstrap = args[0];
        List<String> loops = List.of(args[1].split(","));
        String raw = args[2];
        String norm = args[3];
        String cmd = args[4];
        String exec = args[5];
        String group = args[6];
        Path stepsFile = Path.of(args[7]);
        PlainHops hops = new PlainHops();
        List<Loop> started = new ArrayList<>();
        if (loops.contains("normalize")) {
            started.add(new Loop(
                    "normalize",
                    bootstrap,
                    group + "-normalize",
                    raw,
                    norm,
                    500,
                    each(r -> hops.normalize(r.value(), r.headers()))));
        }
        if (loops.contains("react")) {
            started.add(
                    new Loop("react", bootstrap, group + "-react", norm, cmd, 500, each(r -> hops.react(r.value()))));
        }
        Executor executor = null;
        if (loops.contains("execute")) {
            Executor batches = new Executor(
                    hops,
                    System.getenv("BENCH_PG_URL"),
                    System.getenv("BENCH_PG_USER"),
                    System.getenv("BENCH_PG_PASSWORD"));
            Loop loop = new Loop(
                    "execute",
                    bootstrap,
                    group + "-execute",
                    cmd,
                    exec,
                    200,
                    (records, onError) -> batches.executeAll(records));
            loop.timed = batches;
            executor = batches;
            started.add(loop);
        }
        List<Thread> threads = new ArrayList<>();
        for (Loop loop : started) {
            Thread t = new Thread(loop, "plain-" + loop.name);
            t.start();
            threads.add(t);
        }
        Executor steps = executor;
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            running = false;
                            started.forEach(l -> l.consumer.wakeup());
                            for (Thread t : threads) {
                                try {
                                    t.join(10_000);
                                } catch (InterruptedException e) {
                                    Thread.currentThread().interrupt();
                                }
                            }
                            try {
                                Map<String, Object> summary = new LinkedHashMap<>();
                                for (Loop l : started) {
                                    summary.put(l.name + ".records", l.processed.get());
                                    summary.put(l.name + ".errors", l.errors.get());
                                }
                                if (steps != null) {
                                    summary.putAll(steps.summary());
                                }
                                Files.writeString(stepsFile, PlainHops.JSON.writeValueAsString(summary));
                            } catch (Exception e) {
                                System.err.println("cannot write " + stepsFile + ": " + e);
                            }
                        },
                        "plain-chain-stop"));
        for (Thread t : threads) {
            t.join();
        }
    }

    interface Hop {
        PlainHops.Out apply(ConsumerRecord<String, byte[]> record) throws Exception;
    }

    /** A poll's records → the records to send (the executor works per poll, as ours does); failures go to onError. */
    interface BatchHop {
        List<PlainHops.Out> apply(List<ConsumerRecord<String, byte[]>> records, Consumer<Exception> onError)
                throws Exception;
    }

    /** A per-record hop as a batch hop: a record that fails is reported and left out, the rest go on. */
    static BatchHop each(Hop hop) {
        return (records, onError) -> {
            List<PlainHops.Out> outs = new ArrayList<>(records.size());
            for (ConsumerRecord<String, byte[]> r : records) {
                try {
                    PlainHops.Out o = hop.apply(r);
                    if (o != null) {
                        outs.add(o);
                    }
                } catch (Exception e) {
                    onError.accept(e);
                }
            }
            return outs;
        };
    }

    /** consume → hop → produce; per poll: send all, flush, commit. */
    static final class Loop implements Runnable {
        final String name;
        final String in;
        final String out;
        final BatchHop hop;
        final KafkaConsumer<String, byte[]> consumer;
        final KafkaProducer<String, byte[]> producer;
        final AtomicLong processed = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        Executor timed;

        Loop(String name, String bootstrap, String group, String in, String out, int maxPoll, BatchHop hop) {
            this.name = name;
            this.in = in;
            this.out = out;
            this.hop = hop;
            Properties c = new Properties();
            c.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            c.put(ConsumerConfig.GROUP_ID_CONFIG, group);
            c.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
            c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, maxPoll);
            consumer = new KafkaConsumer<>(c, new StringDeserializer(), new ByteArrayDeserializer());
            Properties p = new Properties();
            p.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
            p.put(ProducerConfig.ACKS_CONFIG, "all");
            p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
            p.put(ProducerConfig.LINGER_MS_CONFIG, 0); // as camel-kafka's default
            producer = new KafkaProducer<>(p, new StringSerializer(), new ByteArraySerializer());
        }

        private void error(Exception e) {
            if (errors.incrementAndGet() <= 3) {
                System.err.println(name + ": " + e);
            }
        }

        @Override
        public void run() {
            boolean announced = false;
            try {
                consumer.subscribe(List.of(in));
                while (running) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                    if (!announced && !consumer.assignment().isEmpty()) {
                        System.out.println(
                                "READY " + name + " " + consumer.assignment().size() + " partitions");
                        System.out.flush();
                        announced = true;
                    }
                    if (records.isEmpty()) {
                        continue;
                    }
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    List<ConsumerRecord<String, byte[]>> polled = new ArrayList<>(records.count());
                    for (ConsumerRecord<String, byte[]> r : records) {
                        polled.add(r);
                        offsets.put(
                                new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    }
                    List<PlainHops.Out> outs;
                    try {
                        outs = hop.apply(polled, this::error);
                    } catch (Exception e) {
                        error(e);
                        outs = List.of();
                    }
                    for (PlainHops.Out o : outs) {
                        ProducerRecord<String, byte[]> pr = new ProducerRecord<>(out, o.key(), o.value());
                        o.headers()
                                .forEach((k, v) ->
                                        pr.headers().add(k, String.valueOf(v).getBytes(StandardCharsets.UTF_8)));
                        producer.send(pr);
                    }
                    processed.addAndGet(polled.size());
                    long t = System.nanoTime();
                    producer.flush();
                    consumer.commitSync(offsets);
                    if (timed != null) {
                        timed.flushCommitNanos.addAndGet(System.nanoTime() - t);
                    }
                }
            } catch (WakeupException e) {
                // stopping
            } finally {
                producer.close(Duration.ofSeconds(5));
                consumer.close(Duration.ofSeconds(5));
            }
        }
    }

    /**
     * TradeExecutor.executeBatch in paper mode, on one JDBC connection, each step timed: per poll,
     * (1) Camel's idempotent-repository statements and RECEIVED for every command in one
     * transaction, (2) the claims EXECUTING (and expiries) in a second, (3) the outcomes in a third;
     * the claims and outcomes as JDBC batches, as ExecutionStore sends them.
     */
    static final class Executor {
        final PlainHops hops;
        final Connection db;
        final SolverKey key = SolverKey.generateThrowaway();
        final String owner = "plain-" + UUID.randomUUID();
        final AtomicLong rpc = new AtomicLong();
        final AtomicLong commands = new AtomicLong();
        final AtomicLong validateNanos = new AtomicLong();
        final AtomicLong receiveNanos = new AtomicLong();
        final AtomicLong signNanos = new AtomicLong();
        final AtomicLong claimNanos = new AtomicLong();
        final AtomicLong finishNanos = new AtomicLong();
        final AtomicLong flushCommitNanos = new AtomicLong();
        final PreparedStatement idemCount;
        final PreparedStatement idemInsert;
        final PreparedStatement insertReceived;
        final PreparedStatement claim;
        final PreparedStatement finish;

        Executor(PlainHops hops, String url, String user, String password) throws SQLException {
            this.hops = hops;
            db = DriverManager.getConnection(url, user, password);
            db.setAutoCommit(false);
            // Camel's JdbcMessageIdRepository statements, and the executor's own sql/*.sql files.
            idemCount = db.prepareStatement(
                    "SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ?");
            idemInsert = db.prepareStatement(
                    "INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES (?, ?, ?)");
            insertReceived = db.prepareStatement(executorSql("receive"));
            claim = db.prepareStatement(executorSql("claim"));
            finish = db.prepareStatement(executorSql("finish"));
        }

        /** The executor's statement, read from its sql folder in the checkout (-Dunrip.repo). */
        private static String executorSql(String name) {
            Path file = Path.of(System.getProperty("unrip.repo", "."))
                    .resolve("routes/near-intents/execute/src/main/resources/sql/" + name + ".sql");
            try {
                return Files.readString(file);
            } catch (IOException e) {
                throw new IllegalStateException("cannot read " + file + " (-Dunrip.repo): " + e.getMessage(), e);
            }
        }

        /** One command of the poll. */
        private static final class Cmd {
            String json;
            JsonNode command;
            JsonNode action;
            ExecutionRows.Receive receive;
            boolean seen;
            boolean fresh;
            String quoteHash;
            String nonce;
            String result;

            /** As the batch plan sees it, once received (the baseline's commands are all fresh: RECEIVED, no result). */
            BatchPlan.Command planned() {
                return BatchPlan.Command.received(receive, command, seen, fresh, ExecutionState.RECEIVED, false);
            }
        }

        List<PlainHops.Out> executeAll(List<ConsumerRecord<String, byte[]>> records) throws Exception {
            Instant received = Instant.now();
            long t0 = System.nanoTime();
            List<Cmd> batch = new ArrayList<>(records.size());
            for (ConsumerRecord<String, byte[]> record : records) {
                PlainHops.validate(hops.executeTrade, record.value());
                Cmd c = new Cmd();
                c.json = new String(record.value(), StandardCharsets.UTF_8);
                c.command = PlainHops.JSON.readTree(record.value());
                c.action = c.command.path("payload").path("action");
                c.receive = ExecutionRows.Receive.of(c.json, c.command, "paper");
                batch.add(c);
            }
            long t1 = System.nanoTime();
            for (Cmd c : BatchPlan.lockOrder(batch, c -> c.receive.commandId())) {
                idemCount.setString(1, "plain-execute");
                idemCount.setString(2, c.receive.commandId());
                try (ResultSet rs = idemCount.executeQuery()) {
                    rs.next();
                    c.seen = rs.getInt(1) > 0;
                }
                if (!c.seen) {
                    idemInsert.setString(1, "plain-execute");
                    idemInsert.setString(2, c.receive.commandId());
                    idemInsert.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
                    idemInsert.executeUpdate();
                }
                c.receive.bind(insertReceived);
                try (ResultSet rs = insertReceived.executeQuery()) {
                    rs.next();
                    c.fresh = rs.getBoolean("inserted");
                }
            }
            db.commit();
            long t2 = System.nanoTime();
            // The executor's own plan (expired, over the limit, claim) for each command.
            List<BatchPlan.Decision> plan =
                    BatchPlan.plan(batch.stream().map(Cmd::planned).toList(), received);
            List<Cmd> claimed = new ArrayList<>();
            List<Cmd> expired = new ArrayList<>();
            for (int i = 0; i < batch.size(); i++) {
                Cmd c = batch.get(i);
                BatchPlan.Decision d = plan.get(i);
                switch (d.step()) {
                    case EXPIRE -> {
                        c.result = result(
                                c.command,
                                d.ends().text(),
                                received,
                                null,
                                d.errorCode(),
                                d.resultReason(),
                                c.receive.quoteId(),
                                null,
                                null);
                        expired.add(c);
                        continue;
                    }
                    case CLAIM -> {}
                    case REJECT ->
                        throw new IllegalArgumentException("limit exceeded; the baseline never builds such a command");
                    default -> {
                        continue; // a redelivery or a copy; the baseline never sees one
                    }
                }
                Instant quoteDeadline =
                        Instant.parse(c.action.path("quote_deadline").asText());
                byte[] nonce = VersionedNonce.derive(
                        c.receive.idempotencyKey(), HexFormat.of().parseHex("00000000"), quoteDeadline);
                String quoteResponse = QuoteResponse.request(
                        rpc.incrementAndGet(),
                        c.receive.quoteId(),
                        c.action.path("asset_in").asText(),
                        c.action.path("asset_out").asText(),
                        c.action.path("amount_in").asText(),
                        c.action.path("amount_out").asText(),
                        "EXACT_IN".equals(c.action.path("side").asText()),
                        "solver.unrip.near",
                        quoteDeadline,
                        nonce,
                        key);
                c.quoteHash = QuoteResponse.quoteHash(quoteResponse);
                c.nonce = Base64.getEncoder().encodeToString(nonce);
                claimed.add(c);
            }
            long t3 = System.nanoTime();
            for (Cmd c : claimed) {
                new ExecutionRows.Claim(
                                c.receive.commandId(), owner, Instant.now().plusMillis(30_000), c.nonce, c.quoteHash)
                        .bind(claim);
                claim.addBatch();
            }
            int[] won = claimed.isEmpty() ? new int[0] : claim.executeBatch();
            for (Cmd c : expired) {
                addFinish(new ExecutionRows.Finish(
                        c.receive.commandId(),
                        ExecutionState.RECEIVED,
                        null,
                        ExecutionState.EXPIRED,
                        c.result,
                        "DEADLINE_PASSED",
                        null));
            }
            if (!expired.isEmpty()) {
                finish.executeBatch();
            }
            db.commit();
            long t4 = System.nanoTime();
            List<Cmd> done = new ArrayList<>(expired);
            for (int i = 0; i < claimed.size(); i++) {
                Cmd c = claimed.get(i);
                if (won[i] != 1) {
                    continue;
                }
                c.result = result(
                        c.command,
                        "SUCCEEDED",
                        received,
                        Instant.now(),
                        null,
                        null,
                        c.receive.quoteId(),
                        c.quoteHash,
                        c.nonce);
                addFinish(new ExecutionRows.Finish(
                        c.receive.commandId(),
                        ExecutionState.EXECUTING,
                        owner,
                        ExecutionState.SUCCEEDED,
                        c.result,
                        null,
                        null));
                done.add(c);
            }
            if (done.size() > expired.size()) {
                for (int count : finish.executeBatch()) {
                    if (count != 1) {
                        throw new IllegalStateException("a command left EXECUTING under another owner");
                    }
                }
            }
            db.commit();
            List<PlainHops.Out> outs = new ArrayList<>(done.size());
            for (Cmd c : done) {
                outs.add(out(c.result, c.receive.commandId()));
            }
            long t5 = System.nanoTime();
            validateNanos.addAndGet(t1 - t0);
            receiveNanos.addAndGet(t2 - t1);
            signNanos.addAndGet(t3 - t2);
            claimNanos.addAndGet(t4 - t3);
            finishNanos.addAndGet(t5 - t4);
            commands.addAndGet(batch.size());
            return outs;
        }

        private void addFinish(ExecutionRows.Finish row) throws SQLException {
            row.bind(finish);
            finish.addBatch();
        }

        private PlainHops.Out out(String result, String commandId) throws Exception {
            byte[] value = result.getBytes(StandardCharsets.UTF_8);
            return new PlainHops.Out(commandId, value, CloudEventHeaders.mirror(PlainHops.JSON.readTree(result)));
        }

        private static String result(
                JsonNode command,
                String status,
                Instant received,
                Instant sentAt,
                String errorCode,
                String errorReason,
                String quoteId,
                String quoteHash,
                String nonce) {
            return TradeResults.result(
                            command,
                            "unrip/near-intents-execute",
                            "paper",
                            status,
                            received,
                            sentAt,
                            null,
                            errorCode,
                            errorReason,
                            new TradeResults.VenueRef(quoteId, quoteHash, nonce))
                    .json();
        }

        /** Mean time per command of each step, in microseconds. */
        Map<String, Object> summary() {
            long n = Math.max(1, commands.get());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("execute.commands", commands.get());
            m.put("execute.us.validate_and_parse", validateNanos.get() / 1000 / n);
            m.put("execute.us.idempotent_repository_and_received_tx", receiveNanos.get() / 1000 / n);
            m.put("execute.us.derive_nonce_and_sign", signNanos.get() / 1000 / n);
            m.put("execute.us.claim_executing_tx", claimNanos.get() / 1000 / n);
            m.put("execute.us.build_result_and_finish_tx", finishNanos.get() / 1000 / n);
            m.put("execute.us.flush_and_commit", flushCommitNanos.get() / 1000 / n);
            return m;
        }
    }
}
