package dev.unrip.localstack;

import dev.unrip.contracts.TopicCatalogue;
import dev.unrip.contracts.TradingStateRecord;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The whole system on one machine: Kafka, PostgreSQL, the catalogue's topics, then the relay
 * simulator and the route groups, each a separate process. Stops in reverse order. Used by
 * {@code make run} ({@link Main}) and by the integration tests, so both run the same stack.
 */
public final class LocalStack implements AutoCloseable {

    private static final Duration SERVICE_READY = Duration.ofSeconds(120);
    private static final Duration SERVICE_GRACE = Duration.ofSeconds(30);

    private final StackConfig config;
    private final Consumer<String> log;
    private final KafkaBroker kafka;
    private final PostgresServer postgres;
    private final Map<String, ServiceProcess> services = new LinkedHashMap<>();

    public LocalStack(StackConfig config, Consumer<String> log) {
        this.config = config;
        this.log = log;
        this.kafka = new KafkaBroker(config);
        this.postgres = new PostgresServer(config);
    }

    public StackConfig config() {
        return config;
    }

    public KafkaBroker kafka() {
        return kafka;
    }

    public PostgresServer postgres() {
        return postgres;
    }

    /**
     * Starts the broker and the database, creates the catalogue's topics and, on a fresh stack, the
     * first trading state (global ACTIVE, {@link TradingStateSeed}).
     */
    public LocalStack startInfrastructure() {
        log.accept("starting Kafka (KRaft) on " + config.kafkaBootstrap() + " ...");
        kafka.start();
        log.accept("starting PostgreSQL on localhost:" + config.postgresPort() + " ...");
        postgres.start();
        TopicCatalogue catalogue = TopicCatalogue.load(config.repoRoot().resolve("schemas/topics.yaml"));
        List<String> created = TopicCreator.createMissing(config.kafkaBootstrap(), catalogue);
        log.accept("topics: " + catalogue.topics().size() + " in the catalogue, " + created.size() + " created now");
        TradingStateRecord global = TradingStateSeed.seedIfAbsent(config.kafkaBootstrap());
        log.accept("trading state: global " + global.state() + " (" + global.reason() + "; set by " + global.setBy()
                + " at " + global.setAt() + ")"
                + (global.state() == TradingStateRecord.State.ACTIVE ? "" : ": `make resume` to trade"));
        return this;
    }

    /** Starts the named services (see {@link StackConfig#SERVICE_MODULES}) in catalogue order. */
    public LocalStack startServices(Collection<String> names) {
        for (String name : StackConfig.SERVICE_MODULES.keySet()) {
            if (names.contains(name)) {
                startService(name);
            }
        }
        return this;
    }

    public ServiceProcess startService(String name) {
        return startService(name, "", Map.of());
    }

    /**
     * Starts one instance of a service; {@code instance} tells two instances of one group apart
     * (fault tests run two executors), {@code overrides} adds or replaces environment variables.
     */
    public synchronized ServiceProcess startService(String name, String instance, Map<String, String> overrides) {
        return startService(name, instance, overrides, true);
    }

    /**
     * As above; with {@code awaitReady} false it waits only until the process is alive (liveness),
     * for a test of a service that must report itself not ready.
     */
    public synchronized ServiceProcess startService(
            String name, String instance, Map<String, String> overrides, boolean awaitReady) {
        String key = instance.isEmpty() ? name : name + "-" + instance;
        ServiceProcess existing = services.get(key);
        if (existing != null && existing.process().isAlive()) {
            return existing;
        }
        String module = StackConfig.SERVICE_MODULES.get(name);
        if (module == null) {
            throw new IllegalArgumentException(
                    "unknown service '" + name + "'; known: " + StackConfig.SERVICE_MODULES.keySet());
        }
        Map<String, String> env = new HashMap<>(environment());
        int port = config.httpPort(name);
        if (!instance.isEmpty()) {
            port = StackConfig.freePort();
        }
        env.put("QUARKUS_HTTP_PORT", Integer.toString(port));
        env.putAll(overrides);
        port = Integer.parseInt(env.get("QUARKUS_HTTP_PORT"));
        Path jar = config.repoRoot().resolve(module).resolve("target/quarkus-app/quarkus-run.jar");
        ServiceProcess service = new ServiceProcess(name, jar, port, env, config, instance);
        log.accept("starting " + key + " on :" + port + " ...");
        if (awaitReady) {
            service.start(SERVICE_READY);
        } else {
            service.startLive(SERVICE_READY);
        }
        services.put(key, service);
        return service;
    }

