package dev.unrip.bench;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A CPU profile of a running service: JFR started and stopped with jcmd on the live process
 * (no restart, no JVM flag), then the execution samples summed: where the CPU goes, by what the
 * stack is doing (inclusive shares) and by the hottest methods (self samples).
 */
final class Profile {

    /** Inclusive markers: a sample counts for a marker when any frame of its stack matches it. */
    static final Map<String, String[]> MARKERS = markers();

    private static Map<String, String[]> markers() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("JSON Schema validation (networknt)", new String[] {"com.networknt.schema."});
        m.put("Jackson parse/serialize", new String[] {"com.fasterxml.jackson."});
        m.put("Kafka client (poll/send/commit)", new String[] {"org.apache.kafka."});
        m.put("Camel routing/type conversion", new String[] {"org.apache.camel.impl.", "org.apache.camel.support.", "org.apache.camel.processor.",
                "org.apache.camel.component.kafka.", "org.apache.camel.converter."});
        m.put("PostgreSQL JDBC + Agroal pool", new String[] {"org.postgresql.", "io.agroal."});
        m.put("Ed25519 signing / hashing", new String[] {"sun.security.ec.", "sun.security.provider.", "dev.unrip.nearintents.protocol."});
        m.put("our mapping code (dev.unrip)", new String[] {"dev.unrip."});
        m.put("metrics (Micrometer)", new String[] {"io.micrometer."});
        m.put("logging", new String[] {"org.jboss.logmanager.", "org.jboss.logging."});
        return m;
    }

    record Summary(String process, int samples, Map<String, Double> inclusive, List<String> hottest) {
        List<String> lines() {
            List<String> out = new ArrayList<>();
            out.add(String.format("CPU profile of %s (JFR, %d execution samples):", process, samples));
            inclusive.forEach((k, v) -> {
                if (v >= 1.0) {
                    out.add(String.format("  %5.1f%%  %s", v, k));
                }
            });
            out.add("  hottest methods (self):");
            hottest.forEach(h -> out.add("    " + h));
            return out;
        }
    }

    static void start(long pid, String name) throws IOException, InterruptedException {
        jcmd(pid, "JFR.start", "name=" + name, "settings=profile");
    }

    static Summary stop(long pid, String name, Path file, String process) throws IOException, InterruptedException {
        jcmd(pid, "JFR.stop", "name=" + name, "filename=" + file);
        return summarize(file, process);
    }

    static Summary summarize(Path file, String process) throws IOException {
        int samples = 0;
        Map<String, Integer> hits = new LinkedHashMap<>();
        MARKERS.keySet().forEach(k -> hits.put(k, 0));
        Map<String, Integer> self = new HashMap<>();
        for (RecordedEvent e : RecordingFile.readAllEvents(file)) {
            if (!"jdk.ExecutionSample".equals(e.getEventType().getName()) || e.getStackTrace() == null) {
                continue;
            }
            List<RecordedFrame> frames = e.getStackTrace().getFrames();
            if (frames.isEmpty()) {
                continue;
            }
            samples++;
            RecordedFrame top = frames.get(0);
            self.merge(top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1, Integer::sum);
            for (Map.Entry<String, String[]> m : MARKERS.entrySet()) {
                if (frames.stream().anyMatch(f -> matches(f.getMethod().getType().getName(), m.getValue()))) {
                    hits.merge(m.getKey(), 1, Integer::sum);
                }
            }
        }
        int n = Math.max(1, samples);
        Map<String, Double> inclusive = new LinkedHashMap<>();
        hits.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(h -> inclusive.put(h.getKey(), 100.0 * h.getValue() / n));
        List<String> hottest = new ArrayList<>();
        self.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(8)
                .forEach(s -> hottest.add(String.format("%5.1f%%  %s", 100.0 * s.getValue() / n, s.getKey())));
        return new Summary(process, samples, inclusive, hottest);
    }

    private static boolean matches(String type, String[] prefixes) {
        for (String p : prefixes) {
            if (type.startsWith(p)) {
                return true;
            }
        }
        return false;
    }

    private static void jcmd(long pid, String... command) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>();
        cmd.add(Path.of(System.getProperty("java.home"), "bin", "jcmd").toString());
        cmd.add(Long.toString(pid));
        cmd.addAll(List.of(command));
        Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes());
        if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
            throw new IOException("jcmd " + String.join(" ", command) + " failed: " + out.trim());
        }
    }
}
