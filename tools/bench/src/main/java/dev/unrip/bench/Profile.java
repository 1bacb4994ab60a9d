package dev.unrip.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordedFrame;
import jdk.jfr.consumer.RecordingFile;

/**
 * A CPU profile of a running service: JFR started and stopped with jcmd on the live process
 * (no restart, no JVM flag), the process's CPU time from /proc meanwhile (how busy it was: a
 * process far below one core while a backlog waits is waiting, not computing), and the
 * execution samples charged to the library that burns them, plus the hottest methods.
 */
final class Profile {

    /**
     * Libraries a sample is charged to: the innermost frame of the stack that belongs to one of
     * them decides (JDK frames in between are charged to their caller), so the shares add up to
     * 100 % and say which code burns the CPU, not which code is on the stack.
     */
    static final Map<String, String[]> LIBRARIES = libraries();

    private static Map<String, String[]> libraries() {
        Map<String, String[]> m = new LinkedHashMap<>();
        m.put("Ed25519 signing", new String[] {"sun.security.ec.", "sun.security.util.math.", "org.bouncycastle."});
        m.put("hashing (SHA-256)", new String[] {"sun.security.provider."});
        m.put("JSON Schema validation (networknt)", new String[] {"com.networknt."});
        m.put("Jackson parse/serialize", new String[] {"com.fasterxml.jackson."});
        m.put("JSONPath", new String[] {"com.jayway.jsonpath."});
        m.put("PostgreSQL JDBC", new String[] {"org.postgresql."});
        m.put("Agroal pool / Narayana / Spring JDBC", new String[] {"io.agroal.", "com.arjuna.", "org.springframework."
        });
        m.put("Kafka client", new String[] {"org.apache.kafka."});
        m.put("Camel (routing, type conversion, components)", new String[] {"org.apache.camel."});
        m.put("our code (dev.unrip)", new String[] {"dev.unrip."});
        m.put("Micrometer metrics", new String[] {"io.micrometer."});
        m.put("logging", new String[] {"org.jboss.logmanager.", "org.jboss.logging."});
        m.put("Quarkus / Vert.x / Netty", new String[] {"io.quarkus.", "io.vertx.", "io.netty.", "io.smallrye."});
        return m;
    }

    record Summary(
            String process,
            int samples,
            double seconds,
            double cpuCores,
            Map<String, Double> byLibrary,
            List<String> hottest) {
        /** The process's CPU time over the profile, in ms per item done (at least one item). */
        double cpuMsPer(int items) {
            return cpuCores * seconds * 1000 / Math.max(1, items);
        }

        List<String> lines() {
            List<String> out = new ArrayList<>();
            out.add(String.format(
                    "CPU profile of %s over %.0f s: the process used %.2f cores (of 2) on average; JFR, %d execution samples, charged to:",
                    process, seconds, cpuCores, samples));
            byLibrary.forEach((k, v) -> {
                if (v >= 1.0) {
                    out.add(String.format("  %5.1f%%  %s", v, k));
                }
            });
            out.add("  hottest methods (self):");
            hottest.forEach(h -> out.add("    " + h));
            return out;
        }
    }

    /** A recording in progress: the process's CPU time at its start. */
    record Running(long pid, String name, long startNanos, long startCpuTicks) {}

    /**
     * JFR started and stopped once, at once, nothing kept. The first JFR recording of a JVM
     * deoptimizes its compiled code: in the warm executor the first recording doubled the process's
     * CPU and made Ed25519 signing (Bouncy Castle's long field arithmetic, back in the interpreter)
     * most of the samples, for about half a minute; a second recording did neither (measured on
     * make run, 2026-11-30). Primed before the process gets hot, or followed by load while the JIT
     * recompiles, the measured recording finds the code compiled. JFR's buffers stay resident
     * afterwards, so resident memory is not sampled as "under load" after it.
     */
    static void prime(long pid) throws IOException, InterruptedException {
        jcmd(pid, "JFR.start", "name=prime", "settings=profile");
        jcmd(pid, "JFR.stop", "name=prime");
    }

    /**
     * JFR's profile settings with Java execution samples every 2 ms instead of 10 ms: a backlog a
     * warm process works through in a few seconds then still gives a thousand samples or more.
     */
    static Path settings() throws IOException {
        Path jfc = Path.of(System.getProperty("java.home"), "lib", "jfr", "profile.jfc");
        String profile = Files.readString(jfc);
        String fine = Pattern.compile(
                        "(<event name=\"jdk.ExecutionSample\">\\s*<setting name=\"enabled\"[^<]*</setting>\\s*<setting name=\"period\"[^>]*>)[^<]*(</setting>)")
                .matcher(profile)
                .replaceFirst(m -> Matcher.quoteReplacement(m.group(1) + "2 ms" + m.group(2)));
        if (fine.equals(profile)) {
            throw new IllegalStateException("cannot set the execution sample period in " + jfc);
        }
        Path out = Files.createTempFile("bench-profile", ".jfc");
        out.toFile().deleteOnExit();
        return Files.writeString(out, fine);
    }

    static Running start(long pid, String name) throws IOException, InterruptedException {
        jcmd(pid, "JFR.start", "name=" + name, "settings=" + settings());
        return new Running(pid, name, System.nanoTime(), Cpu.ticks(pid, false));
    }

    static Summary stop(Running r, Path file, String process) throws IOException, InterruptedException {
        long ticks = Cpu.ticks(r.pid(), false) - r.startCpuTicks();
        double seconds = (System.nanoTime() - r.startNanos()) / 1e9;
        jcmd(r.pid(), "JFR.stop", "name=" + r.name(), "filename=" + file);
        return summarize(file, process, seconds, ticks / Cpu.HZ / seconds);
    }

    static Summary summarize(Path file, String process, double seconds, double cpuCores) throws IOException {
        int samples = 0;
        Map<String, Integer> charged = new LinkedHashMap<>();
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
            self.merge(
                    top.getMethod().getType().getName() + "." + top.getMethod().getName(), 1, Integer::sum);
            String library = "JDK / other";
            outer:
            for (RecordedFrame f : frames) {
                String type = f.getMethod().getType().getName();
                for (Map.Entry<String, String[]> m : LIBRARIES.entrySet()) {
                    if (matches(type, m.getValue())) {
                        library = m.getKey();
                        break outer;
                    }
                }
            }
            charged.merge(library, 1, Integer::sum);
        }
        int n = Math.max(1, samples);
        Map<String, Double> byLibrary = new LinkedHashMap<>();
        charged.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .forEach(h -> byLibrary.put(h.getKey(), 100.0 * h.getValue() / n));
        List<String> hottest = new ArrayList<>();
        self.entrySet().stream()
                .sorted((a, b) -> b.getValue() - a.getValue())
                .limit(6)
                .forEach(s -> hottest.add(String.format("%5.1f%%  %s", 100.0 * s.getValue() / n, s.getKey())));
        return new Summary(process, samples, seconds, cpuCores, byLibrary, hottest);
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
