package dev.unrip.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

/**
 * Where the machine's CPU goes during a latency step: the CPU time (utime + stime from
 * /proc/&lt;pid&gt;/stat, every thread: JIT, GC and I/O included) of each process that does the
 * step's work, over the step's offered window. A process given as a parent (PostgreSQL's
 * postmaster) is counted with its live children (the backends) and its reaped ones.
 */
final class Cpu {

    /** Keys of {@link #cores} beside the processes' names. */
    static final String TOTAL = "total";

    static final String JIT = "of which JIT";

    /** CPU clock ticks per second (USER_HZ); 100 on Linux. */
    static final double HZ = 100.0;

    /** A named process; {@code withChildren} adds its current and reaped children. */
    record Proc(String name, long pid, boolean withChildren) {}

    /** Ticks used so far by each process, and by the JIT compiler threads of all of them. */
    record Snapshot(long nanos, Map<String, Long> ticks, long jitTicks) {}

    static Snapshot snapshot(List<Proc> processes) {
        Map<String, Long> ticks = new LinkedHashMap<>();
        long jit = 0;
        for (Proc p : processes) {
            ticks.merge(p.name(), ticks(p.pid(), p.withChildren()), Long::sum);
            jit += jitTicks(p.pid());
        }
        return new Snapshot(System.nanoTime(), ticks, jit);
    }

    /** Cores the JIT compilers of the processes used between the two snapshots. */
    private static double jitCores(Snapshot from, Snapshot to) {
        return Math.max(0, to.jitTicks() - from.jitTicks()) / HZ / Math.max(1e-3, (to.nanos() - from.nanos()) / 1e9);
    }

    /** Cores used by each process between the two snapshots, plus "total" and, of that, "JIT". */
    static Map<String, Double> cores(Snapshot from, Snapshot to) {
        double seconds = Math.max(1e-3, (to.nanos() - from.nanos()) / 1e9);
        Map<String, Double> out = new LinkedHashMap<>();
        double total = 0;
        for (Map.Entry<String, Long> e : to.ticks().entrySet()) {
            long before = from.ticks().getOrDefault(e.getKey(), e.getValue());
            double c = Math.max(0, e.getValue() - before) / HZ / seconds;
            out.put(e.getKey(), c);
            total += c;
        }
        out.put(TOTAL, total);
        out.put(JIT, jitCores(from, to));
        return out;
    }

    /** "a 0.41, b 0.20, ..., total 1.93 cores" */
    static String line(Map<String, Double> cores) {
        StringBuilder b = new StringBuilder();
        cores.forEach((k, v) ->
                b.append(b.length() == 0 ? "" : ", ").append(k).append(' ').append(String.format("%.2f", v)));
        return b.append(" cores").toString();
    }

    static long ticks(long pid, boolean withChildren) {
        long[] own = stat(pid);
        if (own == null) {
            return 0;
        }
        long t = own[0] + own[1];
        if (withChildren) {
            t += own[2] + own[3]; // children already reaped
            try (Stream<Path> procs = Files.list(Path.of("/proc"))) {
                for (Path p : (Iterable<Path>) procs::iterator) {
                    String name = p.getFileName().toString();
                    if (!name.chars().allMatch(Character::isDigit)) {
                        continue;
                    }
                    long[] child = stat(Long.parseLong(name));
                    if (child != null && child[4] == pid) {
                        t += child[0] + child[1];
                    }
                }
            } catch (IOException e) {
                // /proc unreadable: the parent's own figure stands
            }
        }
        return t;
    }

    /** utime + stime of a JVM's C1/C2 compiler threads (thread names "C1 CompilerThre..."). */
    static long jitTicks(long pid) {
        long t = 0;
        try (Stream<Path> tasks = Files.list(Path.of("/proc/" + pid + "/task"))) {
            for (Path task : (Iterable<Path>) tasks::iterator) {
                try {
                    String comm = Files.readString(task.resolve("comm")).strip();
                    if (comm.startsWith("C1 Compiler") || comm.startsWith("C2 Compiler")) {
                        long[] s = stat(task.resolve("stat"));
                        t += s == null ? 0 : s[0] + s[1];
                    }
                } catch (IOException e) {
                    // the thread ended meanwhile
                }
            }
        } catch (IOException e) {
            // the process ended meanwhile
        }
        return t;
    }

    /** {utime, stime, cutime, cstime, ppid} of a process, or null when it is gone. */
    private static long[] stat(long pid) {
        return stat(Path.of("/proc/" + pid + "/stat"));
    }

    private static long[] stat(Path file) {
        try {
            String stat = Files.readString(file);
            String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
            return new long[] {
                Long.parseLong(f[11]),
                Long.parseLong(f[12]),
                Long.parseLong(f[13]),
                Long.parseLong(f[14]),
                Long.parseLong(f[1])
            };
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }
}
