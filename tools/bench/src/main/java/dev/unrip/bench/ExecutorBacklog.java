package dev.unrip.bench;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.unrip.contracts.CloudEventHeaders;
import dev.unrip.contracts.EventTime;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.apache.kafka.clients.producer.ProducerRecord;

/**
 * Executor commands/s on a backlog of valid commands: ours (the running, warm executor in paper
 * mode on cmd.execute_trade, trade-results stopped meanwhile; then its CPU profile on further
 * backlogs), and the plain execute loop alone on a backlog of the same size.
 */
final class ExecutorBacklog {

    static final int COMMANDS = Harness.QUICK ? 5_000 : 20_000;

    private ExecutorBacklog() {}

    static void ours(Harness run) throws Exception {
        Results results = run.results;
        Stage.Topics ours = Stage.Topics.OURS;
        run.say("executor: stopping trade-results, so the executor has the machine to itself ...");
        run.stack.stopService("trade-results");
        List<PlainHops.Out> commands = validCommands(new Frames(9002), COMMANDS);
        if (Double.isNaN(results.cmdSizes)) {
            results.cmdSizes =
                    commands.stream().mapToInt(c -> c.value().length).average().orElse(Double.NaN);
        }
        Set<String> ids = ids(commands);
        run.rss.phase("executor-backlog");
        try (Tailer tailer = new Tailer(run.bootstrap(), List.of(ours.exec()), 0)) {
            // The running (warm) executor works through the backlog about as fast as it is produced.
            // The rate is taken without JFR. Then JFR is primed (Profile.prime: its first recording
            // deoptimizes the process, and its buffers stay, so resident memory stops counting), a
            // second backlog lets the JIT recompile, and the profile is taken on a third; its rate is
            // printed beside it (what the recording itself costs).
            long pid = run.stack.service("near-intents-execute").process().pid().orElseThrow();
            run.say("executor: producing " + commands.size()
                    + " valid commands (expiry 20 min ahead) to cmd.execute_trade ...");
            Kafka.produce(run.bootstrap(), ours.cmd(), commands);
            Waits.awaitOrCap(Harness.BACKLOG_CAP_SECONDS, () -> tailer.count(ours.exec()) >= commands.size());
            run.rss.profiled("near-intents-execute");
            Profile.prime(pid);
            List<PlainHops.Out> rewarm = validCommands(new Frames(9006), COMMANDS / 2);
            run.say("executor: JFR primed; " + rewarm.size() + " more commands while the JIT recompiles ...");
            Kafka.produce(run.bootstrap(), ours.cmd(), rewarm);
            Waits.awaitOrCap(
                    Harness.BACKLOG_CAP_SECONDS, () -> tailer.count(ours.exec()) >= commands.size() + rewarm.size());
            List<PlainHops.Out> profiled = validCommands(new Frames(9005), COMMANDS / 2);
            int before = tailer.count(ours.exec());
            Profile.Running profile = Profile.start(pid, "bench");
            run.say("executor: profiling it on " + profiled.size() + " more commands ...");
            Kafka.produce(run.bootstrap(), ours.cmd(), profiled);
            Waits.awaitOrCap(Harness.BACKLOG_CAP_SECONDS, () -> tailer.count(ours.exec()) >= before + profiled.size());
            results.executorProfile =
                    Profile.stop(profile, run.state.resolve("executor.jfr"), "near-intents-execute (paper mode)");
            results.executorProfileCommands = profiled.size();
            Set<String> profiledIds = ids(profiled);
            results.executorProfiledPerSec = Rates.steady(tailer.records(ours.exec()).stream()
                    .filter(s -> profiledIds.contains(s.causation()))
                    .toList());
            List<Tailer.Seen> out = tailer.records(ours.exec()).stream()
                    .filter(s -> ids.contains(s.causation()))
                    .toList();
            long ok = out.stream().filter(s -> "SUCCEEDED".equals(s.status())).count();
            results.executorPerSec = Rates.steady(out);
            results.executorDone = out.size();
            results.executorOffered = commands.size();
            run.say(String.format(
                    "  executor: %d of %d commands executed within %d s (%d SUCCEEDED, paper mode), %.0f commands/s steady (last 80%%)",
                    out.size(), commands.size(), Harness.BACKLOG_CAP_SECONDS, ok, results.executorPerSec));
            results.executorProfile.lines().forEach(l -> run.say("  " + l));
        }
    }

    /** The plain execute loop alone, started on a backlog already produced. */
    static void plain(Harness run) throws Exception {
        List<PlainHops.Out> commands = validCommands(new Frames(9004), COMMANDS);
        Kafka.produce(run.bootstrap(), "bench.plain.backlog.cmd", commands);
        run.say("plain: execute loop alone on a backlog of " + commands.size() + " commands ...");
        try (Tailer tailer = new Tailer(run.bootstrap(), List.of("bench.plain.backlog.exec"), 0);
                ChildJvm execute =
                        ChildJvm.plainLoop(run, "execute", "bench.plain.backlog.cmd", "bench.plain.backlog.exec")) {
            Waits.awaitOrCap(
                    Harness.BACKLOG_CAP_SECONDS, () -> tailer.count("bench.plain.backlog.exec") >= commands.size());
            execute.close();
            run.results.plainExecutorPerSec = Rates.steady(tailer.records("bench.plain.backlog.exec"));
            run.results.plainExecutorSteps = execute.steps();
            run.say(String.format(
                    "  plain execute: %d of %d commands, %.0f commands/s steady; mean per command: %s",
                    tailer.count("bench.plain.backlog.exec"),
                    commands.size(),
                    run.results.plainExecutorPerSec,
                    run.results.plainExecutorSteps));
        }
    }

    private static Set<String> ids(List<PlainHops.Out> commands) {
        Set<String> ids = new HashSet<>();
        commands.forEach(c -> ids.add(c.headers().get(CloudEventHeaders.ID).toString()));
        return ids;
    }

    /** Valid commands with their expiry far ahead (so the executor executes every one), built by the baseline's own reactor mapping. */
    static List<PlainHops.Out> validCommands(Frames frames, int n) throws Exception {
        PlainHops hops = new PlainHops();
        List<PlainHops.Out> out = new ArrayList<>(n);
        Instant expires = Instant.now().plus(Duration.ofMinutes(20));
        for (long seq = 0; out.size() < n; seq++) {
            ProducerRecord<String, byte[]> raw = Frames.rawRecord("x", frames.frame(seq), Instant.now());
            PlainHops.Out norm = hops.normalize(raw.value(), raw.headers());
            PlainHops.Out cmd = hops.react(norm.value(), true);
            if (cmd == null) {
                continue;
            }
            ObjectNode command = (ObjectNode) PlainHops.JSON.readTree(cmd.value());
            ObjectNode payload = (ObjectNode) command.path("payload");
            payload.put("expires_at", EventTime.format(expires));
            ((ObjectNode) payload.path("action")).put("quote_deadline", EventTime.format(expires.plusSeconds(130)));
            byte[] value = PlainHops.JSON.writeValueAsBytes(command);
            PlainHops.validate(hops.executeTrade, value);
            out.add(new PlainHops.Out(cmd.key(), value, CloudEventHeaders.mirror(command)));
        }
        return out;
    }
}
