package dev.unrip.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;

/**
 * A real Apache Kafka broker in KRaft mode (combined broker and controller, one node), run as its
 * own JVM from this module's class path. Data lives in {@code <state>/kafka}; the storage is
 * formatted once and kept across restarts.
 */
public final class KafkaBroker implements AutoCloseable {

    private final StackConfig config;
    private final Path dir;
    private final ManagedProcess process;

    public KafkaBroker(StackConfig config) {
        this.config = config;
        this.dir = config.stateDir().resolve("kafka");
        List<String> command = new ArrayList<>(List.of(
                javaBin(),
                "-Xms128m",
                "-Xmx512m",
                "-XX:+UseG1GC",
                "-Dorg.slf4j.simpleLogger.defaultLogLevel=info",
                "-Dorg.slf4j.simpleLogger.showDateTime=true",
                "-cp",
                System.getProperty("java.class.path"),
                "kafka.Kafka",
                dir.resolve("server.properties").toString()));
        this.process = new ManagedProcess(
                "kafka",
                command,
                Map.of(),
                config.logDir().resolve("kafka.log"),
                config.stateDir().resolve("pids/kafka.pid"));
    }

    public String bootstrapServers() {
        return config.kafkaBootstrap();
    }

    public ManagedProcess process() {
        return process;
    }

    public void start() {
        try {
            Files.createDirectories(dir.resolve("data"));
            Files.createDirectories(config.logDir());
            writeServerProperties();
            formatStorageOnce();
        } catch (IOException e) {
            throw new IllegalStateException("cannot prepare Kafka state in " + dir + ": " + e.getMessage(), e);
        }
        process.start();
        process.awaitReady("answering on " + bootstrapServers(), Duration.ofSeconds(90), this::answers);
    }

    /** Stops the broker process (SIGTERM: a controlled shutdown), keeping its data. */
    public void stop() {
        process.stop(Duration.ofSeconds(30));
    }

    /** Stops the broker abruptly, as a crash would (fault tests). */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        stop();
    }

    boolean answers() {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(props)) {
            return !admin.describeCluster().nodes().get(3, TimeUnit.SECONDS).isEmpty();
        } catch (Exception e) {
            return false;
        }
    }

    private void writeServerProperties() throws IOException {
        String controller = "localhost:" + config.kafkaControllerPort();
        String props = String.join(
                "\n",
                "# Written by the local stack at every start; edit StackConfig/KafkaBroker, not this file.",
                "process.roles=broker,controller",
                "node.id=1",
                "controller.quorum.voters=1@" + controller,
                "listeners=PLAINTEXT://localhost:" + config.kafkaPort() + ",CONTROLLER://" + controller,
                "advertised.listeners=PLAINTEXT://localhost:" + config.kafkaPort(),
                "controller.listener.names=CONTROLLER",
                "inter.broker.listener.name=PLAINTEXT",
                "listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT",
                "log.dirs=" + dir.resolve("data"),
                // Topics come from the catalogue only: a typo in a topic name is an error, not a new topic.
                "auto.create.topics.enable=false",
                "num.partitions=1",
                "offsets.topic.replication.factor=1",
                "offsets.topic.num.partitions=10",
                "transaction.state.log.replication.factor=1",
                "transaction.state.log.min.isr=1",
                "group.initial.rebalance.delay.ms=0",
                "log.flush.interval.messages=9223372036854775807",
                "");
        Files.writeString(dir.resolve("server.properties"), props);
    }

    private void formatStorageOnce() throws IOException {
        if (Files.exists(dir.resolve("data/meta.properties"))) {
            return;
        }
        Path idFile = dir.resolve("cluster.id");
        if (!Files.exists(idFile)) {
            Files.writeString(idFile, Uuid.randomUuid().toString());
        }
        List<String> command = List.of(
                javaBin(),
                "-cp",
                System.getProperty("java.class.path"),
                "kafka.tools.StorageTool",
                "format",
                "--ignore-formatted",
                "-t",
                Files.readString(idFile).trim(),
                "-c",
                dir.resolve("server.properties").toString());
        Process format = new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.appendTo(
                        config.logDir().resolve("kafka.log").toFile()))
                .start();
        try {
            if (!format.waitFor(120, TimeUnit.SECONDS) || format.exitValue() != 0) {
                throw new IllegalStateException("formatting the Kafka storage failed; see "
                        + config.logDir().resolve("kafka.log"));
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while formatting the Kafka storage", e);
        }
    }

    static String javaBin() {
        return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
}
