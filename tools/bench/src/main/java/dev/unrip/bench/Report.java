package dev.unrip.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Writes {@link #FILE}, the record of the last run: what was measured and how, the machine and
 * versions, the final table and the console output. The whole file is rewritten by every complete
 * run; the analysis, written by hand, is in docs/benchmarks.md, which links to it.
 */
final class Report {

    /** The generated file, relative to the repository. */
    static final String FILE = "docs/benchmarks-last-run.md";

    static void write(Path repo, Results results, List<String> console, List<String> table) throws IOException {
        StringBuilder b = new StringBuilder();
        b.append("# Benchmarks: the last run\n\n");
        b.append(
                        "`make bench` (module `tools/bench`) is a benchmark harness, not a test: it starts a private local stack with the\n")
                .append(
                        "launcher of `make run` (Kafka KRaft, PostgreSQL 17, the relay simulator and every route group as its own process;\n")
                .append(
                        "free ports, state under `tools/bench/target/bench-state/`), measures, prints progress and a final table, and\n")
                .append(
                        "rewrites this file with the run. It runs unattended; nothing of it runs in `make test`. The analysis of the\n")
                .append("runs, written by hand, is in [benchmarks.md](benchmarks.md).\n\n");
        b.append("## How each figure is measured\n\n");
        b.append("""
                - **Latency** (ours and the baseline): end to end = the `exec.trade_result` record's Kafka timestamp (the
                  executor's send time) minus the envelope's `observed_at` (when the ingest read the frame off the socket;
                  for the baseline, when the harness produced the raw record). Hops are differences of record timestamps
                  of the records linked by causation ids (raw `ce_id` ← norm `causation_id`, norm id ← command
                  `causation_id`, command id ← result `causation_id`): ingest = raw − observed, normalize = norm − raw,
                  react = cmd − norm, execute = result − cmd. All in milliseconds, at millisecond resolution (the
                  envelope times and the record timestamps are milliseconds); `*` marks a p99.9 over fewer than 1,000
                  samples (then it is the maximum). Only the allow-listed pairs (about 86 % of the simulator's quotes)
                  become commands and results.
                - **Offered rates**: the relay simulator pushes quote requests at a fixed rate (`POST /control/quotes`
                  `{"count","rate"}`) over the WebSocket to the ingest: 100/s, 500/s for the target's duration, 1,000/s,
                  then higher while the previous step was sustainable; when 100/s is not, 50/s, 25/s, 10/s until one
                  is. Sustainable = no result more than 3 s behind during the step (else the step is stopped early),
                  the backlog drained within 3 s of the step's end, p99 ≤ 1 s, ≤ 1 % of commands expired, ≥ 98 % of
                  the pushed frames on the raw topic. Between steps the harness waits until no record moved on the
                  norm, cmd and result topics for 2 s. One step between the highest sustainable rate and the first
                  failure is added when they are far apart. The baseline runs the same ladder (500/s only if it
                  sustained 100/s), plus the highest rate ours sustained.
                - **Stage throughput** on backlogs, each capped in time (the rate is over what got through):
                  *executor* = a backlog of valid commands (expiry 20 min ahead, so every one is executed) on
                  `cmd.execute_trade`, produced while the running executor (warm from the latency steps) works through
                  it in **paper mode** (builds and signs the quote, no relay round trip) with its PostgreSQL idempotency
                  and state machine, no profiler attached, trade-results stopped meanwhile; then JFR is primed, a second
                  backlog lets the JIT recompile, and a third is profiled (its rate is printed: what JFR costs);
                  *ingest* = a burst of quotes pushed by the simulator at once, with normalize, reactor and executor
                  stopped (nothing reads the raw topic meanwhile), raw records per second; *normalize* = a backlog of
                  valid raw records (the simulator's generator, framed as it frames them, with the ingest's headers)
                  produced first, then one more normalize instance of the same application (own consumer group, own
                  output topic) started on it, every other service stopped; its output in time order is read in three
                  parts: the first warms the JIT up, the rate is over the second (no profiler attached), the profile
                  over the third. The plain normalize loop reads the same records and is measured over the same
                  second part. Rates are over the last 80 % of the records of their part.
                - **Resident memory**: `VmRSS` of `/proc/<pid>/status` of every service process, sampled every 500 ms,
                  maximum under load (warm-up, latency steps, ingest burst, executor backlog); samples taken while JFR
                  is attached to a process do not count.
                - **Broker limit**: `org.apache.kafka.tools.ProducerPerformance` / `ConsumerPerformance` from
                  `kafka-tools` at the broker's version, as child JVMs against the same broker, with our real raw and
                  norm record values as the payload file (`--payload-file`), `acks=all`, 6 partitions; the consumer
                  figure is the fetch rate after the group join.
                - **Baseline**: plain Kafka consumer → producer loops (normalize, react, execute; one thread each in one
                  JVM with the services' JVM flags) doing the same JSON work (same schemas, the same networknt validator
                  as `camel-json-validator`, the same mapping and number of parses, the same serialization), the same
                  producer settings (acks=all, idempotent, linger 0) and the executor's same durable work per poll
                  (the idempotent-repository statements and RECEIVED in one transaction, sign, EXECUTING in a second,
                  SUCCEEDED in a third: three PostgreSQL commits per batch, as ours), at-least-once the plain-client
                  way: send a poll's results, flush, commit.
                - **Warm-up**: before its latency steps each side is offered 200 quotes/s for at least 60 s, and on
                  until the JIT compilers of its JVMs (C1/C2 compiler threads, from `/proc/<pid>/task`) use less than
                  0.05 cores over 10 s (at most 180 s for ours, 120 s for the plain chain). Seven JVMs share two
                  cores: in the first minute their compilers take about one core, and a step inside that window
                  measures the JIT rather than the pipeline.
                - **CPU during each step**: utime + stime of every process of the chain (route groups, simulator,
                  broker, PostgreSQL with its backends, the harness) over the step's offered window, in cores, with
                  the share of the JIT compilers; the total says how close to the two cores the machine was.
                - **Profiles**: JFR (its profile settings, Java samples every 2 ms) started and stopped with `jcmd`
                  on the live process (normalize instance on its backlog, executor on its backlog), after one
                  throwaway recording (the first JFR recording of a JVM deoptimizes its compiled code: on the warm
                  executor it doubled the CPU and put signing at 73 % of the samples for about half a minute; a
                  second recording did neither); each execution sample charged to the library of its innermost
                  frame that belongs to one (JDK frames go to their caller); the process's CPU time from
                  `/proc/<pid>/stat` over the same window (cores used, CPU per item).
                - **Probes**, for reading the rest: one record at a time to the broker (send, wait for the ack), a
                  one-row PostgreSQL insert and commit, an Ed25519 signature, each 300 times, at the start and (broker,
                  database) again after the services stopped.
                - **Noise**: two cores shared by every process of the stack, the harness itself and whatever else runs
                  on the machine (other engineers' builds and tests). Every comparison is against a baseline measured
                  in the same run. Between runs on this machine the figures have moved by a factor of two and more
                  (the probes too); the shape has not.

                """);
        b.append("## Last run\n\n");
        b.append("- date: ")
                .append(ZonedDateTime.now(ZoneOffset.UTC).format(DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm 'UTC'")))
                .append('\n');
        b.append("- command: `make bench` (")
                .append(Boolean.getBoolean("bench.quick") ? "quick mode, shortened" : "full")
                .append("), runtime ")
                .append(results.runtimeSeconds / 60)
                .append(" min ")
                .append(results.runtimeSeconds % 60)
                .append(" s (harness only; `make build` before it when sources changed)\n");
        b.append("- commit: ")
                .append(exec(repo, "git", "rev-parse", "--short", "HEAD"))
                .append(
                        exec(repo, "git", "status", "--porcelain", "--", ".", ":!" + FILE)
                                        .isBlank()
                                ? ""
                                : " (with uncommitted changes)")
                .append('\n');
        b.append("- machine: ")
                .append(Runtime.getRuntime().availableProcessors())
                .append(" cores (`nproc`), ")
                .append(cpuModel())
                .append(", ")
                .append(memTotal())
                .append(" memory, Linux ")
                .append(System.getProperty("os.version"))
                .append('\n');
        b.append("- machine load at the start: ")
                .append(results.loadStart)
                .append("; at the end: ")
                .append(results.loadEnd)
                .append(
                        " (CPU pressure = share of time some runnable task waited for a core, over 10 s / 60 s / 300 s)\n");
        b.append("- java: ").append(javaVersion().replace("\n", "; ")).append('\n');
        b.append("- versions: ").append(versions(repo)).append("\n\n");
        b.append("## Results\n\n```text\n");
        table.forEach(l -> b.append(l.replaceFirst("^\\[\\d\\d:\\d\\d\\] ", "")).append('\n'));
        b.append("```\n\n## Console output of the run\n\n```text\n");
        console.forEach(l -> b.append(l).append('\n'));
        b.append("```\n");
        Files.writeString(repo.resolve(FILE), b.toString(), StandardCharsets.UTF_8);
    }

    static String versions(Path repo) {
        try {
            String pom = Files.readString(repo.resolve("pom.xml"));
            String camel = "?";
            Path lib = repo.resolve("routes/near-intents/normalize/target/quarkus-app/lib/main");
            if (Files.isDirectory(lib)) {
                try (Stream<Path> jars = Files.list(lib)) {
                    camel = jars.map(p -> p.getFileName().toString())
                            .filter(n -> n.startsWith("org.apache.camel.camel-kafka-"))
                            .map(n -> n.replace("org.apache.camel.camel-kafka-", "")
                                    .replace(".jar", ""))
                            .findFirst()
                            .orElse("?");
                }
            }
            return "Quarkus platform / Camel Quarkus " + prop(pom, "quarkus.platform.version") + ", Camel " + camel
                    + ", Kafka broker and clients " + prop(pom, "kafka.version") + " (KRaft, one node), PostgreSQL "
                    + prop(pom, "postgres-binaries.version")
                    + " (fsync on, synchronous_commit on), networknt json-schema-validator "
                    + prop(pom, "networknt.version");
        } catch (IOException e) {
            return "(pom.xml unreadable: " + e.getMessage() + ")";
        }
    }

    static String prop(String pom, String name) {
        Matcher m = Pattern.compile("<" + Pattern.quote(name) + ">([^<]+)</").matcher(pom);
        return m.find() ? m.group(1) : "?";
    }

    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
                    .filter(l -> l.startsWith("model name"))
                    .map(l -> l.substring(l.indexOf(':') + 1).trim())
                    .findFirst()
                    .orElse("unknown CPU");
        } catch (IOException e) {
            return "unknown CPU";
        }
    }

    static String memTotal() {
        try {
            return Files.readAllLines(Path.of("/proc/meminfo")).stream()
                    .filter(l -> l.startsWith("MemTotal"))
                    .map(l -> String.format("%.1f GiB", Long.parseLong(l.replaceAll("[^0-9]", "")) / 1024.0 / 1024.0))
                    .findFirst()
                    .orElse("?");
        } catch (IOException e) {
            return "?";
        }
    }

    /** Load average and CPU pressure (PSI: share of time some task waited for a CPU, last 10 s / 60 s / 300 s). */
    static String loadAverage() {
        String out;
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg")).split(" ");
            out = "load " + f[0] + " " + f[1] + " " + f[2];
        } catch (IOException e) {
            out = "load ?";
        }
        try {
            String psi = Files.readAllLines(Path.of("/proc/pressure/cpu")).get(0);
            out += ", CPU pressure " + Tailer.between(psi + " ", "avg10=", " ") + " % / "
                    + Tailer.between(psi + " ", "avg60=", " ") + " % / " + Tailer.between(psi + " ", "avg300=", " ")
                    + " %";
        } catch (IOException | RuntimeException e) {
            // no PSI on this kernel
        }
        return out;
    }

    static String javaVersion() {
        return exec(
                Path.of("."),
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-version");
    }

    static String exec(Path dir, String... command) {
        try {
            Process p = new ProcessBuilder(command)
                    .directory(dir.toFile())
                    .redirectErrorStream(true)
                    .start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).trim();
            p.waitFor(30, TimeUnit.SECONDS);
            return out;
        } catch (IOException e) {
            return "?";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "?";
        }
    }
}
