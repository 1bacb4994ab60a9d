package dev.unrip.localstack;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * {@code make monitor}: a local Prometheus ({@link Prometheus}) scraping the {@code make run}
 * stack's services every 5 s with the alert rules loaded, on 127.0.0.1:9090
 * (UNRIP_PROMETHEUS_PORT), its data in {@code <state>/prometheus}. Prints where it runs, what it
 * scrapes, the rules it loaded and how to import the dashboard into a Grafana; then a status line
 * every 30 s (targets up, alerts pending and firing). Ctrl-C stops it.
 */
final class Monitor {

    static final Duration INTERVAL = Duration.ofSeconds(5);
    private static final Duration STATUS_EVERY = Duration.ofSeconds(30);
    private static final DateTimeFormatter CLOCK = DateTimeFormatter.ofPattern("HH:mm:ss");

    private Monitor() {}

    static int run(StackConfig config) throws InterruptedException {
        int port = Integer.parseInt(System.getenv().getOrDefault("UNRIP_PROMETHEUS_PORT", "9090"));
        Path dir = config.stateDir().resolve("prometheus");
        Optional<ProcessHandle> already = Prometheus.running(dir);
        if (already.isPresent()) {
            System.err.println("a make monitor Prometheus is already running (pid "
                    + already.get().pid() + ", " + Prometheus.pidFile(dir)
                    + "); stop it first (Ctrl-C in its terminal)");
            return 1;
        }
        Prometheus prometheus;
        try {
            prometheus = new Prometheus(config, port, dir, INTERVAL, Main::say);
        } catch (RuntimeException e) {
            System.err.println("make monitor: " + e.getMessage());
            return 1;
        }
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime()
                .addShutdownHook(new Thread(
                        () -> {
                            prometheus.close();
                            Main.say("stopped (data kept in " + rel(config, prometheus.dataDir()) + ")");
                            stopped.countDown();
                        },
                        "monitor-shutdown"));
        Main.say("starting Prometheus on 127.0.0.1:" + port + " ...");
        try {
            prometheus.start(Duration.ofSeconds(60));
        } catch (RuntimeException e) {
            System.err.println("\nPrometheus did not start: " + e.getMessage());
            return 1;
        }
        awaitFirstScrapes(prometheus);
        printWhere(config, prometheus);
        Instant next = Instant.now().plus(STATUS_EVERY);
        while (!stopped.await(1, TimeUnit.SECONDS)) {
            if (!prometheus.process().isAlive()) {
                System.err.println("Prometheus exited; last log lines of "
                        + prometheus.process().logFile() + ":\n"
                        + prometheus.process().tail(20));
                return 1;
            }
            if (Instant.now().isAfter(next)) {
                Main.say(statusLine(prometheus));
                next = Instant.now().plus(STATUS_EVERY);
            }
        }
        return 0;
    }

    /** Until every target was scraped once (or 3 intervals passed), so that the table says up or down. */
    private static void awaitFirstScrapes(Prometheus prometheus) throws InterruptedException {
        Instant deadline = Instant.now().plus(INTERVAL.multipliedBy(3));
        while (Instant.now().isBefore(deadline)) {
            List<JsonNode> targets = targets(prometheus);
            if (!targets.isEmpty()
                    && targets.stream()
                            .noneMatch(t -> "unknown".equals(t.path("health").asText()))) {
                return;
            }
            Thread.sleep(250);
        }
    }

