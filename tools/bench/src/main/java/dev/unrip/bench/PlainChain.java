package dev.unrip.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventIds;
import dev.unrip.contracts.EventTime;
import dev.unrip.nearintents.protocol.QuoteResponse;
import dev.unrip.nearintents.protocol.SolverKey;
import dev.unrip.nearintents.protocol.VersionedNonce;
import java.math.BigDecimal;
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
 * loop does our executor's durable work per command (Camel's idempotent-repository transaction,
 * RECEIVED, sign, EXECUTING, SUCCEEDED: four committed PostgreSQL transactions, paper mode) and
 * times each step.
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
            started.add(new Loop("normalize", bootstrap, group + "-normalize", raw, norm, 500,
                    r -> hops.normalize(r.value(), r.headers())));
        }
        if (loops.contains("react")) {
            started.add(new Loop("react", bootstrap, group + "-react", norm, cmd, 500, r -> hops.react(r.value())));
        }
        Executor executor = null;
        if (loops.contains("execute")) {
            executor = new Executor(hops, System.getenv("BENCH_PG_URL"), System.getenv("BENCH_PG_USER"), System.getenv("BENCH_PG_PASSWORD"));
            Loop loop = new Loop("execute", bootstrap, group + "-execute", cmd, exec, 50, executor::execute);
            loop.timed = executor;
            started.add(loop);
        }
        List<Thread> threads = new ArrayList<>();
        for (Loop loop : started) {
            Thread t = new Thread(loop, "plain-" + loop.name);
            t.start();
            threads.add(t);
        }
        Executor steps = executor;
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
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
        }, "plain-chain-stop"));
        for (Thread t : threads) {
            t.join();
        }
    }

    interface Hop {
        PlainHops.Out apply(ConsumerRecord<String, byte[]> record) throws Exception;
    }

    /** consume → hop → produce; per poll: send all, flush, commit. */
    static final class Loop implements Runnable {
        final String name;
        final String in;
        final String out;
        final Hop hop;
        final KafkaConsumer<String, byte[]> consumer;
        final KafkaProducer<String, byte[]> producer;
        final AtomicLong processed = new AtomicLong();
        final AtomicLong errors = new AtomicLong();
        Executor timed;

        Loop(String name, String bootstrap, String group, String in, String out, int maxPoll, Hop hop) {
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

        @Override
        public void run() {
            boolean announced = false;
            try {
                consumer.subscribe(List.of(in));
                while (running) {
                    ConsumerRecords<String, byte[]> records = consumer.poll(Duration.ofMillis(100));
                    if (!announced && !consumer.assignment().isEmpty()) {
                        System.out.println("READY " + name + " " + consumer.assignment().size() + " partitions");
                        System.out.flush();
                        announced = true;
                    }
                    if (records.isEmpty()) {
                        continue;
                    }
                    Map<TopicPartition, OffsetAndMetadata> offsets = new HashMap<>();
                    for (ConsumerRecord<String, byte[]> r : records) {
                        try {
                            PlainHops.Out o = hop.apply(r);
                            if (o != null) {
                                ProducerRecord<String, byte[]> pr = new ProducerRecord<>(out, o.key(), o.value());
                                o.headers().forEach((k, v) -> pr.headers().add(k, String.valueOf(v).getBytes(StandardCharsets.UTF_8)));
                                producer.send(pr);
                            }
                        } catch (Exception e) {
                            if (errors.incrementAndGet() <= 3) {
                                System.err.println(name + ": " + e);
                            }
                        }
                        processed.incrementAndGet();
                        offsets.put(new TopicPartition(r.topic(), r.partition()), new OffsetAndMetadata(r.offset() + 1));
                    }
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

    /** TradeExecutor.execute in paper mode, on one JDBC connection, each step timed. */
    static final class Executor {
        final PlainHops hops;
        final Connection db;
        final SolverKey key = SolverKey.generateThrowaway();
        final String owner = "plain-" + UUID.randomUUID();
        final AtomicLong rpc = new AtomicLong();
        final AtomicLong commands = new AtomicLong();
        final AtomicLong validateNanos = new AtomicLong();
        final AtomicLong idempotentNanos = new AtomicLong();
        final AtomicLong receivedNanos = new AtomicLong();
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
            // Camel's JdbcMessageIdRepository statements and the ExecutionStore ones.
            idemCount = db.prepareStatement("SELECT COUNT(*) FROM CAMEL_MESSAGEPROCESSED WHERE processorName = ? AND messageId = ?");
            idemInsert = db.prepareStatement("INSERT INTO CAMEL_MESSAGEPROCESSED (processorName, messageId, createdAt) VALUES (?, ?, ?)");
            insertReceived = db.prepareStatement("insert into execution (command_id, idempotency_key, execution_key, quote_id, mode, state, command, expires_at) "
                    + "values (?, ?, ?, ?, ?, 'RECEIVED', ?, ?) on conflict (command_id) do nothing");
            claim = db.prepareStatement("update execution set state = 'EXECUTING', owner = ?, lease_until = ?, nonce = ?, quote_hash = ?, executing_at = now() "
                    + "where command_id = ? and state = 'RECEIVED'");
            finish = db.prepareStatement("update execution set state = ?, result = ?, error_code = ?, error_reason = ?, finished_at = now(), lease_until = null "
                    + "where command_id = ? and state = ? and (? is null or owner = ?)");
        }

        PlainHops.Out execute(ConsumerRecord<String, byte[]> record) throws Exception {
            long t0 = System.nanoTime();
            PlainHops.validate(hops.executeTrade, record.value());
            String commandId = PlainHops.JSON.readTree(record.value()).path("payload").path("command_id").asText(); // the route's jsonpath
            long t1 = System.nanoTime();
            db.setAutoCommit(false);
            idemCount.setString(1, "plain-execute");
            idemCount.setString(2, commandId);
            int known;
            try (ResultSet rs = idemCount.executeQuery()) {
                rs.next();
                known = rs.getInt(1);
            }
            if (known == 0) {
                idemInsert.setString(1, "plain-execute");
                idemInsert.setString(2, commandId);
                idemInsert.setTimestamp(3, new Timestamp(System.currentTimeMillis()));
                idemInsert.executeUpdate();
            }
            db.commit();
            db.setAutoCommit(true);
            long t2 = System.nanoTime();
            String commandJson = new String(record.value(), StandardCharsets.UTF_8);
            JsonNode command = PlainHops.JSON.readTree(commandJson);
            JsonNode payload = command.path("payload");
            Instant received = Instant.now();
            Instant expiresAt = Instant.parse(payload.path("expires_at").asText());
            insertReceived.setString(1, commandId);
            insertReceived.setString(2, payload.path("idempotency_key").asText());
            insertReceived.setString(3, payload.path("execution_key").asText());
            insertReceived.setString(4, payload.path("action").path("quote_id").asText());
            insertReceived.setString(5, "paper");
            insertReceived.setString(6, commandJson);
            insertReceived.setTimestamp(7, Timestamp.from(expiresAt));
            boolean fresh = insertReceived.executeUpdate() == 1;
            long t3 = System.nanoTime();
            receivedNanos.addAndGet(t3 - t2);
            idempotentNanos.addAndGet(t2 - t1);
            validateNanos.addAndGet(t1 - t0);
            if (!fresh) {
                return null; // a redelivery; the baseline never sees one
            }
            JsonNode action = payload.path("action");
            if (received.isAfter(expiresAt)) {
                String result = result(command, "EXPIRED", received, null, "DEADLINE_PASSED", "command past its expiry " + expiresAt,
                        action.path("quote_id").asText(), null, null);
                finish(commandId, "RECEIVED", null, "EXPIRED", result, "DEADLINE_PASSED");
                return out(result, commandId);
            }
            Instant quoteDeadline = Instant.parse(action.path("quote_deadline").asText());
            BigDecimal maxOut = new BigDecimal(payload.path("limits").path("max_amount_out").asText("0"));
            if (new BigDecimal(action.path("amount_out").asText()).compareTo(maxOut) > 0) {
                throw new IllegalArgumentException("limit exceeded; the baseline never builds such a command");
            }
            byte[] nonce = VersionedNonce.derive(payload.path("idempotency_key").asText(), HexFormat.of().parseHex("00000000"), quoteDeadline);
            String quoteResponse = QuoteResponse.request(rpc.incrementAndGet(), action.path("quote_id").asText(), action.path("asset_in").asText(),
                    action.path("asset_out").asText(), action.path("amount_in").asText(), action.path("amount_out").asText(),
                    "EXACT_IN".equals(action.path("side").asText()), "solver.unrip.near", quoteDeadline, nonce, key);
            String quoteHash = QuoteResponse.quoteHash(quoteResponse);
            String nonceB64 = Base64.getEncoder().encodeToString(nonce);
            long t4 = System.nanoTime();
            signNanos.addAndGet(t4 - t3);
            claim.setString(1, owner);
            claim.setTimestamp(2, Timestamp.from(Instant.now().plusMillis(30_000)));
            claim.setString(3, nonceB64);
            claim.setString(4, quoteHash);
            claim.setString(5, commandId);
            if (claim.executeUpdate() != 1) {
                return null;
            }
            long t5 = System.nanoTime();
            claimNanos.addAndGet(t5 - t4);
            String result = result(command, "SUCCEEDED", received, Instant.now(), null, null, action.path("quote_id").asText(), quoteHash, nonceB64);
            if (!finish(commandId, "EXECUTING", owner, "SUCCEEDED", result, null)) {
                throw new IllegalStateException("command " + commandId + " left EXECUTING under another owner");
            }
            finishNanos.addAndGet(System.nanoTime() - t5);
            commands.incrementAndGet();
            return out(result, commandId);
        }

        private boolean finish(String commandId, String from, String who, String state, String result, String errorCode) throws SQLException {
            finish.setString(1, state);
            finish.setString(2, result);
            finish.setString(3, errorCode);
            finish.setString(4, null);
            finish.setString(5, commandId);
            finish.setString(6, from);
            finish.setString(7, who);
            finish.setString(8, who);
            return finish.executeUpdate() == 1;
        }

        private PlainHops.Out out(String result, String commandId) throws Exception {
            byte[] value = result.getBytes(StandardCharsets.UTF_8);
            return new PlainHops.Out(commandId, value, CloudEventHeaders.mirror(PlainHops.JSON.readTree(result)));
        }

        private static String result(JsonNode command, String status, Instant received, Instant sentAt, String errorCode, String errorReason,
                                     String quoteId, String quoteHash, String nonce) throws Exception {
            String commandId = command.path("payload").path("command_id").asText();
            ObjectNode timings = PlainHops.JSON.createObjectNode();
            timings.put("command_received_at", EventTime.format(received));
            timings.put("executed_at", "SUCCEEDED".equals(status) || sentAt != null ? EventTime.now() : null);
            timings.put("sent_at", sentAt == null ? null : EventTime.format(sentAt));
            timings.putNull("answered_at");
            ObjectNode ref = PlainHops.JSON.createObjectNode();
            ref.put("quote_id", quoteId);
            ref.put("quote_hash", quoteHash);
            ref.put("nonce", nonce);
            ObjectNode payload = PlainHops.JSON.createObjectNode();
            payload.put("result_id", EventIds.resultId(commandId));
            payload.put("command_id", commandId);
            payload.put("status", status);
            payload.put("mode", "paper");
            payload.put("republished", false);
            payload.put("delivery", 1);
            payload.set("venue_ref", ref);
            payload.set("timings", timings);
            if (errorCode != null) {
                payload.putObject("error").put("code", errorCode).put("reason", errorReason == null ? "" : errorReason);
            } else {
                payload.putNull("error");
            }
            ObjectNode event = PlainHops.JSON.createObjectNode();
            event.put("event_id", EventIds.resultId(commandId));
            event.put("event_type", "exec.trade_result.v1");
            event.put("schema_version", "1.0");
            event.put("venue", command.path("venue").asText());
            event.put("source", "unrip/near-intents-execute");
            event.put("occurred_at", EventTime.now());
            event.put("observed_at", command.path("observed_at").asText());
            event.put("ingested_at", command.path("ingested_at").asText());
            event.put("causation_id", commandId);
            event.set("payload", payload);
            return PlainHops.JSON.writeValueAsString(event);
        }

        /** Mean time per command of each step, in microseconds. */
        Map<String, Object> summary() {
            long n = Math.max(1, commands.get());
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("execute.commands", commands.get());
            m.put("execute.us.validate_and_parse", validateNanos.get() / 1000 / n);
            m.put("execute.us.idempotent_repository_tx", idempotentNanos.get() / 1000 / n);
            m.put("execute.us.insert_received", receivedNanos.get() / 1000 / n);
            m.put("execute.us.derive_nonce_and_sign", signNanos.get() / 1000 / n);
            m.put("execute.us.claim_executing", claimNanos.get() / 1000 / n);
            m.put("execute.us.build_result_and_finish", finishNanos.get() / 1000 / n);
            m.put("execute.us.flush_and_commit_per_command", flushCommitNanos.get() / 1000 / n);
            return m;
        }
    }
}
