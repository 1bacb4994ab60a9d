package dev.unrip.localstack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.stream.Stream;

/**
 * {@code make dev GROUP=<route group>}: one route group run from its source folder against the
 * running {@code make run} stack, its routes reloaded by Camel on every save of a
 * {@code *.camel.yaml} (camel.main.routes-reload-*), no restart.
 *
 * <p>Stepping aside is a hold file, {@code <state>/dev/<group>.hold}, holding the dev process's pid:
 * the launcher of {@code make run} ({@link #honourHolds}) stops its own process of that group while
 * a live process holds it, so the two never share the consumer group, and starts it again once the
 * hold is gone (the dev process ended: Ctrl-C, or it died).
 *
 * <p>Java (a bean) cannot be reloaded in place: Quarkus dev mode does not run here (STACK-NOTES: its
 * console extension is not in the registry). A saved bean rebuilds that one group's module and
 * restarts the dev process (about half a minute); the rest of the stack runs on.
 */
public final class DevLoop {

    private DevLoop() {}

    static Path holdFile(StackConfig config, String group) {
        return config.stateDir().resolve("dev").resolve(group + ".hold");
    }

    /**
     * The launcher's side, every second: step aside for held groups, come back for released ones.
     * {@code steppedAside} is the launcher's own memory of which groups it stopped for a hold.
     */
    static void honourHolds(LocalStack stack, Set<String> steppedAside, Consumer<String> say) {
        for (String group : StackConfig.SERVICE_MODULES.keySet()) {
            if (!steppedAside.contains(group) && !Files.exists(holdFile(stack.config(), group))) {
                continue; // the usual second: nobody holds anything
            }
            boolean held = Main.readPid(holdFile(stack.config(), group))
                    .flatMap(ProcessHandle::of)
                    .filter(ProcessHandle::isAlive)
                    .isPresent();
            boolean running = stack.services().containsKey(group);
            if (held && running) {
                say.accept("dev: " + group + " is held by `make dev`; stepping aside");
                stack.stopService(group);
                steppedAside.add(group);
            } else if (!held && steppedAside.remove(group)) {
                Main.deleteQuietly(holdFile(stack.config(), group));
                say.accept("dev: " + group + " released; starting the stack's own process again");
                try {
                    stack.startService(group);
                } catch (RuntimeException e) {
                    say.accept("dev: " + group + " did not start again: " + e.getMessage());
                }
            }
        }
    }

    /** The developer's side: hold the group, run it from source with route reload, release on exit. */
    static int run(StackConfig config, String group) throws Exception {
        String module = StackConfig.SERVICE_MODULES.get(group);
        if (module == null || StackConfig.SIMULATORS.contains(group)) {
            System.err.println("make dev GROUP=<route group>: one of "
                    + StackConfig.SERVICE_MODULES.keySet().stream()
                            .filter(g -> !StackConfig.SIMULATORS.contains(g))
                            .toList()
                    + " (got '" + group + "')");
            return 2;
        }
        Optional<ProcessHandle> launcher = Main.readPid(config.stateDir().resolve("pids/launcher.pid"))
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive);
        if (launcher.isEmpty()) {
            System.err.println(
                    "no `make run` stack is running: start it in another terminal first (make dev runs one group against it)");
            return 1;
        }
        Path hold = holdFile(config, group);
        Files.createDirectories(hold.getParent());
        Files.writeString(hold, Long.toString(ProcessHandle.current().pid()));

        Path pid = config.stateDir().resolve("pids/" + group + ".pid");
        Main.say("dev: waiting for the stack's own " + group + " to step aside ...");
        long deadline = System.currentTimeMillis() + 60_000;
        while (Main.readPid(pid)
                .flatMap(ProcessHandle::of)
                .filter(ProcessHandle::isAlive)
                .isPresent()) {
            if (System.currentTimeMillis() > deadline) {
                System.err.println("dev: the stack's " + group + " did not stop within 60 s; is the launcher (pid "
                        + launcher.get().pid() + ") alive?");
                return 1;
            }
            Thread.sleep(250);
        }
        Path moduleDir = config.repoRoot().resolve(module);
        Path routes = moduleDir.resolve("src/main/resources/routes");
        Path beans = moduleDir.resolve("src/main/java");
        List<String> libraries = StackConfig.ROUTE_LIBRARIES.getOrDefault(group, List.of());
        // What is rebuilt (and restarts the group) when it changes: the group's beans, and the
        // sources of the route libraries it loads from the class path.
        List<Path> rebuildOn = new ArrayList<>(List.of(beans));
        libraries.forEach(lib -> rebuildOn.add(config.repoRoot().resolve(lib).resolve("src/main")));
        List<String> command = new ArrayList<>(List.of(KafkaBroker.javaBin()));
        command.addAll(ServiceProcess.JVM_FLAGS);
        command.addAll(List.of(
                // The group's routes from its source folder (the others from the jars), reloaded on save.
                "-Dcamel.main.routes-include-pattern=" + includePattern(moduleDir, routes),
                "-Dcamel.main.routes-reload-enabled=true",
                "-Dcamel.main.routes-reload-directory=" + routes,
                "-Dcamel.main.routes-reload-pattern=*.camel.yaml",
                // Only the routes of the saved file are replaced; the rest run on. (Removing every
                // route on reload loses the templated routes: Camel 4.14 does not create them again.)
                "-Dcamel.main.routes-reload-remove-all-routes=false",
                "-jar",
                moduleDir.resolve("target/quarkus-app/quarkus-run.jar").toString()));
        Map<String, String> env = new HashMap<>(LocalStack.environmentOf(
                config, PostgresServer.savedPassword(config).orElse("")));
        env.put("QUARKUS_HTTP_PORT", Integer.toString(config.httpPort(group)));

