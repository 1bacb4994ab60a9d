package dev.unrip.localstack;

import dev.unrip.contracts.TopicCatalogue;
import dev.unrip.nearintents.chain.NearRpc;
import dev.unrip.nearintents.chain.Preflight;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.common.TopicPartition;

/**
 * {@code make run} / {@code make stop} / {@code make status}: the local stack from the command line.
 *
 * <pre>
 *   run     start everything, print where it runs, then a status line with counts per stage;
 *           Ctrl-C (or `make stop` from another terminal) stops everything in reverse order
 *   stop    stop a running stack (SIGTERM to the launcher, then any process it left behind)
 *   status  what runs, from the pid files, and each service's health
 *   preflight  before going live: relay and JWT, RPC latency per endpoint, current salt, signer
 *           key registered, balances (NEAR_* settings; the local simulator by default)
 *   monitor a local Prometheus scraping the stack's services with the alert rules loaded
 *           ({@link Monitor}); Ctrl-C stops it
 *   images-smoke  every route group's image and the simulators' against a private stack
 *           ({@link ImagesSmoke}; deploy/scripts/images-smoke.sh builds and serves the images)
 * </pre>
 */
public final class Main {

    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    public static void main(String[] args) throws Exception {
        String command = args.length == 0 ? "run" : args[0];
        StackConfig config = StackConfig.fromEnvironment(Path.of(System.getProperty("unrip.repo", ".")));
        switch (command) {
            case "run" -> run(config);
            case "stop" -> stop(config);
            case "status" -> status(config);
            case "dev" -> System.exit(DevLoop.run(config, args.length > 1 ? args[1] : ""));
            case "preflight" -> System.exit(Preflight.run(preflightSettings(config), System.out));
            case "monitor" -> System.exit(Monitor.run(config));
            case "images-smoke" -> System.exit(ImagesSmoke.run(config.repoRoot()));
            default -> {
                System.err.println(
                        "usage: local-stack run|stop|status|dev <group>|preflight|monitor|images-smoke (got '" + command
                                + "')");
                System.exit(2);
            }
        }
    }

    /**
     * make preflight: the NEAR_* settings a live executor would use, defaulting to the local stack's
     * simulator (relay and RPC) and, against it, the local signer key (DevSigner).
     */
    static Preflight.Settings preflightSettings(StackConfig config) {
        Map<String, String> env = System.getenv();
        int sim = config.httpPort("relay-simulator");
        boolean local = blank(env.get("NEAR_RPC_URLS"));
        return new Preflight.Settings(
                URI.create(or(env.get("NEAR_RELAY_URL"), "ws://localhost:" + sim + "/ws")),
                Optional.ofNullable(env.get("NEAR_RELAY_JWT")).filter(v -> !v.isBlank()),
                NearRpc.urls(or(env.get("NEAR_RPC_URLS"), "http://localhost:" + sim + "/rpc")),
                or(env.get("NEAR_INTENTS_CONTRACT"), "intents.near"),
                or(env.get("NEAR_SOLVER_ACCOUNT_ID"), DevSigner.ACCOUNT),
                Optional.ofNullable(
                                blank(env.get("NEAR_SIGNER_KEY")) && local
                                        ? DevSigner.secretKey(config)
                                        : env.get("NEAR_SIGNER_KEY"))
                        .filter(v -> !v.isBlank()),
                List.of(or(env.get("NEAR_BALANCE_TOKENS"), ingestTokens(config)).split(",")),
                Duration.ofMillis(Long.parseLong(or(env.get("NEAR_RPC_TIMEOUT_MS"), "3000"))));
    }

