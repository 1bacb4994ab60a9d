package dev.unrip.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;

/**
 * {@code make images-smoke}, after {@code make images}: every route group's image and the
 * simulators' run with podman against a private stack's broker and database (make run's
 * infrastructure, {@link LocalStack}), then:
 *
 * <ol>
 *   <li>every {@code /q/health} answers UP (the time from {@code podman run} to UP is recorded);
 *   <li>a stream of quotes from the relay simulator through the containerized pipeline, executed
 *       live against the simulator: every pushed quote becomes a demand, every command gets exactly
 *       one result, at least one is SUCCEEDED at the venue, and the relay saw no nonce answered
 *       twice;
 *   <li>the replay image re-normalizes the stream's raw records into the replay topics and exits 0;
 *   <li>a report (image, size, time to UP) is printed and written to the state folder.
 * </ol>
 *
 * Exits 0 only when every check holds; the containers are stopped whatever happens (the script
 * removes any left behind).
 */
public final class ImagesSmoke {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** Quotes pushed by the relay simulator, and their rate per second. */
    static final int QUOTES = 60;

    static final int RATE = 10;

    /** The smoke's ports are make run's plus this, so that both can run at once. */
    static final int PORT_OFFSET = 10_000;

    private ImagesSmoke() {}

    public static int run(Path repo) throws Exception {
        String images = System.getenv().getOrDefault("UNRIP_SERVICE_IMAGES", "");
        if (!images.contains("{name}")) {
            System.err.println("images-smoke: UNRIP_SERVICE_IMAGES must name the images, as"
                    + " <registry>/<group>/{name}:<tag> (deploy/scripts/images-smoke.sh sets it)");
            return 2;
        }
        Path state = repo.resolve(".state/images-smoke");
        deleteTree(state);
        // Live execution against the relay simulator: signed with the local signer key, the salt
        // read from the simulator's chain, sent to the relay (paper mode would send nothing). Fixed
        // ports, make run's plus PORT_OFFSET (29092, 25432, 18081 ...), never a random free one.
        StackConfig config = StackConfig.onPortsOffset(repo, state, PORT_OFFSET)
                .withServiceImages(images, Map.of("EXECUTOR_MODE", "live"));
        List<String> failures = new ArrayList<>();
        Map<String, Double> upSeconds = new LinkedHashMap<>();
        try (LocalStack stack = new LocalStack(config, ImagesSmoke::say)) {
            pullAll(config);
            stack.startInfrastructure();
            for (String name : StackConfig.SERVICE_MODULES.keySet()) {
                long t0 = System.nanoTime();
                ServiceProcess service = stack.startService(name);
                upSeconds.put(name, (System.nanoTime() - t0) / 1e9);
                String health = get(service.healthUrl());
                JsonNode status = JSON.readTree(health).path("status");
                say(String.format(
                        "%-24s UP in %5.1f s (%s)",
                        name, upSeconds.get(name), config.imageOf(name).orElseThrow()));
                if (!"UP".equals(status.asText())) {
                    failures.add(name + ": /q/health is " + health);
                }
            }
            stream(stack, failures);
            upSeconds.put("replay", replay(stack, failures));
        } catch (RuntimeException e) {
            failures.add(e.getMessage());
        }
        String report = report(config, upSeconds, failures);
        System.out.println(report);
        Files.createDirectories(state);
        Files.writeString(state.resolve("report.md"), report);
        return failures.isEmpty() ? 0 : 1;
    }