    public synchronized ServiceProcess service(String key) {
        ServiceProcess service = services.get(key);
        if (service == null) {
            throw new IllegalArgumentException("service '" + key + "' was not started; started: " + services.keySet());
        }
        return service;
    }

    public synchronized Map<String, ServiceProcess> services() {
        return Map.copyOf(services);
    }

    /** The environment every service process gets: the only way it is configured. */
    public Map<String, String> environment() {
        return environmentOf(config, postgres.password() == null ? "" : postgres.password());
    }

    /** The services' environment for a stack of this configuration whose database role has this password. */
    static Map<String, String> environmentOf(StackConfig config, String postgresPassword) {
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_BOOTSTRAP_SERVERS", config.kafkaBootstrap());
        env.put("POSTGRES_JDBC_URL", PostgresServer.jdbcUrl(config));
        env.put("POSTGRES_USER", PostgresServer.USER);
        env.put("POSTGRES_PASSWORD", postgresPassword);
        env.put("NEAR_RELAY_URL", "ws://localhost:" + config.httpPort("relay-simulator") + "/ws");
        env.put("SIM_PORT", Integer.toString(config.httpPort("relay-simulator")));
        // The reference market: the market simulator speaks Binance's spot stream protocol.
        env.put("BINANCE_WS_URL", "ws://localhost:" + config.httpPort("market-simulator"));
        // The simulator speaks NEAR JSON-RPC too: the ingest polls balances there, a live executor
        // reads the salt, the key's registration and used nonces; the local signer key is registered.
        env.put("NEAR_RPC_URLS", "http://localhost:" + config.httpPort("relay-simulator") + "/rpc");
        env.put("SIM_REGISTERED_KEYS", DevSigner.ACCOUNT + ":" + DevSigner.publicKey(config));
        // What `EXECUTOR_MODE=live make run` signs with (paper mode makes its own throwaway key).
        env.put("NEAR_SIGNER_KEY", DevSigner.secretKey(config));
        env.put("EXECUTOR_MODE", "paper");
        env.putAll(config.extraEnv());
        // Explicit outer settings win: `NEAR_RELAY_URL=wss://... make run` points the ingest at the real relay.
        for (String passThrough : List.of(
                "NEAR_RELAY_URL",
                "NEAR_RELAY_JWT",
                "EXECUTOR_MODE",
                "NEAR_SIGNER_KEY",
                "NEAR_SOLVER_ACCOUNT_ID",
                "NEAR_RPC_URLS",
                "BINANCE_WS_URL",
                "SIM_RATE",
                "SIM_SEED")) {
            String value = System.getenv(passThrough);
            if (value != null && !value.isBlank()) {
                env.put(passThrough, value);
            }
        }
        return env;
    }

    /** Stops one service instance gracefully (SIGTERM), as a rolling deploy would. */
    public synchronized void stopService(String key) {
        ServiceProcess service = services.remove(key);
        if (service != null) {
            log.accept("stopping " + key + " ...");
            service.process().stop(SERVICE_GRACE);
        }
    }

    /** Everything, in reverse start order, gracefully. Safe to call twice. */
    @Override
    public synchronized void close() {
        List<String> keys = new ArrayList<>(services.keySet());
        for (int i = keys.size() - 1; i >= 0; i--) {
            stopService(keys.get(i));
        }
        if (postgres.isRunning()) {
            log.accept("stopping PostgreSQL ...");
            postgres.stop();
        }
        if (kafka.process().isAlive()) {
            log.accept("stopping Kafka ...");
            kafka.stop();
        }
    }
}
