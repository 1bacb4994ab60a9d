package dev.unrip.bench;

import com.fasterxml.jackson.databind.JsonNode;
import dev.unrip.localstack.ServiceProcess;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A child JVM (the plain chain), its output in a log file. Stopped with SIGTERM. Its execute loop
 * keeps its state in the PostgreSQL schema {@link #SCHEMA}, created by the executor's own migration.
 */
final class ChildJvm implements AutoCloseable {

    static final String SCHEMA = "bench_plain";

    private final Process process;
    private final Path log;
    private final Path steps;

    ChildJvm(List<String> command, Map<String, String> env, Path log, Path steps) throws IOException {
        Files.createDirectories(log.getParent());
        this.log = log;
        this.steps = steps;
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        b.environment().putAll(env);
        process = b.start();
    }

    /** The schema {@link #SCHEMA}, with the tables of the executor's migration V1 (if it does not exist yet). */
    static void createSchema(Harness run) throws Exception {
        String migration = Files.readString(run.repo.resolve(
                "routes/near-intents/execute/src/main/resources/db/migration/V1__create_execution_state.sql"));
        try (Connection c = DriverManager.getConnection(
                        run.stack.postgres().jdbcUrl(),
                        run.stack.postgres().user(),
                        run.stack.postgres().password());
                Statement s = c.createStatement()) {
            s.execute("create schema if not exists " + SCHEMA);
            s.execute("set search_path to " + SCHEMA);
            for (String sql : migration.replaceAll("(?m)--.*$", "").split(";")) {
                if (!sql.isBlank()) {
                    s.execute(sql);
                }
            }
        }
    }

    /** The plain chain ({@link PlainChain}) running the given loops ("normalize,react,execute" or one of them) on the given topics. */
    /** One loop of the plain chain alone (normalize: raw to norm; execute: cmd to exec), from input to output. */
    static ChildJvm plainLoop(Harness run, String loop, String input, String output) throws IOException {
        String unused = "bench.plain.backlog.unused";
        return loop.equals("normalize")
                ? plainChain(run, loop, loop, input, output, unused, unused)
                : plainChain(run, loop, loop, unused, unused, input, output);
    }

    static ChildJvm plainChain(Harness run, String name, String loops, String raw, String norm, String cmd, String exec)
            throws IOException {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(ServiceProcess.JVM_FLAGS); // the service JVMs' flags, so memory and GC are comparable
        command.add("-Dunrip.repo=" + run.stack.config().repoRoot()); // the reactor's configuration (PlainHops)
        command.addAll(List.of(
                "-cp",
                System.getProperty("java.class.path"),
                PlainChain.class.getName(),
                run.bootstrap(),
                loops,
                raw,
                norm,
                cmd,
                exec,
                "plain-" + name,
                run.state.resolve("plain-" + name + "-steps.json").toString()));
        String jdbcUrl = run.stack.postgres().jdbcUrl();
        Map<String, String> env = Map.of(
                "BENCH_PG_URL",
                jdbcUrl + (jdbcUrl.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA,
                "BENCH_PG_USER",
                run.stack.postgres().user(),
                "BENCH_PG_PASSWORD",
                run.stack.postgres().password() == null
                        ? ""
                        : run.stack.postgres().password());
        return new ChildJvm(
                command,
                env,
                run.state.resolve("logs/plain-" + name + ".log"),
                run.state.resolve("plain-" + name + "-steps.json"));
    }

    long pid() {
        return process.pid();
    }

    void awaitReady(int loops) throws IOException, InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            long ready = Files.readAllLines(log).stream()
                    .filter(l -> l.startsWith("READY"))
                    .count();
            if (ready >= loops) {
                return;
            }
            if (!process.isAlive()) {
                throw new IllegalStateException("the plain chain exited; see " + log);
            }
            Thread.sleep(200);
        }
        throw new IllegalStateException("the plain chain was not ready in 60 s; see " + log);
    }

    String steps() {
        try {
            JsonNode s = PlainHops.JSON.readTree(Files.readString(steps));
            StringBuilder b = new StringBuilder();
            s.fields().forEachRemaining(f -> {
                if (f.getKey().startsWith("execute.us.")) {
                    b.append(f.getKey().substring("execute.us.".length()))
                            .append(' ')
                            .append(f.getValue().asLong())
                            .append(" us, ");
                }
            });
            return b.length() == 0 ? "(no step timings)" : b.substring(0, b.length() - 2);
        } catch (IOException e) {
            return "(no step timings: " + e.getMessage() + ")";
        }
    }

    @Override
    public void close() {
        process.destroy();
        try {
            if (!process.waitFor(20, TimeUnit.SECONDS)) {
                process.destroyForcibly();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
