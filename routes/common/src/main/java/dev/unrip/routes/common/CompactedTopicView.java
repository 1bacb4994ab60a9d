package dev.unrip.routes.common;

import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.jboss.logging.Logger;

/**
 * The latest record per key of a compacted topic, in memory: a plain consumer on its own thread,
 * of no consumer group, that reads every partition from the beginning and then follows it. State
 * topics (the trading state, later books and balances) are read this way, so that what a process
 * knows is always the topic's whole latest state and never depends on committed offsets.
 *
 * <p>It has <em>caught up</em> once it has read every partition up to the end offsets it found at
 * start; before that, what it holds may be older than the topic. A record with a null value (a
 * tombstone) removes its key. Each record is handed to the listener on the view's thread, after the
 * view has taken it. A broker that cannot be reached is retried with a logged warning, for ever:
 * the view never throws into the application and stops only when closed.
 */
public final class CompactedTopicView implements AutoCloseable {

    /** Called on the view's thread for every record, and once when it has caught up. */
    public interface Listener {
        /** @param value the record's value, null for a tombstone */
        void record(String key, byte[] value, ConsumerRecord<String, byte[]> record);

        default void caughtUp() {}
    }

    private static final Logger LOG = Logger.getLogger(CompactedTopicView.class);
    private static final Duration RETRY = Duration.ofSeconds(1);
    private static final Duration WARN_EVERY = Duration.ofSeconds(30);
    private static final AtomicInteger VIEWS = new AtomicInteger();

    private final String topic;
    private final Properties properties;
    private final Duration pollTimeout;
    private final Listener listener;
    /** Where reading starts: null for the beginning, else the first offset at or after this time. */
    private final Instant from;

    private final Map<String, byte[]> latest = new ConcurrentHashMap<>();
    private final CountDownLatch caughtUpLatch = new CountDownLatch(1);
    private final CountDownLatch closing = new CountDownLatch(1);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean caughtUp;
    private volatile KafkaConsumer<String, byte[]> consumer;
    private volatile String problem = "not read yet";
    private long lastWarning;

    /**
     * @param bootstrap   the brokers
     * @param pollTimeout the longest one poll waits: bounds how late a record is seen after it
     *                    arrives (a fetch returns as soon as a record is there) and how fast close() returns
     */
    public CompactedTopicView(String topic, String bootstrap, Duration pollTimeout, Listener listener) {
        this(topic, bootstrap, pollTimeout, null, listener);
    }

    /**
     * A view of a topic's records from a time on rather than from the beginning (a delete topic's
     * recent history, e.g. the commands still outstanding): each partition from its first offset
     * at or after {@code from} (its end when it has none), caught up at the end offsets found at start.
     * Its records go to the listener only: {@link #value} and {@link #snapshot} stay empty.
     */
    public static CompactedTopicView tail(
            String topic, String bootstrap, Duration pollTimeout, Instant from, Listener listener) {
        return new CompactedTopicView(topic, bootstrap, pollTimeout, from, listener);
    }

    private CompactedTopicView(String topic, String bootstrap, Duration pollTimeout, Instant from, Listener listener) {
        this.topic = topic;
        this.from = from;
        this.pollTimeout = pollTimeout;
        this.listener = listener;
        this.properties = new Properties();
        properties.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        properties.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        properties.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        properties.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        properties.put(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, (int) Math.max(10, pollTimeout.toMillis()));
        properties.put(ConsumerConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000);
        properties.put(ConsumerConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        properties.put(ConsumerConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, 1000);
        properties.put(ConsumerConfig.CLIENT_ID_CONFIG, "view-" + topic + "-" + VIEWS.incrementAndGet());
        this.thread = new Thread(this::run, "view-" + topic);
        thread.setDaemon(true);
    }

    /** Starts reading; returns at once. */
    public CompactedTopicView start() {
        thread.start();
        return this;
    }

    public String topic() {
        return topic;
    }

    /** Whether every partition was read up to the end offsets found at start. */
    public boolean caughtUp() {
        return caughtUp;
    }

    /** Waits until caught up (and the listener told), at most the timeout; whether it is. */
    public boolean awaitCaughtUp(Duration timeout) throws InterruptedException {
        return caughtUpLatch.await(timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** The latest value of the key (none: never written, or removed by a tombstone). */
    public Optional<byte[]> value(String key) {
        return Optional.ofNullable(latest.get(key));
    }

    /** Every key's latest value, as of now. */
    public Map<String, byte[]> snapshot() {
        return Map.copyOf(latest);
    }

    /** Why it has not caught up or last failed to read ("ok" while reading). */
    public String problem() {
        return problem;
    }

    @Override
    public void close() {
        running = false;
        closing.countDown();
        KafkaConsumer<String, byte[]> c = consumer;
        if (c != null) {
            c.wakeup();
        }
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void run() {
        try (KafkaConsumer<String, byte[]> c =
                new KafkaConsumer<>(properties, new StringDeserializer(), new ByteArrayDeserializer())) {
            consumer = c;
            Map<TopicPartition, Long> end = null;
            while (running) {
                try {
                    if (end == null) {
                        end = ViewStart.assign(c, topic, from);
                    }
                    for (ConsumerRecord<String, byte[]> r : c.poll(pollTimeout)) {
                        take(r);
                    }
                    problem = "ok";
                    if (!caughtUp && ViewStart.reached(c, end)) {
                        caughtUp = true;
                        LOG.infof("%s: caught up, %d key(s)", topic, latest.size());
                        try {
                            listener.caughtUp();
                        } finally {
                            caughtUpLatch.countDown();
                        }
                    }
                } catch (WakeupException e) {
                    // close(): the loop ends
                } catch (RuntimeException e) {
                    if (!running) {
                        break;
                    }
                    problem = e.getClass().getSimpleName() + ": " + e.getMessage();
                    warn("reading " + topic + " failed (" + problem + "); retrying");
                    pause();
                }
            }
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: the view's consumer could not be created or closed", topic);
            problem = e.getMessage();
        } finally {
            consumer = null;
        }
    }

    private void take(ConsumerRecord<String, byte[]> r) {
        if (r.key() == null) {
            warn(topic + " partition " + r.partition() + " offset " + r.offset() + " has no key; passed over");
            return;
        }
        // A tail (a delete topic's recent history) hands records to its listener only: keeping
        // every key of, say, cmd.execute_trade would grow without bound.
        if (from != null) {
            // not kept
        } else if (r.value() == null) {
            latest.remove(r.key());
        } else {
            latest.put(r.key(), r.value());
        }
        try {
            listener.record(r.key(), r.value(), r);
        } catch (RuntimeException e) {
            LOG.errorf(e, "%s: the listener failed on offset %d (key %s)", topic, r.offset(), r.key());
        }
    }

    private void warn(String message) {
        long now = System.nanoTime();
        if (lastWarning == 0 || now - lastWarning > WARN_EVERY.toNanos()) {
            LOG.warn(message);
            lastWarning = now;
        } else {
            LOG.debug(message);
        }
    }

    private void pause() {
        try {
            closing.await(RETRY.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running = false;
        }
    }
}
