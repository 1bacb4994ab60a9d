package dev.unrip.it.replay;

import dev.unrip.localstack.LocalStack;
import dev.unrip.localstack.ServiceProcess;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * One replay run as {@code make replay} starts it: the replay application's jar, the run in
 * REPLAY_* environment variables, the stack's broker in KAFKA_BOOTSTRAP_SERVERS; run to its end.
 */
public final class ReplayRun {

    /** How a run ended: its exit code and everything it printed. */
    public record Result(int exitCode, String output) {}

    private ReplayRun() {}

    /**
     * @param replay TOPIC, FROM, TO, TARGET, RUN as on the make command line (absent = not given)
     */
    public static Result run(LocalStack stack, Map<String, String> replay, Duration limit)
            throws IOException, InterruptedException {
        Path jar = stack.config().repoRoot().resolve("routes/replay/target/quarkus-app/quarkus-run.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("the replay group is not built: " + jar + " is missing");
        }
        Path log = Files.createTempFile(Files.createDirectories(stack.config().logDir()), "replay-", ".log");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        List<String> command = new ArrayList<>(List.of(java));
        command.addAll(ServiceProcess.JVM_FLAGS); // the route groups' local JVM flags, as make replay uses
        command.addAll(List.of("-jar", jar.toString()));
        ProcessBuilder builder =
                new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile());
        Map<String, String> env = builder.environment();
        env.keySet().removeIf(k -> k.startsWith("REPLAY_"));
        env.put("KAFKA_BOOTSTRAP_SERVERS", stack.config().kafkaBootstrap());
        env.put("QUARKUS_HTTP_PORT", Integer.toString(freePort()));
        Map<String, String> names = Map.of(
                "TOPIC",
                "REPLAY_TOPICS",
                "FROM",
                "REPLAY_FROM",
                "TO",
                "REPLAY_TO",
                "TARGET",
                "REPLAY_TARGET",
                "RUN",
                "REPLAY_RUN_ID");
        replay.forEach((argument, value) -> env.put(names.get(argument), value));
        Process process = builder.start();
        if (!process.waitFor(limit.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            throw new AssertionError(
                    "replay " + replay + " did not end within " + limit.toSeconds() + " s:\n" + Files.readString(log));
        }
        return new Result(process.exitValue(), Files.readString(log));
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
