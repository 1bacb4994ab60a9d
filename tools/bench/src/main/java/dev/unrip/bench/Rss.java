package dev.unrip.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * Resident memory of processes, from /proc/&lt;pid&gt;/status VmRSS, sampled every 500 ms; keeps the
 * maximum per process and phase. A process being profiled (JFR attached) is sampled under its
 * own phase, so the recording's memory does not count against it.
 */
final class Rss implements AutoCloseable {

    private final Supplier<Map<String, Long>> pids;
    private final Map<String, Map<String, Long>> maxKib = new ConcurrentHashMap<>();
    private final Map<String, String> phaseOverride = new ConcurrentHashMap<>();
    private final Thread thread;
    private volatile String phase = "start";
    private volatile boolean running = true;

    Rss(Supplier<Map<String, Long>> pids) {
        this.pids = pids;
        thread = new Thread(this::run, "rss");
        thread.setDaemon(true);
        thread.start();
    }

    void phase(String name) {
        phase = name;
    }

    /**
     * From now on the process's samples are "profiled" and do not count as under load: JFR keeps
     * its buffers resident after the recording stops (tens of MiB).
     */
    void profiled(String process) {
        phaseOverride.put(process, "profiled");
    }

    private void run() {
        while (running) {
            sampleNow();
            try {
                Thread.sleep(500);
            } catch (InterruptedException e) {
                return;
            }
        }
    }

    void sampleNow() {
        for (Map.Entry<String, Long> e : pids.get().entrySet()) {
            long kib = vmRssKib(e.getValue());
            if (kib > 0) {
                String p = phaseOverride.getOrDefault(e.getKey(), phase);
                maxKib.computeIfAbsent(e.getKey(), k -> new ConcurrentHashMap<>())
                        .merge(p, kib, Math::max);
            }
        }
    }

    /** The phase of each process's maximum over the given phases. */
    Map<String, String> maxPhase(String... phases) {
        Map<String, String> out = new LinkedHashMap<>();
        maxKib.forEach((process, byPhase) -> {
            long max = 0;
            for (String p : phases) {
                long v = byPhase.getOrDefault(p, 0L);
                if (v > max) {
                    max = v;
                    out.put(process, p);
                }
            }
        });
        return out;
    }

    /** Max resident MiB per process over the given phases. */
    Map<String, Double> maxMib(String... phases) {
        Map<String, Double> out = new LinkedHashMap<>();
        maxKib.forEach((process, byPhase) -> {
            long max = 0;
            for (String p : phases) {
                max = Math.max(max, byPhase.getOrDefault(p, 0L));
            }
            if (max > 0) {
                out.put(process, max / 1024.0);
            }
        });
        return out;
    }

    static long vmRssKib(long pid) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/" + pid + "/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | NumberFormatException e) {
            // gone
        }
        return -1;
    }

    @Override
    public void close() {
        running = false;
        thread.interrupt();
    }
}
