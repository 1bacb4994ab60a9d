package dev.unrip.bench;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Kafka's own performance tools (org.apache.kafka:kafka-tools, the broker's version), each run
 * as a child JVM on this module's class path against the stack's broker, with our real record
 * values as payload (--payload-file: one real value per line, picked at random per record).
 */
final class BrokerTools {

    record Result(String tool, String what, double recordsPerSec, double mbPerSec, String detail, String command) {}

    private static final Pattern PRODUCER = Pattern.compile(
            "(\\d+) records sent, ([0-9.]+) records/sec \\(([0-9.]+) MB/sec\\), ([0-9.]+) ms avg latency, ([0-9.]+) ms max latency, "
                    + "(\\d+) ms 50th, (\\d+) ms 95th, (\\d+) ms 99th");

    static Result producer(String bootstrap, String topic, Path payloadFile, long records, Path log)
            throws IOException, InterruptedException {
        List<String> args = List.of(
                "org.apache.kafka.tools.ProducerPerformance",
                "--topic",
                topic,
                "--num-records",
                Long.toString(records),
                "--throughput",
                "-1",
                "--payload-file",
                payloadFile.toString(),
                "--producer-props",
                "bootstrap.servers=" + bootstrap,
                "acks=all");
        String out = run(args, log);
        Matcher m = null;
        for (String line : out.split("\n")) {
            Matcher candidate = PRODUCER.matcher(line);
            if (candidate.find()) {
                m = candidate;
            }
        }
        if (m == null) {
            throw new IOException("ProducerPerformance printed no summary; see " + log);
        }
        return new Result(
                "ProducerPerformance",
                topic,
                Double.parseDouble(m.group(2)),
                Double.parseDouble(m.group(3)),
                String.format(
                        "acks=all, send latency avg %s ms, p50 %s, p99 %s ms", m.group(4), m.group(6), m.group(8)),
                String.join(" ", args));
    }

    static Result consumer(String bootstrap, String topic, long records, Path log)
            throws IOException, InterruptedException {
        List<String> args = List.of(
                "org.apache.kafka.tools.ConsumerPerformance",
                "--bootstrap-server",
                bootstrap,
                "--topic",
                topic,
                "--messages",
                Long.toString(records),
                "--timeout",
                "20000",
                "--group",
                "bench-perf-" + topic);
        String out = run(args, log);
        String[] header = null;
        String[] values = null;
        for (String line : out.split("\n")) {
            if (line.startsWith("start.time")) {
                header = line.split(",\\s*");
            } else if (header != null && line.split(",\\s*").length == header.length && values == null) {
                values = line.split(",\\s*");
            }
        }
        if (header == null || values == null) {
            throw new IOException("ConsumerPerformance printed no summary; see " + log);
        }
        double fetchMsgs = Double.parseDouble(values[index(header, "fetch.nMsg.sec")]);
        double fetchMb = Double.parseDouble(values[index(header, "fetch.MB.sec")]);
        double overall = Double.parseDouble(values[index(header, "nMsg.sec")]);
        return new Result(
                "ConsumerPerformance",
                topic,
                fetchMsgs,
                fetchMb,
                String.format("fetch rate (after the group join); %.0f rec/s including the join", overall),
                String.join(" ", args));
    }

    private static int index(String[] header, String name) {
        for (int i = 0; i < header.length; i++) {
            if (header[i].trim().equals(name)) {
                return i;
            }
        }
        throw new IllegalStateException("no column " + name);
    }

    private static String run(List<String> args, Path log) throws IOException, InterruptedException {
        List<String> cmd = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xms256m",
                "-Xmx512m",
                "-cp",
                System.getProperty("java.class.path")));
        cmd.addAll(args);
        Process p = new ProcessBuilder(cmd)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start();
        if (!p.waitFor(180, TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new IOException(args.get(0) + " did not finish in 180 s; see " + log);
        }
        String out = Files.readString(log, StandardCharsets.UTF_8);
        if (p.exitValue() != 0) {
            throw new IOException(args.get(0) + " exited " + p.exitValue() + "; see " + log);
        }
        return out;
    }
}
