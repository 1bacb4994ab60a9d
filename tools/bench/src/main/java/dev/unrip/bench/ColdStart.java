package dev.unrip.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a user meets right after a start (#18): every service stopped, started again with one set
 * of JVM options (JAVA_TOOL_OPTIONS, on top of the stack's own flags), and as soon as the stack
 * reports itself up (every service healthy, the ingest subscribed), 100 quotes at 50/s. Per
 * variant: the time to up, and the quotes' p50, p99 and max from frame to result (e2e) and from
 * frame to command, and how many expired. Variants, in this order:
 *
 * <ul>
 *   <li>{@code default}: the stack's flags as they are; each JVM also writes the class list of its
 *       run to an AppCDS archive at exit (-XX:ArchiveClassesAtExit), for the next two;
 *   <li>{@code appcds}: the archive of the run before (-XX:SharedArchiveFile): class loading from
 *       a memory-mapped archive instead of the jars;
 *   <li>{@code c1}: -XX:TieredStopAtLevel=1, the client compiler only (quick to compile, slower
 *       code at peak);
 *   <li>{@code appcds+c1}: both.
 * </ul>
 */
final class ColdStart {

    static final int RATE = 50;
    static final int SECONDS = 2;
    static final int QUOTES = RATE * SECONDS;

    private ColdStart() {}

    record Variant(String name, String javaToolOptions) {}

    static void measure(Harness run, Simulator simulator) throws Exception {
        Path cds = run.state.resolve("cds");
        Files.createDirectories(cds);
        List<Variant> variants = List.of(
                new Variant("default", "-XX:ArchiveClassesAtExit=" + cds + "/{name}.jsa"),
                new Variant("appcds", "-XX:SharedArchiveFile=" + cds + "/{name}.jsa"),
                new Variant("c1", "-XX:TieredStopAtLevel=1"),
                new Variant("appcds+c1", "-XX:SharedArchiveFile=" + cds + "/{name}.jsa -XX:TieredStopAtLevel=1"));
        Map<String, String> lines = new LinkedHashMap<>();
        Stage.Topics ours = Stage.Topics.OURS;
        LatencySteps latency = new LatencySteps(run);
        for (Variant v : variants) {
            run.say("cold start, " + v.name() + " (JAVA_TOOL_OPTIONS " + v.javaToolOptions()
                    + "): stopping every service ...");
            run.stopInParallel(new ArrayList<>(run.stack.services().keySet()));
            if (v.javaToolOptions().contains("SharedArchiveFile")) {
                try (var files = Files.list(cds)) {
                    run.say("  AppCDS archives from the run before: "
                            + files.map(f -> f.getFileName() + " " + (f.toFile().length() >> 20) + " MiB")
                                    .toList());
                }
            }
            long t0 = System.currentTimeMillis();
            Bench.startEveryService(
                    run,
                    simulator,
                    name -> Map.of("JAVA_TOOL_OPTIONS", v.javaToolOptions().replace("{name}", name)));
            long upMs = System.currentTimeMillis() - t0;
            run.say(String.format(
                    "  the stack is up in %.1f s; %d quotes at %d/s now ...", upMs / 1000.0, QUOTES, RATE));
            try (Tailer tailer = new Tailer(run.bootstrap(), ours.all(), 1000)) {
                Stage s = latency.step("ours", simulator, tailer, ours, RATE, SECONDS);
                String line = String.format(
                        "| %s | %.1f s | %s / %s / %s ms | %s / %s ms | %d | %d |",
                        v.name(),
                        upMs / 1000.0,
                        Percentiles.fmt(s.e2e().p50()),
                        Percentiles.fmt(s.e2e().p99()),
                        Percentiles.fmt(s.e2e().max()),
                        Percentiles.fmt(s.frameToCmd().p50()),
                        Percentiles.fmt(s.frameToCmd().p99()),
                        s.results(),
                        s.expired());
                lines.put(v.name(), line);
                run.say("  " + line);
            }
        }
        run.say("cold start: the first " + QUOTES + " quotes at " + RATE + "/s right after the stack is up");
        run.say(
                "| JVM options | up in | frame to result p50 / p99 / max | frame to command p50 / p99 | results | expired |");
        run.say("|---|---|---|---|---|---|");
        lines.values().forEach(run::say);
        // Left as the rest of a run would find it: every service on the stack's own flags.
        run.stopInParallel(new ArrayList<>(run.stack.services().keySet()));
        Bench.startEveryService(run, simulator, name -> Map.of());
    }
}