    /** Every image pulled once before the timed starts: the start time is the JVM's, not the download's. */
    static void pullAll(StackConfig config) throws IOException, InterruptedException {
        List<String> names = new ArrayList<>(StackConfig.SERVICE_MODULES.keySet());
        names.add("replay");
        long t0 = System.nanoTime();
        for (String name : names) {
            String image = config.imageOf(name).orElseThrow();
            List<String> pull = new ArrayList<>(List.of("podman", "pull", "--quiet"));
            if (image.startsWith("127.0.0.1:") || image.startsWith("localhost:")) {
                pull.add("--tls-verify=false");
            }
            pull.add(image);
            Process p = new ProcessBuilder(pull).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("podman pull " + image + " failed: " + out);
            }
        }
        say(String.format("pulled %d images in %.1f s", names.size(), (System.nanoTime() - t0) / 1e9));
    }

    /** Quotes through the pipeline: each command exactly one result, each nonce answered once. */
    static void stream(LocalStack stack, List<String> failures) throws Exception {
        int relay = stack.config().httpPort("relay-simulator");
        say("pushing " + QUOTES + " quotes at " + RATE + "/s through the containers ...");
        post("http://localhost:" + relay + "/control/quotes", "{\"count\":" + QUOTES + ",\"rate\":" + RATE + "}");
        String bootstrap = stack.config().kafkaBootstrap();
        Instant deadline = Instant.now().plusSeconds(QUOTES / RATE + 60);
        Map<String, Set<String>> resultsByCommand = new TreeMap<>();
        Map<String, Integer> statuses = new TreeMap<>();
        int commands = 0;
        long demands = 0;
        try (KafkaConsumer<byte[], byte[]> consumer = consumer(bootstrap)) {
            List<TopicPartition> partitions = new ArrayList<>();
            for (String topic : List.of("norm.swap_demand", "cmd.execute_trade", "exec.trade_result")) {
                consumer.partitionsFor(topic, Duration.ofSeconds(10))
                        .forEach(p -> partitions.add(new TopicPartition(topic, p.partition())));
            }
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Instant quietSince = Instant.now();
            while (Instant.now().isBefore(deadline)) {
                boolean any = false;
                for (ConsumerRecord<byte[], byte[]> r : consumer.poll(Duration.ofMillis(500))) {
                    any = true;
                    JsonNode event = JSON.readTree(r.value()).path("payload");
                    switch (r.topic()) {
                        case "norm.swap_demand" -> demands++;
                        case "cmd.execute_trade" -> {
                            commands++;
                            resultsByCommand.computeIfAbsent(
                                    event.path("command_id").asText(), k -> new java.util.TreeSet<>());
                        }
                        default -> {
                            resultsByCommand
                                    .computeIfAbsent(event.path("command_id").asText(), k -> new java.util.TreeSet<>())
                                    .add(event.path("result_id").asText());
                            statuses.merge(
                                    event.path("mode").asText() + " "
                                            + event.path("status").asText(),
                                    1,
                                    Integer::sum);
                        }
                    }
                }
                if (any) {
                    quietSince = Instant.now();
                }
                boolean allAnswered =
                        commands > 0 && resultsByCommand.values().stream().allMatch(s -> !s.isEmpty());
                if (demands >= QUOTES
                        && allAnswered
                        && quietSince.isBefore(Instant.now().minusSeconds(5))) {
                    break;
                }
            }
        }
        long unanswered =
                resultsByCommand.values().stream().filter(Set::isEmpty).count();
        long twice =
                resultsByCommand.values().stream().filter(s -> s.size() > 1).count();
        JsonNode stats = JSON.readTree(get("http://localhost:" + relay + "/control/stats"));
        int maxPerNonce = stats.path("max_responses_per_nonce").asInt(-1);
        say("demands " + demands + ", commands " + commands + ", results by status " + statuses + ", commands"
                + " without a result " + unanswered + ", with two " + twice + "; relay: max_responses_per_nonce "
                + maxPerNonce);
        if (demands < QUOTES) {
            failures.add("only " + demands + " of " + QUOTES + " pushed quotes became demands");
        }
        // Which demands got no command, and why: the reactor counts each skip by reason. Cold JVMs
        // (#18) skip or expire part of the first quotes; the smoke checks that nothing is lost or
        // doubled, not how fast the first minute is.
        String metrics = get("http://localhost:" + stack.config().httpPort("reactor") + "/q/metrics");
        metrics.lines().filter(l -> l.startsWith("unrip_reactor_skipped_total")).forEach(l -> say("  reactor: " + l));
        if (commands == 0) {
            failures.add("no command for " + demands + " demands");
        }
        if (unanswered > 0 || twice > 0) {
            failures.add(unanswered + " commands without a result and " + twice + " with more than one");
        }
        if (maxPerNonce > 1) {
            failures.add("the relay saw a nonce answered " + maxPerNonce + " times");
        }
        if (resultsByCommand.size() != commands || resultsByCommand.containsKey("")) {
            failures.add(commands + " command records carry " + resultsByCommand.size()
                    + " command ids (a command twice, a result of no command, or no command_id)");
        }
        if (statuses.getOrDefault("live SUCCEEDED", 0) == 0) {
            failures.add("no command SUCCEEDED: " + statuses);
        }
    }

    /** The replay image, as make replay runs it: raw quotes back through the normalizer. */
    static double replay(LocalStack stack, List<String> failures) throws Exception {
        StackConfig config = stack.config();
        String image = config.imageOf("replay").orElseThrow();
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_BOOTSTRAP_SERVERS", config.kafkaBootstrap(),
                "QUARKUS_HTTP_PORT", Integer.toString(config.httpPort("replay")),
                "REPLAY_TOPICS", "raw.near_intents.quote",
                "REPLAY_FROM", "beginning",
                "REPLAY_TO", "now",
                "REPLAY_TARGET", "replay",
                "REPLAY_RUN_ID", "images-smoke"));
        Path log = config.logDir().resolve("replay.log");
        ProcessBuilder builder = new ProcessBuilder(ServiceProcess.containerCommand("replay", image, env.keySet()))
                .redirectErrorStream(true)
                .redirectOutput(log.toFile());
        builder.environment().putAll(env);
        say("replay: raw.near_intents.quote from the beginning, in the replay image ...");
        long t0 = System.nanoTime();
        Process process = builder.start();
        if (!process.waitFor(180, TimeUnit.SECONDS)) {
            process.destroy();
            process.waitFor(30, TimeUnit.SECONDS);
            failures.add("the replay image did not finish within 180 s; its log: " + log);
        } else if (process.exitValue() != 0) {
            failures.add("the replay image exited " + process.exitValue() + "; its log: " + log + "\n"
                    + String.join("\n", tail(log, 20)));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        tail(log, 3).forEach(line -> say("  replay: " + line));
        return seconds;
    }

    static String report(StackConfig config, Map<String, Double> upSeconds, List<String> failures) {
        StringBuilder out = new StringBuilder("\n| image | size | podman run to UP |\n|---|---|---|\n");
        upSeconds.forEach((name, seconds) -> {
            String image = config.imageOf(name).orElseThrow();
            out.append(String.format(
                    "| %s | %s | %s |%n",
                    image,
                    imageSize(image),
                    name.equals("replay")
                            ? String.format("run to exit %.1f s", seconds)
                            : String.format("%.1f s", seconds)));
        });
        out.append(failures.isEmpty() ? "\nimages-smoke: PASSED\n" : "\nimages-smoke: FAILED\n");
        failures.forEach(f -> out.append("  - ").append(f).append('\n'));
        return out.toString();
    }

    private static String imageSize(String image) {
        try {
            Process p = new ProcessBuilder("podman", "image", "inspect", "--format", "{{.Size}}", image)
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes()).strip();
            p.waitFor(30, TimeUnit.SECONDS);
            return String.format("%d MiB", Long.parseLong(out) >> 20);
        } catch (IOException | NumberFormatException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }

    private static KafkaConsumer<byte[], byte[]> consumer(String bootstrap) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, "false");
        props.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return new KafkaConsumer<>(props, new ByteArrayDeserializer(), new ByteArrayDeserializer());
    }

    private static String get(String url) throws IOException, InterruptedException {
        return HTTP.send(
                        HttpRequest.newBuilder(URI.create(url))
                                .timeout(Duration.ofSeconds(5))
                                .GET()
                                .build(),
                        HttpResponse.BodyHandlers.ofString())
                .body();
    }

    private static void post(String url, String body) throws IOException, InterruptedException {
        HttpResponse<String> response = HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                        .timeout(Duration.ofSeconds(5))
                        .header("content-type", "application/json")
                        .POST(HttpRequest.BodyPublishers.ofString(body))
                        .build(),
                HttpResponse.BodyHandlers.ofString());
        if (response.statusCode() != 200) {
            throw new IllegalStateException(
                    "POST " + url + " answered " + response.statusCode() + ": " + response.body());
        }
    }

    private static List<String> tail(Path file, int lines) {
        try {
            List<String> all = Files.readAllLines(file);
            return all.subList(Math.max(0, all.size() - lines), all.size());
        } catch (IOException e) {
            return List.of("(no log: " + e.getMessage() + ")");
        }
    }

    private static void deleteTree(Path dir) throws IOException {
        if (!Files.exists(dir)) {
            return;
        }
        try (var paths = Files.walk(dir)) {
            for (Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static void say(String line) {
        System.out.println("[" + LocalTime.now().format(CLOCK) + "] " + line);
    }
}