    /**
     * The tokens the ingest polls by default: ingest.balances.tokens in its application.properties,
     * read from the checkout (the default of its ${NEAR_BALANCE_TOKENS:...}), so the two never differ.
     */
    static String ingestTokens(StackConfig config) {
        Path file = config.repoRoot().resolve("routes/near-intents/ingest/src/main/resources/application.properties");
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(file)) {
            p.load(in);
        } catch (IOException e) {
            throw new IllegalStateException(
                    "cannot read the ingest's configuration " + file + ": " + e.getMessage(), e);
        }
        String value = p.getProperty("ingest.balances.tokens", "");
        int colon = value.indexOf(':');
        return value.startsWith("${") && value.endsWith("}") && colon > 0
                ? value.substring(colon + 1, value.length() - 1)
                : value;
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    private static String or(String value, String fallback) {
        return blank(value) ? fallback : value.strip();
    }

    static void run(StackConfig config) throws Exception {
        Path launcherPid = config.stateDir().resolve("pids/launcher.pid");
        Optional<ProcessHandle> running =
                readPid(launcherPid).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (running.isPresent()) {
            System.err.println(
                    "a local stack is already running (pid " + running.get().pid() + "); `make stop` first");
            System.exit(1);
        }
        Files.createDirectories(launcherPid.getParent());
        Files.writeString(launcherPid, Long.toString(ProcessHandle.current().pid()));
        LocalStack stack = new LocalStack(config, Main::say);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            say("stopping the stack ...");
                            stack.close();
                            deleteQuietly(launcherPid);
                            say("stopped");
                            stopped.countDown();
                        },
                        "local-stack-shutdown"));
        try {
            stack.startInfrastructure();
            stack.startServices(StackConfig.SERVICE_MODULES.keySet());
        } catch (RuntimeException e) {
            System.err.println("\nthe stack did not start: " + e.getMessage());
            System.exit(1);
        }
        printWhere(stack);
        TopicCatalogue catalogue = TopicCatalogue.load(config.repoRoot().resolve("schemas/topics.yaml"));
        java.util.Set<String> steppedAside = new java.util.HashSet<>();
        for (long tick = 0; stopped.getCount() > 0; tick++) {
            if (tick % 5 == 0) {
                say(statusLine(config.kafkaBootstrap(), catalogue, stack));
            }
            // make dev: a group held by a dev process steps aside, and comes back after.
            DevLoop.honourHolds(stack, steppedAside, Main::say);
            stopped.await(1, TimeUnit.SECONDS);
        }
    }

    static void printWhere(LocalStack stack) {
        StackConfig config = stack.config();
        System.out.println();
        System.out.println("The stack is up. State and logs: " + config.stateDir());
        System.out.printf("  %-24s %-44s %s%n", "what", "where", "log");
        System.out.printf(
                "  %-24s %-44s %s%n",
                "kafka", config.kafkaBootstrap(), config.logDir().resolve("kafka.log"));
        System.out.printf(
                "  %-24s %-44s %s%n",
                "postgresql", stack.postgres().jdbcUrl(), stack.postgres().logFile());
        stack.services().values().stream()
                .sorted((a, b) -> Integer.compare(a.httpPort(), b.httpPort()))
                .forEach(s -> System.out.printf(
                        "  %-24s %-44s %s%n",
                        s.name(), s.healthUrl(), s.process().logFile()));
        System.out.println("  metrics: http://localhost:<port>/q/metrics   stop: Ctrl-C or `make stop`");
        System.out.println("  trading: `make trading-state`, `make halt REASON=...`, `make resume`");
        System.out.println();
    }

    /** Records per stage (end offsets summed over partitions) and any service that died. */
    static String statusLine(String bootstrap, TopicCatalogue catalogue, LocalStack stack) {
        StringBuilder line = new StringBuilder("[" + LocalTime.now().format(CLOCK) + "]");
        Properties props = new Properties();
        props.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrap);
        props.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 2000);
        props.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 3000);
        try (Admin admin = Admin.create(props)) {
            Map<TopicPartition, OffsetSpec> request = new java.util.HashMap<>();
            for (TopicCatalogue.Topic topic : catalogue.topics()) {
                for (int p = 0; p < topic.partitions(); p++) {
                    request.put(new TopicPartition(topic.name(), p), OffsetSpec.latest());
                }
            }
            Map<String, Long> counts = new TreeMap<>();
            admin.listOffsets(request)
                    .all()
                    .get(3, TimeUnit.SECONDS)
                    .forEach((tp, info) -> counts.merge(tp.topic(), info.offset(), Long::sum));
            long dlq = counts.entrySet().stream()
                    .filter(e -> e.getKey().startsWith("dlq."))
                    .mapToLong(Map.Entry::getValue)
                    .sum();
            for (String topic : List.of(
                    "raw.near_intents.quote",
                    "norm.swap_demand",
                    "cmd.execute_trade",
                    "exec.trade_result",
                    "raw.near_intents.quote_status")) {
                line.append(' ')
                        .append(topic.substring(topic.indexOf('.') + 1))
                        .append('=')
                        .append(counts.getOrDefault(topic, 0L));
            }
            line.append(" dlq=").append(dlq);
        } catch (Exception e) {
            line.append(" broker unreachable: ").append(e.getMessage());
        }
        stack.services().forEach((key, service) -> {
            if (!service.process().isAlive()) {
                line.append("  !! ")
                        .append(key)
                        .append(" exited, see ")
                        .append(service.process().logFile());
            }
        });
        return line.toString();
    }

    static void stop(StackConfig config) throws IOException {
        Path pids = config.stateDir().resolve("pids");
        Optional<ProcessHandle> launcher =
                readPid(pids.resolve("launcher.pid")).flatMap(ProcessHandle::of).filter(ProcessHandle::isAlive);
        if (launcher.isPresent()) {
            say("stopping the stack (launcher pid " + launcher.get().pid() + ") ...");
            ManagedProcess.terminate(launcher.get(), Duration.ofSeconds(150));
        }
        // Whatever a killed launcher left behind: services first, the broker last; then PostgreSQL.
        List<Path> leftovers = new ArrayList<>();
        if (Files.isDirectory(pids)) {
            try (Stream<Path> files = Files.list(pids)) {
                files.filter(f -> f.toString().endsWith(".pid")).forEach(leftovers::add);
            }
        }
        leftovers.sort((a, b) -> Boolean.compare(a.endsWith("kafka.pid"), b.endsWith("kafka.pid")));
        for (Path file : leftovers) {
            readPid(file)
                    .flatMap(ProcessHandle::of)
                    .filter(ProcessHandle::isAlive)
                    .ifPresent(h -> {
                        say("stopping leftover " + file.getFileName() + " (pid " + h.pid() + ")");
                        ManagedProcess.terminate(h, Duration.ofSeconds(30));
                    });
            deleteQuietly(file);
        }
        Path postmaster = config.stateDir().resolve("postgres/data/postmaster.pid");
        readPid(postmaster)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .ifPresent(h -> {
                    say("stopping leftover PostgreSQL (pid " + h.pid() + ")");
                    ManagedProcess.terminate(h, Duration.ofSeconds(30));
                });
        say(launcher.isPresent() || !leftovers.isEmpty() ? "stopped" : "nothing was running");
    }

    static void status(StackConfig config) throws IOException {
        Path pids = config.stateDir().resolve("pids");
        if (!Files.isDirectory(pids)) {
            say("nothing is running (no " + pids + ")");
            return;
        }
        try (Stream<Path> files = Files.list(pids)) {
            files.sorted().forEach(f -> {
                String name = f.getFileName().toString().replace(".pid", "");
                boolean alive = readPid(f)
                        .flatMap(ProcessHandle::of)
                        .map(ProcessHandle::isAlive)
                        .orElse(false);
                say(String.format("%-28s %s", name, alive ? "running" : "not running (stale pid file)"));
            });
        }
    }

    static Optional<Long> readPid(Path file) {
        try {
            String first = Files.readAllLines(file).get(0).trim();
            return Optional.of(Long.parseLong(first));
        } catch (Exception e) {
            return Optional.empty();
        }
    }

    static void deleteQuietly(Path file) {
        try {
            Files.deleteIfExists(file);
        } catch (IOException ignored) {
            // nothing to do: a stale pid file is checked against the process table before use
        }
    }

    static void say(String message) {
        System.out.println(message);
        System.out.flush();
    }
}
