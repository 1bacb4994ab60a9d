package dev.unrip.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/**
 * One child process of the stack: its command, environment, log file and pid file. Stopping is
 * graceful first (SIGTERM, bounded wait), forced only after the bound.
 */
public final class ManagedProcess {

    private final String name;
    private final List<String> command;
    private final Map<String, String> env;
    private final Path logFile;
    private final Path pidFile;
    private Process process;

    public ManagedProcess(String name, List<String> command, Map<String, String> env, Path logFile, Path pidFile) {
        this.name = name;
        this.command = List.copyOf(command);
        this.env = Map.copyOf(env);
        this.logFile = logFile;
        this.pidFile = pidFile;
    }

    public String name() {
        return name;
    }

    public Path logFile() {
        return logFile;
    }

    public synchronized void start() {
        if (isAlive()) {
            return;
        }
        try {
            Files.createDirectories(logFile.getParent());
            Files.createDirectories(pidFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(env);
            process = builder.start();
            Files.writeString(pidFile, Long.toString(process.pid()));
        } catch (IOException e) {
            throw new IllegalStateException("cannot start " + name + ": " + e.getMessage(), e);
        }
    }

    public synchronized boolean isAlive() {
        return process != null && process.isAlive();
    }

    public synchronized Optional<Long> pid() {
        return process == null ? Optional.empty() : Optional.of(process.pid());
    }

    /** Waits until {@code ready} holds; fails early, with the log's tail, if the process dies. */
    public void awaitReady(String what, Duration timeout, BooleanSupplier ready) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (ready.getAsBoolean()) {
                return;
            }
            if (!isAlive()) {
                throw new IllegalStateException(
                        name + " exited before it was " + what + "; last log lines of " + logFile + ":\n" + tail(40));
            }
            pause(250);
        }
        throw new IllegalStateException(name + " was not " + what + " within " + timeout.toSeconds()
                + " s; last log lines of " + logFile + ":\n" + tail(40));
    }

    /** SIGTERM, then up to {@code grace} for a clean exit, then SIGKILL. */
    public synchronized void stop(Duration grace) {
        if (process != null) {
            terminate(process.toHandle(), grace);
        }
        deletePidFile();
    }

    /** kill -9: what a crash looks like to the rest of the system (fault tests). */
    public synchronized void kill() {
        if (process != null) {
            process.destroyForcibly();
            waitFor(process.toHandle(), Duration.ofSeconds(10));
        }
        deletePidFile();
    }

    public String tail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    private void deletePidFile() {
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // a stale pid file is checked against the live process table on the next stop
        }
    }

    static void terminate(ProcessHandle handle, Duration grace) {
        if (!handle.isAlive()) {
            return;
        }
        handle.destroy();
        if (!waitFor(handle, grace)) {
            handle.destroyForcibly();
            waitFor(handle, Duration.ofSeconds(10));
        }
    }

    static boolean waitFor(ProcessHandle handle, Duration timeout) {
        try {
            handle.onExit().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (Exception e) {
            return !handle.isAlive();
        }
    }

    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