        AtomicReference<Process> running = new AtomicReference<>();
        // Ctrl-C: the dev process stops first (it leaves the consumer group), then the hold goes
        // and the launcher starts its own process of the group again.
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            stopQuietly(running.get());
                            Main.deleteQuietly(hold);
                        },
                        "dev-release"));
        while (true) {
            long builtAt = System.currentTimeMillis();
            if (build(config, module, libraries)) {
                ProcessBuilder builder = new ProcessBuilder(command).inheritIO();
                builder.environment().putAll(env);
                Main.say("dev: " + group + " on :" + config.httpPort(group) + " from " + routes
                        + "\ndev: save a *.camel.yaml there and Camel reloads it (\"Routes reloaded summary\"); save a bean under "
                        + rebuildOn
                        + " and the group is rebuilt and restarted; Ctrl-C hands the group back to the stack");
                running.set(builder.start());
            } else {
                Main.say("dev: the build failed (above); fix it and save: the next change of a bean rebuilds");
            }
            while (newestChange(rebuildOn) <= builtAt) {
                Process p = running.get();
                if (p != null && !p.isAlive()) {
                    Main.say("dev: " + group + " exited with " + p.exitValue());
                    return p.exitValue();
                }
                Thread.sleep(500);
            }
            Main.say("dev: a bean or a route library changed: rebuilding and restarting " + group + " ...");
            stopQuietly(running.getAndSet(null));
        }
    }

    /**
     * The group's module alone, packaged; what it depends on comes from the local Maven repository,
     * where {@code make build} and {@code make test} install every module (the other groups' apps,
     * which the stack runs, are not touched).
     */
    private static boolean build(StackConfig config, String module, List<String> libraries)
            throws IOException, InterruptedException {
        String modules = String.join(
                ",",
                java.util.stream.Stream.concat(libraries.stream(), java.util.stream.Stream.of(module))
                        .toList());
        Main.say("dev: building " + modules + " ...");
        Path mvnw = config.repoRoot().resolve("mvnw");
        Process build = new ProcessBuilder(
                        mvnw.toString(), "-B", "-ntp", "-q", "package", "-DskipTests", "-pl", modules)
                .directory(config.repoRoot().toFile())
                .inheritIO()
                .start();
        return build.waitFor() == 0;
    }

    /**
     * The group's own camel.main.routes-include-pattern (application.properties, else the shared
     * default) with its classpath:routes/ files read from the source folder instead.
     */
    static String includePattern(Path moduleDir, Path routes) throws IOException {
        String pattern =
                "classpath:routes/*.camel.yaml,classpath:camel-common/dead-letter.camel.yaml,classpath:camel-common/batch.camel.yaml";
        Path properties = moduleDir.resolve("src/main/resources/application.properties");
        if (Files.exists(properties)) {
            java.util.Properties own = new java.util.Properties();
            try (var in = Files.newBufferedReader(properties)) {
                own.load(in);
            }
            pattern = own.getProperty("camel.main.routes-include-pattern", pattern);
        }
        return pattern.replace("classpath:routes/", "file:" + routes + "/");
    }

    /** The newest modification time of a file under the folders (0 when there is none). */
    private static long newestChange(List<Path> dirs) throws IOException {
        long newest = 0;
        for (Path dir : dirs) {
            if (Files.isDirectory(dir)) {
                try (Stream<Path> files = Files.walk(dir)) {
                    newest = Math.max(
                            newest,
                            files.filter(Files::isRegularFile)
                                    .mapToLong(f -> f.toFile().lastModified())
                                    .max()
                                    .orElse(0));
                }
            }
        }
        return newest;
    }

    private static void stopQuietly(Process process) {
        if (process == null) {
            return;
        }
        process.destroy();
        try {
            process.waitFor();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