    static void printWhere(StackConfig config, Prometheus prometheus) {
        String url = prometheus.url();
        System.out.println();
        System.out.println(prometheus.version() + ": " + url + "  (" + prometheus.binary() + ")");
        System.out.println("  config " + rel(config, prometheus.configFile()) + " (generated)   data "
                + rel(config, prometheus.dataDir()) + "   log "
                + rel(config, prometheus.process().logFile()));
        System.out.println();
        System.out.println("scraping " + Prometheus.METRICS_PATH + " every " + INTERVAL.toSeconds() + " s:");
        Map<String, JsonNode> byJob = new TreeMap<>();
        targets(prometheus).forEach(t -> byJob.put(t.path("labels").path("job").asText(), t));
        boolean anyDown = false;
        for (String service : Prometheus.SCRAPED) {
            JsonNode t = byJob.get(service);
            String health = t == null ? "unknown" : t.path("health").asText();
            String error = t == null ? "" : t.path("lastError").asText("");
            anyDown |= !"up".equals(health);
            System.out.printf(
                    "  %-24s localhost:%-6d %s%n",
                    service, config.httpPort(service), health + (error.isEmpty() ? "" : ": " + error));
        }
        if (anyDown) {
            System.out.println("  (a target down: is `make run` running? Prometheus keeps scraping; it comes up"
                    + " when the service does)");
        }
        System.out.println();
        JsonNode groups = prometheus.rules().path("data").path("groups");
        int count = 0;
        List<String> lines = new ArrayList<>();
        for (JsonNode group : groups) {
            List<String> names = new ArrayList<>();
            group.path("rules").forEach(r -> names.add(r.path("name").asText()));
            count += names.size();
            lines.add(String.format("  %-16s %s", group.path("name").asText(), String.join(", ", names)));
        }
        System.out.println(
                "alert rules: " + count + " loaded from " + Prometheus.RULES + " (runbooks: docs/runbooks/)");
        lines.forEach(System.out::println);
        System.out.println("  " + url + "/alerts   " + url + "/targets   " + url + "/graph");
        System.out.println();
        System.out.println("dashboard: " + Prometheus.DASHBOARD + ", into a Grafana (10 or newer):");
        System.out.println("  1. Connections > Data sources > Add new > Prometheus, URL " + url
                + " (from a Grafana in a container: the host's address instead of 127.0.0.1)");
        System.out.println("  2. Dashboards > New > Import > Upload dashboard JSON file: " + Prometheus.DASHBOARD
                + ", and pick that data source for \"Prometheus\"");
        System.out.println("  or through Grafana's API (the dashboard takes the default data source):");
        System.out.println(
                "     curl -u admin:admin -H 'Content-Type: application/json' http://localhost:3000/api/dashboards/db"
                        + " -d \"{\\\"overwrite\\\":true,\\\"dashboard\\\":$(cat " + Prometheus.DASHBOARD + ")}\"");
        System.out.println();
        System.out.println("Ctrl-C stops Prometheus; a status line follows every " + STATUS_EVERY.toSeconds() + " s.");
        System.out.println();
        System.out.flush();
    }

    /** Targets up, alerts pending and firing, now. */
    static String statusLine(Prometheus prometheus) {
        StringBuilder line = new StringBuilder("[" + LocalTime.now().format(CLOCK) + "]");
        try {
            List<JsonNode> targets = targets(prometheus);
            List<String> down = targets.stream()
                    .filter(t -> !"up".equals(t.path("health").asText()))
                    .map(t -> t.path("labels").path("job").asText())
                    .toList();
            line.append(" targets up ")
                    .append(targets.size() - down.size())
                    .append(" of ")
                    .append(targets.size());
            if (!down.isEmpty()) {
                line.append(" (down: ").append(String.join(", ", down)).append(')');
            }
            Map<String, List<String>> byState = new TreeMap<>();
            for (JsonNode alert : prometheus.alerts().path("data").path("alerts")) {
                byState.computeIfAbsent(alert.path("state").asText(), k -> new ArrayList<>())
                        .add(alert.path("labels").path("alertname").asText());
            }
            line.append("; alerts firing: ")
                    .append(names(byState.get("firing")))
                    .append("; pending: ")
                    .append(names(byState.get("pending")));
        } catch (RuntimeException e) {
            line.append(" Prometheus unreachable: ").append(e.getMessage());
        }
        return line.toString();
    }

    private static String names(List<String> alerts) {
        return alerts == null || alerts.isEmpty()
                ? "none"
                : String.join(", ", alerts.stream().distinct().sorted().toList());
    }

    private static List<JsonNode> targets(Prometheus prometheus) {
        List<JsonNode> out = new ArrayList<>();
        try {
            prometheus.targets().path("data").path("activeTargets").forEach(out::add);
        } catch (RuntimeException e) {
            // not answering yet: no targets
        }
        return out;
    }

    private static String rel(StackConfig config, Path path) {
        Path abs = path.toAbsolutePath();
        return abs.startsWith(config.repoRoot())
                ? config.repoRoot().relativize(abs).toString()
                : abs.toString();
    }
}
