package dev.unrip.replay;

import dev.unrip.contracts.TopicCatalogue;
import dev.unrip.kamelets.utils.ReplayWindow;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.quarkus.runtime.Quarkus;
import io.quarkus.runtime.QuarkusApplication;
import io.quarkus.runtime.annotations.QuarkusMain;
import jakarta.inject.Inject;
import java.lang.management.ManagementFactory;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.ServiceStatus;
import org.apache.camel.quarkus.core.CamelRuntime;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.jboss.logging.Logger;

/**
 * {@code make replay}: one replay run, start to end, then exit (0 done, 1 failed, 2 bad argument).
 *
 * <p>Before the application starts, {@link #main} checks the request and the broker and creates
 * the run's target topics, so that a mistake is one plain message and nothing has been read. The
 * routes then do the work (replay.camel.yaml: the Kamelet, the normalize routes); {@link #run}
 * starts Camel, waits for the Kamelet's route to stop itself and prints the summary.
 */
@QuarkusMain
public class ReplayCommand implements QuarkusApplication {

    /** The id of the Kamelet's route (replay.camel.yaml: kamelet:kafka-raw-replay-source/readRawRecords). */
    static final String READ_ROUTE = "readRawRecords";

    static final String RECORDS = "unrip_replay_records_total";
    /** Counted by the shared dead-letter route (camel-common/dead-letter.camel.yaml), per stage. */
    static final String DEAD_LETTERS = "unrip_dead_letters_total";

    private static final Logger LOG = Logger.getLogger("dev.unrip.replay");

    @Inject
    CamelRuntime runtime;

    @Inject
    MeterRegistry registry;

    public static void main(String... args) {
        ReplayRequest request;
        try {
            request = ReplayRequest.from(ReplayCommand::setting, Instant.now());
            prepareTopics(request);
        } catch (IllegalArgumentException e) {
            System.err.println("replay: " + e.getMessage());
            System.err.println(ReplayRequest.USAGE);
            System.exit(2);
            return;
        } catch (IllegalStateException e) {
            System.err.println("replay: " + e.getMessage());
            System.exit(1);
            return;
        }
        System.out.printf(
                "replay %s: %s [%s, %s) as consumer group %s%n",
                request.runId(),
                String.join(",", request.topics()),
                request.from(),
                request.to(),
                request.consumerGroup());
        request.outputs().forEach((live, target) -> System.out.printf("  %s -> %s%n", live, target));
        if (request.target() == ReplayRequest.Target.LIVE) {
            System.out.println(
                    "  into the LIVE topics: downstream sees these events again (same ids; the executor runs no command twice)");
        }
        System.out.flush();
        request.configuration().forEach(System::setProperty);
        Quarkus.run(ReplayCommand.class, args);
    }

    @Override
    public int run(String... args) throws Exception {
        // With a main of its own, the application starts Camel itself (as Camel Quarkus's default main would).
        runtime.start(args);
        CamelContext camel = runtime.getCamelContext();
        // The Kamelet's route stops itself once its window is read (or at once when it is empty).
        ServiceStatus status;
        while ((status = camel.getRouteController().getRouteStatus(READ_ROUTE)) != ServiceStatus.Stopped) {
            if (status == null) {
                throw new IllegalStateException("there is no route " + READ_ROUTE + " (replay.camel.yaml)");
            }
            TimeUnit.MILLISECONDS.sleep(100);
        }
        Route route = camel.getRoute(READ_ROUTE);
        ReplayWindow window = route.getRoutePolicyList().stream()
                .filter(ReplayWindow.class::isInstance)
                .map(ReplayWindow.class::cast)
                .findFirst()
                .orElseThrow(() -> new IllegalStateException(READ_ROUTE + " has no ReplayWindow policy"));
        long normalized = count(RECORDS, "outcome", "normalized");
        long deadLettered = count(DEAD_LETTERS, "stage", null);
        double seconds = (System.currentTimeMillis()
                        - ManagementFactory.getRuntimeMXBean().getStartTime())
                / 1000.0;
        String runId =
                camel.getPropertiesComponent().resolveProperty("replay.run-id").orElse("?");
        boolean complete = window.recordsRead() == window.total() && normalized + deadLettered == window.recordsRead();
        LOG.infof(
                "replay %s %s: read %d of %d raw records; %d normalized, %d dead-lettered; %.1f s in all",
                runId,
                complete ? "done" : "INCOMPLETE",
                window.recordsRead(),
                window.total(),
                normalized,
                deadLettered,
                seconds);
        return complete ? 0 : 1;
    }

    /** The counter's total over its tag's values, or for one value. */
    private long count(String name, String tag, String value) {
        return (long) registry.find(name).counters().stream()
                .filter(c -> value == null || value.equals(c.getId().getTag(tag)))
                .mapToDouble(Counter::count)
                .sum();
    }

    /**
     * The raw topics must exist; a replay target gets its own topics, with the settings the
     * catalogue gives their live counterparts. A run id is used once: its topics must not exist.
     */
    static void prepareTopics(ReplayRequest request) {
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, request.bootstrap());
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 5000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 10000);
        try (Admin admin = Admin.create(props)) {
            Set<String> existing;
            try {
                existing = admin.listTopics().names().get(10, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException("no Kafka broker answers at " + request.bootstrap()
                        + ": is the stack running (`make run`)? (UNRIP_KAFKA_PORT picks another port)");
            }
            for (String topic : request.topics()) {
                if (!existing.contains(topic)) {
                    throw new IllegalArgumentException(
                            "TOPIC '" + topic + "' does not exist on " + request.bootstrap());
                }
            }
            if (request.target() == ReplayRequest.Target.LIVE) {
                return;
            }
            TopicCatalogue catalogue = TopicCatalogue.fromClasspath();
            List<NewTopic> topics = new ArrayList<>();
            for (Map.Entry<String, String> output : request.outputs().entrySet()) {
                if (existing.contains(output.getValue())) {
                    throw new IllegalArgumentException("RUN '" + request.runId() + "' was used before ("
                            + output.getValue() + " exists): choose another RUN");
                }
                TopicCatalogue.Topic live = catalogue.topic(output.getKey()).orElseThrow();
                topics.add(new NewTopic(output.getValue(), live.partitions(), (short) live.replicationFactor())
                        .configs(Map.of(
                                "retention.ms",
                                Long.toString(live.retentionMs()),
                                "cleanup.policy",
                                live.cleanupPolicy())));
            }
            admin.createTopics(topics).all().get(30, TimeUnit.SECONDS);
        } catch (IllegalArgumentException | IllegalStateException e) {
            throw e;
        } catch (Exception e) {
            throw new IllegalStateException(
                    "preparing the run's topics on " + request.bootstrap() + " failed: " + e.getMessage(), e);
        }
    }

    /** A system property, else the environment variable of the same name (REPLAY_TOPICS, ...). */
    static String setting(String key) {
        String value = System.getProperty(key);
        return value != null ? value : System.getenv(ReplayRequest.environmentName(key));
    }
}
